import io

import pytest
from PIL import Image

from sellerdesk.core.errors import DomainError
from sellerdesk.core.tests.pdf_pages import pdf_barcodes, pdf_image_count, pdf_pages
from sellerdesk.fulfillment.carriers import (
    LabelRequest,
    ManualCarrier,
    PrintedLabelCarrier,
    known_carrier,
)
from sellerdesk.fulfillment.documents.labels import Label, labels_pdf, labels_zpl, shipment_labels
from sellerdesk.fulfillment.models import ShippingLabel, ShopProfile
from sellerdesk.fulfillment.services import ship_with_label
from sellerdesk.inventory.services import Actor
from sellerdesk.inventory.tests.factories import LocationFactory, StockLevelFactory
from sellerdesk.orders.models import Shipment
from sellerdesk.orders.tests.factories import BuyerDetailsFactory, OrderFactory, OrderLineFactory

UPS_OK = "1Z999AA10123456784"
USPS_22 = "9400111899223197428490"


def label(tracking: str, **fields) -> Label:
    values = {
        "ship_from": ["Wren & Wire", "4 Forge Lane", "Bath BA1 1AA", "GB"],
        "ship_to": ["Zoë Ångström", "12 St James's Square", "London SW1Y 4JH", "GB"],
        "carrier": "UPS",
        "service": "Ground",
        "tracking_number": tracking,
        "reference": "111-0000001-0000001",
    }
    return Label(**{**values, **fields})


def test_each_label_is_a_4x6_page_whose_barcode_scans_as_its_tracking_number():
    content = labels_pdf([label(UPS_OK), label(USPS_22, carrier="USPS", service="Priority")])

    pages = pdf_pages(content)
    assert len(pages) == 2
    assert "Zoë Ångström" in pages[0]
    assert "4 Forge Lane" in pages[0]
    assert f"TRACKING # {UPS_OK}" in pages[0]
    assert "Order 111-0000001-0000001" in pages[0]
    assert pdf_barcodes(content) == [[("Code128", UPS_OK)], [("Code128", USPS_22)]]


def test_a_34_digit_number_still_fits_and_scans():
    long_number = "9622001900000000000000776632517150"
    assert pdf_barcodes(labels_pdf([label(long_number, carrier="FedEx")])) == [
        [("Code128", long_number)]
    ]


def test_zpl_labels_are_one_format_each_with_a_code128_of_the_number_and_escaped_text():
    zpl = labels_zpl([label(UPS_OK, service="Next_Day ^ Air"), label(USPS_22)])

    assert zpl.count("^XA") == zpl.count("^XZ") == 2
    assert "^CI28" in zpl  # UTF-8 text: Zoë prints as Zoë
    assert f"^BCN,180,N,N,N^FH^FD{UPS_OK}^FS" in zpl
    assert "^FH^FDZoë Ångström^FS" in zpl
    assert "Next_5FDay _5E Air" in zpl


@pytest.mark.django_db
def test_labels_come_from_shipments_with_a_tracking_number_and_the_shops_address():
    shop = ShopProfile.objects.create(
        shop_name="Wren & Wire",
        address_line1="4 Forge Lane",
        city="Bath",
        postal_code="BA1 1AA",
        country_code="GB",
    )
    order = OrderFactory(external_id="111-0000009-0000009")
    BuyerDetailsFactory(order=order, name="Ada Lovelace")
    tracked = Shipment.objects.create(
        order=order,
        shipped_at=order.purchased_at,
        carrier="UPS",
        tracking_number=UPS_OK,
        created_by="maker",
    )
    Shipment.objects.create(order=order, shipped_at=order.purchased_at, created_by="maker")

    (made,) = shipment_labels(list(Shipment.objects.select_related("order__buyer")), shop)

    assert made.tracking_number == tracked.tracking_number
    assert made.ship_from == ["Wren & Wire", "4 Forge Lane", "Bath BA1 1AA", "GB"]
    assert made.ship_to[0] == "Ada Lovelace"
    assert made.reference == "111-0000009-0000009"


@pytest.mark.django_db
def test_a_printed_label_ships_the_parcel_and_keeps_a_pdf_whose_barcode_scans():
    order = OrderFactory(external_id="111-0000010-0000010")
    line = OrderLineFactory(order=order, sku__code="RING-5")
    StockLevelFactory(sku=line.sku, location=LocationFactory(), on_hand=2)
    request = LabelRequest(carrier="UPS", service="Ground", tracking_number=UPS_OK)

    shipment = ship_with_label(
        order=order, carrier=PrintedLabelCarrier(), request=request, actor=Actor("maker")
    )

    label = ShippingLabel.objects.get(shipment=shipment)
    assert (label.provider, label.content_type) == ("printed", "application/pdf")
    assert pdf_barcodes(bytes(label.document)) == [[("Code128", UPS_OK)]]
    assert shipment.channel_state == "pending"  # the channel is still to be told


@pytest.mark.django_db
def test_a_typed_label_is_checked_and_nothing_ships_when_it_is_wrong():
    order = OrderFactory()
    OrderLineFactory(order=order)
    request = LabelRequest(carrier="UPS", tracking_number="1Z999AA10123456785")
    with pytest.raises(DomainError, match="check digit"):
        ship_with_label(order=order, carrier=ManualCarrier(), request=request, actor=Actor("maker"))
    assert not Shipment.objects.exists()


@pytest.mark.parametrize(
    ("named", "expected"),
    [
        ("UPS®", ("UPS", "")),
        ("USPS", ("USPS", "")),
        ("FedEx Ground", ("FedEx", "")),
        ("Evri", ("Other", "Evri")),
    ],
)
def test_a_providers_carrier_name_is_read_as_a_known_carrier_where_it_is_one(named, expected):
    assert known_carrier(named) == expected


def test_a_carriers_own_label_image_prints_as_it_is_beside_ours():
    image = io.BytesIO()
    Image.new("RGB", (812, 1218), "white").save(image, "PNG")
    content = labels_pdf([label(UPS_OK, image=image.getvalue()), label(USPS_22)])
    assert pdf_image_count(content) == [1, 0]
    assert pdf_barcodes(content)[1] == [("Code128", USPS_22)]
