"""Buying a label from Amazon for an order, shipping with it, and voiding it: the product's
path through Buy Shipping, against the loopback sandbox."""

import base64
import copy
import datetime as dt
import gzip
import io
import json
from decimal import Decimal

import pypdfium2 as pdfium
import pytest
from django.test import Client
from django.urls import reverse

from sellerdesk.channels.amazon.buy_shipping import AmazonBuyShipping
from sellerdesk.channels.amazon.sync import sync_marketplace
from sellerdesk.core import clock
from sellerdesk.core.errors import DomainError
from sellerdesk.core.money import Money
from sellerdesk.core.tests.pdf_pages import pdf_barcodes, pdf_image_count
from sellerdesk.fulfillment.carriers import LabelRequest, Parcel
from sellerdesk.fulfillment.documents.labels import Label, labels_pdf
from sellerdesk.fulfillment.models import ShippingLabel, ShopProfile
from sellerdesk.fulfillment.services import (
    Package,
    relabel_shipment,
    set_packing_settings,
    ship_with_label,
    void_label,
)
from sellerdesk.orders import domain, services
from sellerdesk.orders.models import OrderEvent, Shipment

from .sync_shop import MODELS, NO_MODELS, requests_to

pytestmark = [pytest.mark.django_db, pytest.mark.skipif(not MODELS.is_dir(), reason=NO_MODELS)]

TRACKING = "1Z17E2100217295733"


def carrier_png() -> bytes:
    """A carrier's 4x6 label as the PNG Amazon sends: drawn here, then rasterised."""
    label = Label(["Wren & Wire"], ["Ada Lovelace"], "UPS", "2nd Day Air", TRACKING, "114-20")
    page = pdfium.PdfDocument(labels_pdf([label]))[0]
    image = io.BytesIO()
    page.render(scale=203 / 72).to_pil().save(image, "PNG")
    return image.getvalue()


LABEL_PNG = carrier_png()
PARCEL = Parcel(Decimal("9"), Decimal("6"), Decimal("2"), "inches", Decimal("5.5"), "oz")


def official(sandbox, operation: str) -> dict:
    example = next(e for e in sandbox.examples if e.operation == operation and e.status == 200)
    return copy.deepcopy(example.response)


@pytest.fixture
def shop(db):
    return ShopProfile.objects.create(
        shop_name="Wren & Wire", address_line1="120 Foundry Street", city="Portland", region="OR",
        postal_code="97209", country_code="US", phone="5035550100", email="hi@wren.example",
    )  # fmt: skip


@pytest.fixture
def order(amazon, actor):
    now = clock.now()
    data = domain.OrderData(
        channel="amazon", marketplace="US", external_id="114-0000020-0000020",
        status=domain.UNSHIPPED, fulfillment=domain.SELLER, purchased_at=now - dt.timedelta(hours=3),
        last_updated_at=now - dt.timedelta(hours=3), currency="USD",
        lines=[domain.LineData("50000000000020", "RING-SILVER-7", 1, Money(Decimal(20), "USD"))],
    )  # fmt: skip
    return services.record_order(data=data, actor=actor).order


@pytest.fixture
def amazon_sells(sandbox):
    """Amazon's own answers, for any parcel: its rates, and its label made readable (the
    example's bytes are cut short) as the PDF this shop asks for."""
    sandbox.add_example(
        "getEligibleShipmentServices", "POST", "/mfn/v0/eligibleShippingServices",
        parameters={}, response=official(sandbox, "getEligibleShipmentServices"),
    )  # fmt: skip
    bought = official(sandbox, "createShipment")
    bought["payload"]["Label"] = {
        "LabelFormat": "PNG",
        "FileContents": {
            "Contents": base64.b64encode(gzip.compress(LABEL_PNG)).decode(),
            "FileType": "image/png",
            "Checksum": "",
        },
        "Dimensions": {"Length": 6.0, "Width": 4.0, "Unit": "inches"},
    }
    sandbox.add_example(
        "createShipment", "POST", "/mfn/v0/shipments", parameters={}, response=bought
    )
    sandbox.add_example(
        "cancelShipment", "DELETE", "/mfn/v0/shipments/{shipmentId}",
        parameters={}, response=official(sandbox, "cancelShipment"),
    )  # fmt: skip


