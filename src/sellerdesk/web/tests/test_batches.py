import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from sellerdesk.core import clock
from sellerdesk.core.tests.pdf_pages import pdf_barcodes, pdf_pages
from sellerdesk.fulfillment.models import PickBatch, PickBatchOrder, ShopProfile
from sellerdesk.orders.models import Fulfillment, OrderEvent, OrderEventKind, Shipment
from sellerdesk.orders.tests.factories import OrderFactory, OrderLineFactory

pytestmark = pytest.mark.django_db


def due_in(hours: float, **fields):
    order = OrderFactory(latest_ship_at=clock.now() + dt.timedelta(hours=hours), **fields)
    OrderLineFactory(order=order)
    return order


def test_the_queue_offers_a_box_per_order_and_batches_the_ticked_ones(signed_in):
    first, second, _ = due_in(2), due_in(3), due_in(4)
    page = signed_in.get(reverse("web:to_ship")).content.decode()
    assert f'name="orders" value="{first.pk}" form="batch-form"' in page

    response = signed_in.post(reverse("web:batch_create"), {"orders": [second.pk, first.pk]})

    batch = PickBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("web:batch_detail", args=[batch.pk])
    assert list(batch.entries.values_list("order_id", flat=True)) == [second.pk, first.pk]
    page = signed_in.get(reverse("web:to_ship")).content.decode()
    assert f'title="In open batch {batch.pk}">B{batch.pk}</a>' in page


def test_everything_due_today_is_batched_in_one_click(signed_in, settings):
    settings.SELLERDESK_TIME_ZONE = "UTC"
    with clock.pinned(dt.datetime(2025, 6, 11, 9, 0, tzinfo=dt.UTC)):
        late, tonight, tomorrow = due_in(-2), due_in(10), due_in(20)
        signed_in.post(reverse("web:batch_create"), {"due_today": "on"})
        response = signed_in.post(reverse("web:batch_create"), {"due_today": "on"}, follow=True)

    batched = set(PickBatchOrder.objects.values_list("order_id", flat=True))
    assert batched == {late.pk, tonight.pk}
    assert tomorrow.pk not in batched
    assert "Every order due today is already in a batch." in response.content.decode()


@pytest.mark.parametrize(
    ("post", "message"),
    [
        ({}, "Tick the orders to batch, or batch everything due today."),
        ({"orders": ["x"]}, "Order ids are whole numbers; reload the page."),
    ],
)
def test_a_bad_choice_returns_to_the_queue_saying_why(signed_in, post, message):
    response = signed_in.post(reverse("web:batch_create"), post, follow=True)
    assert response.redirect_chain[-1][0] == reverse("web:to_ship")
    assert message in response.content.decode()
    assert not PickBatch.objects.exists()


def test_a_refused_order_is_named_and_nothing_is_batched(signed_in):
    fba = due_in(2, fulfillment=Fulfillment.AMAZON)
    response = signed_in.post(reverse("web:batch_create"), {"orders": [fba.pk]}, follow=True)
    assert fba.external_id in response.content.decode()
    assert not PickBatch.objects.exists()


