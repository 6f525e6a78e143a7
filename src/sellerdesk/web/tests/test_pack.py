import pytest
from django.urls import reverse

from sellerdesk.catalog.models import Sku
from sellerdesk.fulfillment.models import PackingSettings, PackScan
from sellerdesk.orders.models import Fulfillment, OrderStatus
from sellerdesk.orders.tests.factories import OrderFactory, OrderLineFactory

from .conftest import HTMX

pytestmark = pytest.mark.django_db


@pytest.fixture
def order():
    order = OrderFactory()
    OrderLineFactory(
        order=order, sku__code="RING-5", sku__barcode="036000291452", quantity_ordered=2
    )
    return order


def scan(client, order, code, **extra):
    return client.post(reverse("web:order_pack_scan", args=[order.pk]), {"code": code}, **extra)


def test_the_pack_screen_lists_what_to_pack_with_the_scan_field_ready(signed_in, order):
    page = signed_in.get(reverse("web:order_pack", args=[order.pk])).content.decode()
    assert 'id="scan-code"' in page
    assert "autofocus" in page
    assert "RING-5" in page


def test_each_scan_answers_with_just_the_state_for_htmx_and_flags_a_wrong_item(signed_in, order):
    first = scan(signed_in, order, "036000291452", **HTMX)
    assert first.status_code == 200
    body = first.content.decode()
    assert body.startswith('<section class="panel" id="pack-state">')
    assert "RING-5: 1 of 2" in body

    wrong = scan(signed_in, order, "EARRING-3", **HTMX).content.decode()
    assert 'role="alert"' in wrong
    assert "Wrong item: EARRING-3 is not in this order." in wrong

    done = scan(signed_in, order, "ring-5", **HTMX).content.decode()
    assert 'id="pack-complete"' in done
    assert PackScan.objects.get().scanned == 2


def test_a_scan_without_htmx_renders_the_whole_page_and_start_again_clears(signed_in, order):
    page = scan(signed_in, order, "RING-5").content.decode()
    assert "<html" in page
    signed_in.post(reverse("web:order_pack_reset", args=[order.pk]))
    assert not PackScan.objects.exists()


def test_an_order_that_is_not_to_be_packed_has_no_pack_screen(signed_in):
    fba = OrderFactory(fulfillment=Fulfillment.AMAZON)
    shipped = OrderFactory(status=OrderStatus.SHIPPED)
    assert signed_in.get(reverse("web:order_pack", args=[fba.pk])).status_code == 404
    assert scan(signed_in, shipped, "X").status_code == 404


def test_the_full_scan_rule_is_set_in_settings(signed_in):
    signed_in.post(reverse("web:packing_settings"), {"packing-require_scan": "on"})
    assert PackingSettings.objects.get().require_scan
    page = signed_in.get(reverse("web:settings")).content.decode()
    assert 'id="id_packing-require_scan" checked' in page
    signed_in.post(reverse("web:packing_settings"), {})
    assert not PackingSettings.objects.get().require_scan


@pytest.mark.parametrize(
    ("typed", "stored", "message"),
    [
        ("0 36000 29145 2", "036000291452", "Barcode of RING-5 saved."),
        ("036000291453", "036000291452", "its check digit is 3, where the rest calls for 2"),
        ("", "", "Barcode of RING-5 saved."),
    ],
)
def test_a_skus_barcode_is_set_on_its_page_and_checked(signed_in, order, typed, stored, message):
    sku = Sku.objects.get(code="RING-5")
    response = signed_in.post(
        reverse("web:sku_barcode", args=[sku.pk]), {"barcode": typed}, follow=True
    )
    sku.refresh_from_db()
    assert sku.barcode == stored
    assert message in response.content.decode()


def test_a_barcode_on_another_sku_is_refused(signed_in, order):
    other = OrderLineFactory(sku__code="CHAIN-1").sku
    response = signed_in.post(
        reverse("web:sku_barcode", args=[other.pk]), {"barcode": "036000291452"}, follow=True
    )
    assert "036000291452 is already the barcode of RING-5." in response.content.decode()
    other.refresh_from_db()
    assert other.barcode == ""


def test_the_pack_screen_shows_each_items_name_engraving_and_gift_message(signed_in):
    order = OrderFactory()
    OrderLineFactory(
        order=order, title="Silver stacking ring", personalisation="L & B 2026",
        is_gift=True, gift_message="Happy anniversary",
    )  # fmt: skip
    page = signed_in.get(reverse("web:order_pack", args=[order.pk])).content.decode()
    assert "Silver stacking ring" in page
    assert "Personalisation: L &amp; B 2026" in page
    assert "Gift message: Happy anniversary" in page