@pytest.mark.usefixtures("amazon_sells")
def test_rates_then_a_bought_label_ships_the_order_and_amazon_already_has_the_tracking(
    order, shop, actor, sandbox
):
    carrier = AmazonBuyShipping(shop)
    rates = carrier.rates(order, {}, PARCEL)
    assert [(rate.service_id, rate.amount) for rate in rates] == [
        ("UPS_PTP_2ND_DAY_AIR", Decimal("33.73")),
        ("UPS_PTP_NEXT_DAY_AIR_SAVER", Decimal("98.75")),
    ]

    shipment = ship_with_label(
        order=order,
        carrier=carrier,
        request=LabelRequest(parcel=PARCEL, rate=rates[0]),
        actor=actor,
    )

    assert (shipment.carrier, shipment.tracking_number) == ("UPS", "1Z17E2100217295733")
    assert shipment.ship_method == "UPS 2nd Day Air®"
    shipment.refresh_from_db()
    assert (shipment.channel_state, shipment.channel_reference) == ("confirmed", "label:amazon")
    label = ShippingLabel.objects.get()
    assert bytes(label.document) == LABEL_PNG
    assert OrderEvent.objects.get(order=order, kind="label").message == (
        "Label bought (amazon): UPS 1Z17E2100217295733, $33.73"
    )
    assert (label.cost, label.currency, label.reference) == (
        Decimal("33.73"), "USD", "be7a0a53-00c3-4f6f-a63a-639f76ee9253",
    )  # fmt: skip
    sent = json.loads(requests_to(sandbox, "/mfn/v0/shipments", "POST")[-1]["body"])
    details = sent["ShipmentRequestDetails"]
    assert details["ItemList"] == [{"OrderItemId": "50000000000020", "Quantity": 1}]
    assert details["ShipFromAddress"]["Phone"] == "5035550100"
    assert details["ShippingServiceOptions"]["LabelFormat"] == "PNG"
    assert details["Weight"] == {"Value": 5.5, "Unit": "oz"}

    sandbox.requests.clear()
    sync_marketplace(marketplace="US")
    assert not requests_to(sandbox, "/orders/v0/orders/114-0000020-0000020", "POST")


@pytest.mark.usefixtures("amazon_sells")
def test_a_bought_label_is_voided_with_amazon_and_noted(order, shop, actor, sandbox):
    carrier = AmazonBuyShipping(shop)
    rate = carrier.rates(order, {}, PARCEL)[0]
    ship_with_label(
        order=order, carrier=carrier, request=LabelRequest(parcel=PARCEL, rate=rate), actor=actor
    )

    label = void_label(label=ShippingLabel.objects.get(), carrier=carrier, actor=actor)

    assert label.voided_at is not None
    cancelled = requests_to(
        sandbox, "/mfn/v0/shipments/be7a0a53-00c3-4f6f-a63a-639f76ee9253", "DELETE"
    )
    assert len(cancelled) == 1
    assert OrderEvent.objects.filter(order=order, kind="label", message__contains="voided").exists()
    with pytest.raises(DomainError, match="already voided"):
        void_label(label=label, carrier=carrier, actor=actor)


def test_amazon_needs_the_shops_phone_and_email_to_sell_a_label(order, shop):
    shop.phone = ""
    shop.save()
    with pytest.raises(DomainError, match="phone number and an email"):
        AmazonBuyShipping(shop).rates(order, {}, PARCEL)
    assert not Shipment.objects.exists()


PARCEL_POST = {
    "parcel-weight": "5.5", "parcel-weight_unit": "oz", "parcel-length": "9",
    "parcel-width": "6", "parcel-height": "2", "parcel-dimension_unit": "inches",
}  # fmt: skip


@pytest.fixture
def browser_user(django_user_model):
    # `client` here is the SP-API client (conftest): the seller's browser is Django's own.
    browser = Client()
    browser.force_login(django_user_model.objects.create_user("maker"))
    return browser