def test_the_batch_page_offers_both_documents_as_pdf_and_marks_picked(signed_in):
    order = due_in(2)
    signed_in.post(reverse("web:batch_create"), {"orders": [order.pk]})
    batch = PickBatch.objects.get()

    page = signed_in.get(reverse("web:batch_detail", args=[batch.pk])).content.decode()
    pick = signed_in.get(reverse("web:batch_pick_list", args=[batch.pk]))
    slips = signed_in.get(reverse("web:batch_packing_slips", args=[batch.pk]))

    assert "set them in Settings" in page
    assert reverse("web:batch_pick_list", args=[batch.pk]) in page
    assert pick["Content-Type"] == slips["Content-Type"] == "application/pdf"
    assert f'filename="pick-list-batch-{batch.pk}.pdf"' in pick["Content-Disposition"]
    assert order.external_id in pdf_pages(pick.content)[0]
    assert order.external_id in pdf_pages(slips.content)[0]

    signed_in.post(reverse("web:batch_picked", args=[batch.pk]))
    assert OrderEvent.objects.filter(order=order, kind=OrderEventKind.PICKED).exists()
    signed_in.post(reverse("web:batch_close", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.closed_at is not None
    assert "Pick batches" in signed_in.get(reverse("web:batches")).content.decode()


def png(size=(60, 20)) -> bytes:
    data = io.BytesIO()
    Image.new("RGB", size, "teal").save(data, "PNG")
    return data.getvalue()


SHOP = {
    "shop-shop_name": "Wren & Wire",
    "shop-address_line1": "4 Forge Lane",
    "shop-city": "Bath",
    "shop-postal_code": "BA1 1AA",
    "shop-country_code": "gb",
}


def test_the_shop_details_and_logo_are_saved_from_settings(signed_in):
    logo = SimpleUploadedFile("logo.png", png(), content_type="image/png")
    response = signed_in.post(reverse("web:shop_profile"), {**SHOP, "shop-logo_file": logo})

    assert response.status_code == 302
    shop = ShopProfile.objects.get()
    assert (shop.shop_name, shop.country_code, shop.logo_type) == ("Wren & Wire", "GB", "image/png")
    assert bytes(shop.logo) == png()
    page = signed_in.get(reverse("web:settings")).content.decode()
    assert 'src="data:image/png;base64,' in page

    signed_in.post(reverse("web:shop_profile"), {**SHOP, "shop-remove_logo": "on"})
    assert bytes(ShopProfile.objects.get().logo) == b""


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (b"not an image", "That file is not a PNG or JPEG image."),
        (b"GIF89a" + b"\x00" * 20, "That file is not a PNG or JPEG image."),
    ],
)
def test_a_logo_that_is_not_a_png_or_jpeg_is_refused(signed_in, upload, message):
    logo = SimpleUploadedFile("logo.gif", upload)
    response = signed_in.post(reverse("web:shop_profile"), {**SHOP, "shop-logo_file": logo})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ShopProfile.objects.exists()


def test_a_gif_logo_is_refused_by_its_kind(signed_in):
    data = io.BytesIO()
    Image.new("RGB", (10, 10)).save(data, "GIF")
    logo = SimpleUploadedFile("logo.gif", data.getvalue())
    response = signed_in.post(reverse("web:shop_profile"), {**SHOP, "shop-logo_file": logo})
    assert "The logo is GIF; save it as PNG or JPEG." in response.content.decode()


@pytest.mark.parametrize(
    ("code", "message"),
    [("U1", "Two letters, as US, GB or DE."), ("uk", "For the United Kingdom, write GB.")],
)
def test_a_shop_without_a_country_code_is_refused(signed_in, code, message):
    response = signed_in.post(reverse("web:shop_profile"), {**SHOP, "shop-country_code": code})
    assert response.status_code == 400
    assert message in response.content.decode()


def test_the_batch_labels_come_as_one_pdf_or_one_zpl_file(signed_in):
    shipped = due_in(2)
    signed_in.post(reverse("web:batch_create"), {"orders": [shipped.pk]})
    batch = PickBatch.objects.get()
    Shipment.objects.create(
        order=shipped,
        shipped_at=clock.now(),
        carrier="UPS",
        tracking_number="1Z999AA10123456784",
        created_by="maker",
    )

    pdf = signed_in.get(reverse("web:batch_labels", args=[batch.pk, "pdf"]))
    zpl = signed_in.get(reverse("web:batch_labels", args=[batch.pk, "zpl"]))

    assert pdf_barcodes(pdf.content) == [[("Code128", "1Z999AA10123456784")]]
    assert zpl["Content-Disposition"] == f'attachment; filename="labels-batch-{batch.pk}.zpl"'
    assert zpl.content.decode().count("^XA") == 1
    assert signed_in.get(reverse("web:batch_labels", args=[batch.pk, "png"])).status_code == 404


def test_the_batch_page_shows_each_orders_ship_by_late_ones_flagged_and_asks_before_closing(
    signed_in,
):
    late, calculated = due_in(-3), OrderFactory(latest_ship_at=None)
    OrderLineFactory(order=calculated)
    signed_in.post(reverse("web:batch_create"), {"orders": [late.pk, calculated.pk]})
    batch = PickBatch.objects.get()

    page = signed_in.get(reverse("web:batch_detail", args=[batch.pk])).content.decode()

    assert page.count('<span class="badge badge-danger">late</span>') == 1
    assert ">calculated<" not in page
    assert f'data-confirm="Close batch {batch.pk}?' in page
    assert signed_in.get(reverse("web:batch_labels", args=[batch.pk, "zpl"])).status_code == 404
