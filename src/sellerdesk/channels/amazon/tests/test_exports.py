import datetime as dt
import io
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from sellerdesk.catalog.models import Listing
from sellerdesk.channels.amazon.exports import (
    NothingToExport,
    export_prices_and_quantities,
    export_shipping_confirmations,
)
from sellerdesk.channels.amazon.imports import import_report
from sellerdesk.channels.amazon.models import FeedResult
from sellerdesk.channels.models import Marketplace, SalesChannel
from sellerdesk.core.errors import DomainError
from sellerdesk.core.money import Money
from sellerdesk.inventory import services as stock
from sellerdesk.orders import domain, services
from sellerdesk.orders.models import Shipment

pytestmark = pytest.mark.django_db

T = dt.datetime(2026, 11, 20, 10, 15, tzinfo=dt.UTC)


def order_data(external_id: str, *, line_id: str = "40000000000001", marketplace="US", **more):
    currency = Marketplace.objects.get(channel__code="amazon", code=marketplace).currency
    return domain.OrderData(
        channel="amazon",
        marketplace=marketplace,
        external_id=external_id,
        status=domain.UNSHIPPED,
        fulfillment=domain.SELLER,
        purchased_at=T,
        last_updated_at=T,
        currency=currency,
        lines=[domain.LineData(line_id, "RING-SILVER-7", 2, Money(Decimal(40), currency))],
        **more,
    )


@pytest.fixture
def stocked(sku, shelf, actor):
    stock.receive_stock(
        sku=sku, location=shelf, quantity=20, reason="count", actor=actor, at=T - dt.timedelta(1)
    )
    return sku


def shipped(external_id: str, actor, **shipment) -> None:
    order = services.record_order(data=order_data(external_id), actor=actor).order
    services.ship_order(order=order, actor=actor, at=T + dt.timedelta(days=1), **shipment)


def test_the_confirmation_file_lists_each_unsent_shipment_once(stocked, actor):
    shipped("111-0000001-0000001", actor, carrier="USPS", tracking_number="9400111899223344556677")
    shipped("111-0000002-0000002", actor, carrier="Bob's Couriers", ship_method="Next day")
    export = export_shipping_confirmations(marketplace=None, actor=actor)
    lines = export.content.splitlines()
    assert lines[0].split("\t") == [
        "order-id",
        "order-item-id",
        "quantity",
        "ship-date",
        "carrier-code",
        "carrier-name",
        "tracking-number",
        "ship-method",
    ]
    assert lines[1].split("\t") == [
        "111-0000001-0000001",
        "40000000000001",
        "2",
        "2026-11-21T10:15:00+00:00",
        "USPS",
        "",
        "9400111899223344556677",
        "",
    ]
    assert lines[2].split("\t")[4:6] == ["Other", "Bob's Couriers"]
    assert set(Shipment.objects.values_list("channel_state", flat=True)) == {"exported"}
    assert Shipment.objects.first().channel_reference == f"file:{export.pk}"
    with pytest.raises(NothingToExport):
        export_shipping_confirmations(marketplace=None, actor=actor)


def test_a_line_known_only_by_sku_is_confirmed_without_an_item_id(stocked, actor):
    data = order_data("111-0000003-0000003", line_id="sku:RING-SILVER-7")
    order = services.record_order(data=data, actor=actor).order
    services.ship_order(
        order=order, actor=actor, carrier="UPS", tracking_number="1Z999AA10123456784"
    )
    row = export_shipping_confirmations(marketplace="US", actor=actor).content.splitlines()[1]
    assert row.split("\t")[:3] == ["111-0000003-0000003", "", "2"]