@pytest.mark.usefixtures("amazon_sells", "shop")
def test_on_the_order_page_rates_are_listed_a_label_bought_printed_and_voided(
    browser_user, order, sandbox
):
    page = browser_user.post(reverse("web:label_rates", args=[order.pk]), PARCEL_POST)
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count('<button type="submit" class="button button-primary">Buy</button>') == 2
    assert "$33.73" in html

    chosen = {
        **PARCEL_POST, "parcel-service_id": "UPS_PTP_2ND_DAY_AIR", "parcel-offer_id": "offer",
        "parcel-service_name": "UPS 2nd Day Air®", "parcel-carrier_name": "UPS®",
        "parcel-amount": "33.73", "parcel-currency": "USD",
    }  # fmt: skip
    bought = browser_user.post(reverse("web:label_buy", args=[order.pk]), chosen, follow=True)

    assert "Label bought: UPS 1Z17E2100217295733" in bought.content.decode()
    shipment = Shipment.objects.get()
    label = browser_user.get(reverse("web:shipment_label", args=[order.pk, shipment.pk, "pdf"]))
    # Amazon's own label, printed as it came, on a 4x6 page: its barcode still scans.
    assert pdf_image_count(label.content) == [1]
    assert pdf_barcodes(label.content) == [[("Code128", TRACKING)]]
    kept = ShippingLabel.objects.get()
    browser_user.post(reverse("web:label_void", args=[order.pk, kept.pk]))
    kept.refresh_from_db()
    assert kept.voided_at is not None
    assert requests_to(sandbox, "/mfn/v0/shipments/be7a0a53", "DELETE")


@pytest.mark.usefixtures("shop")
def test_a_parcel_without_its_weight_is_sent_back_with_the_field_named(browser_user, order):
    page = browser_user.post(
        reverse("web:label_rates", args=[order.pk]), {**PARCEL_POST, "parcel-weight": ""}
    )
    assert page.status_code == 400
    assert "This field is required." in page.content.decode()


def big_order(actor, quantity: int):
    now = clock.now()
    data = domain.OrderData(
        channel="amazon", marketplace="US", external_id="114-0000021-0000021",
        status=domain.UNSHIPPED, fulfillment=domain.SELLER, purchased_at=now - dt.timedelta(hours=3),
        last_updated_at=now - dt.timedelta(hours=3), currency="USD",
        lines=[domain.LineData("50000000000021", "RING-SILVER-7", quantity, Money(Decimal(20), "USD"))],
    )  # fmt: skip
    return services.record_order(data=data, actor=actor).order


@pytest.mark.usefixtures("amazon_sells")
def test_a_label_bought_for_a_parcel_that_then_cannot_ship_is_cancelled(
    amazon, shop, actor, sandbox
):
    order = big_order(actor, 11)  # ten on the shelf: shipping eleven fails after the purchase
    carrier = AmazonBuyShipping(shop)
    rate = carrier.rates(order, {}, PARCEL)[0]

    with pytest.raises(
        DomainError, match=r"Not enough stock.*The label bought for it was cancelled"
    ):
        ship_with_label(
            order=order,
            carrier=carrier,
            request=LabelRequest(parcel=PARCEL, rate=rate),
            actor=actor,
        )

    assert not Shipment.objects.exists()
    label = ShippingLabel.objects.get()
    assert (label.shipment, label.voided_at is not None, label.problem) == (None, True, "")
    assert requests_to(sandbox, "/mfn/v0/shipments/be7a0a53", "DELETE")


@pytest.mark.usefixtures("amazon_sells")
def test_a_label_that_cannot_be_cancelled_either_stays_on_the_order_to_be_voided(
    amazon, shop, actor, sandbox
):
    order = big_order(actor, 11)
    carrier = AmazonBuyShipping(shop)
    rate = carrier.rates(order, {}, PARCEL)[0]
    sandbox.fail_next(400, path_prefix="/mfn/v0/shipments/")

    with pytest.raises(DomainError, match="could not be cancelled: void it on this order's page"):
        ship_with_label(
            order=order,
            carrier=carrier,
            request=LabelRequest(parcel=PARCEL, rate=rate),
            actor=actor,
        )

    label = ShippingLabel.objects.get()
    assert label.voided_at is None
    assert label.problem.startswith(
        "Not used, and not cancelled: Amazon did not cancel the label: cancelShipment failed"
    )