def test_part_of_an_order_known_only_by_sku_is_held_back_not_confirmed_whole(stocked, actor):
    data = order_data("111-0000009-0000009", line_id="sku:RING-SILVER-7")
    order = services.record_order(data=data, actor=actor).order
    services.ship_order(order=order, actor=actor, quantities={order.lines.get().pk: 1})
    shipped("111-0000010-0000010", actor, carrier="USPS")
    export = export_shipping_confirmations(marketplace="US", actor=actor)
    assert [row.split("\t")[0] for row in export.content.splitlines()[1:]] == [
        "111-0000010-0000010"
    ]
    assert "Held back, still to confirm: 111-0000009-0000009" in export.notes
    assert order.shipments.get().channel_state == "pending"


def test_a_value_seller_central_cannot_read_in_its_encoding_is_refused(stocked, actor):
    shipped("111-0000004-0000004", actor, carrier="Łódź Express")
    with pytest.raises(DomainError, match="cannot be written in cp1252"):
        export_shipping_confirmations(marketplace=None, actor=actor)
    assert Shipment.objects.get().channel_state == "pending"


def test_prices_and_quantities_cover_seller_fulfilled_listings_with_free_shelf_stock(
    stocked, make_sku, actor
):
    amazon = SalesChannel.objects.get(code="amazon")
    us = Marketplace.objects.get(channel=amazon, code="US")
    stocked.safety_stock = 3
    stocked.save()
    Listing.objects.create(
        sku=stocked, channel=amazon, marketplace=us, channel_sku="RING-7", price=Decimal("48.005"),
        currency="USD",
    )  # fmt: skip
    fba = make_sku("RING-FBA")
    Listing.objects.create(
        sku=fba, channel=amazon, marketplace=us, channel_sku="RING-FBA", fulfilled_by_channel=True
    )
    services.record_order(data=order_data("111-0000005-0000005"), actor=actor)  # holds 2
    export = export_prices_and_quantities(marketplace="US", actor=actor)
    assert export.content.splitlines()[1:] == ["RING-7\t48.01\t\t\t15\t\tDEFAULT"]


def test_a_japanese_file_is_written_in_shift_jis(stocked, actor):
    data = order_data("503-0000006-0000006", marketplace="JP")
    order = services.record_order(data=data, actor=actor).order
    services.ship_order(order=order, actor=actor, carrier="Yamato Transport", ship_method="宅急便")
    export = export_shipping_confirmations(marketplace="JP", actor=actor)
    assert export.encoding == "cp932"
    assert "宅急便".encode("cp932") in export.content.encode(export.encoding)
    said = StringIO()
    call_command("export", "confirmations", "--marketplace", "JP", stderr=said, stdout=StringIO())
    assert "nothing to confirm" in said.getvalue()


def test_the_processing_report_for_an_exported_file_is_read_against_its_rows(stocked, actor):
    shipped("111-0000007-0000007", actor, carrier="USPS")
    export_shipping_confirmations(marketplace=None, actor=actor)
    report = (
        b"Feed Processing Summary:\n\tNumber of records processed\t\t1\n"
        b"\tNumber of records successful\t\t0\n\n"
        b"original-record-number\tsku\terror-code\terror-type\terror-message\n"
        b"1\t\t99018\tError\tA valid tracking number is required.\n"
    )
    record = import_report(source=io.BytesIO(report), name="result.txt", actor=actor)
    result = FeedResult.objects.get(imported_by=record)
    assert result.upload is not None
    message = result.records.get()
    assert result.upload.record(message.record_number)["order-id"] == "111-0000007-0000007"


def test_the_export_command_writes_the_file_in_its_encoding(stocked, actor, tmp_path):
    shipped("111-0000008-0000008", actor, carrier="Royal Mail", ship_method="Tracked 48")
    target = tmp_path / "confirm.txt"
    out = StringIO()
    call_command("export", "confirmations", "-o", str(target), stdout=out)
    assert "1 rows, cp1252" in out.getvalue()
    assert target.read_bytes().startswith(b"order-id\torder-item-id\t")
    assert b"\tRoyal Mail\t\t\tTracked 48\r\n" in target.read_bytes()