@pytest.mark.usefixtures("amazon_sells")
def test_nothing_is_bought_for_an_order_that_may_not_ship(order, shop, actor, sandbox):
    set_packing_settings(require_scan=True)
    carrier = AmazonBuyShipping(shop)
    rate = carrier.rates(order, {}, PARCEL)[0]
    sandbox.requests.clear()

    with pytest.raises(DomainError, match="Scan every unit"):
        ship_with_label(
            order=order,
            carrier=carrier,
            request=LabelRequest(parcel=PARCEL, rate=rate),
            actor=actor,
        )

    assert not requests_to(sandbox, "/mfn/v0/shipments", "POST")


@pytest.mark.usefixtures("amazon_sells")
def test_no_answer_to_a_purchase_is_not_taken_for_a_refusal(order, shop, actor, sandbox):
    carrier = AmazonBuyShipping(shop)
    rate = carrier.rates(order, {}, PARCEL)[0]
    sandbox.fail_next(500, path_prefix="/mfn/v0/shipments")

    with pytest.raises(DomainError, match="did not answer whether it sold the label"):
        ship_with_label(
            order=order,
            carrier=carrier,
            request=LabelRequest(parcel=PARCEL, rate=rate),
            actor=actor,
        )
    assert len(requests_to(sandbox, "/mfn/v0/shipments", "POST")) == 1  # never bought twice


@pytest.mark.usefixtures("amazon_sells")
def test_a_bought_label_must_be_voided_before_a_new_one_and_a_voided_one_never_prints(
    order, shop, actor, browser_user
):
    carrier = AmazonBuyShipping(shop)
    rate = carrier.rates(order, {}, PARCEL)[0]
    shipment = ship_with_label(
        order=order, carrier=carrier, request=LabelRequest(parcel=PARCEL, rate=rate), actor=actor
    )
    new_label = Package("USPS", "9400111899223197428490", issued=True)
    url = reverse("web:shipment_label", args=[order.pk, shipment.pk, "zpl"])
    assert browser_user.get(url).status_code == 404  # bought as an image: no ZPL of it

    with pytest.raises(DomainError, match="void it first"):
        relabel_shipment(shipment=shipment, label=new_label, actor=actor)

    void_label(label=ShippingLabel.objects.get(), carrier=carrier, actor=actor)
    pdf_url = reverse("web:shipment_label", args=[order.pk, shipment.pk, "pdf"])
    assert browser_user.get(pdf_url).status_code == 404  # voided, not replaced yet
    relabel_shipment(shipment=shipment, label=new_label, actor=actor)
    assert pdf_barcodes(browser_user.get(pdf_url).content) == [
        [("Code128", "9400111899223197428490")]
    ]


@pytest.mark.usefixtures("amazon_sells")
def test_a_label_left_unused_is_shown_on_the_order_with_a_way_to_void_it(
    amazon, shop, actor, sandbox, browser_user
):
    order = big_order(actor, 11)
    carrier = AmazonBuyShipping(shop)
    rate = carrier.rates(order, {}, PARCEL)[0]
    sandbox.fail_next(400, path_prefix="/mfn/v0/shipments/")
    with pytest.raises(DomainError):
        ship_with_label(
            order=order,
            carrier=carrier,
            request=LabelRequest(parcel=PARCEL, rate=rate),
            actor=actor,
        )
    label = ShippingLabel.objects.get()

    page = browser_user.get(reverse("web:order_detail", args=[order.pk])).content.decode()
    assert "A label bought for this order (1Z17E2100217295733, $33.73) was not used" in page
    browser_user.post(reverse("web:label_void", args=[order.pk, label.pk]))

    label.refresh_from_db()
    assert label.voided_at is not None
    assert (
        "was not used"
        not in browser_user.get(reverse("web:order_detail", args=[order.pk])).content.decode()
    )
