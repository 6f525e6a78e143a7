import datetime as dt
import gzip
import io
from decimal import Decimal

import pytest

from sellerdesk.channels.amazon.imports import import_report
from sellerdesk.channels.amazon.models import ReportImport
from sellerdesk.channels.models import Marketplace
from sellerdesk.inventory import services as stock
from sellerdesk.inventory.models import StockLevel
from sellerdesk.inventory.services import Actor
from sellerdesk.orders.models import BuyerDetails, Order, OrderLine

from .reports import UNSHIPPED_COLUMNS, all_orders_row, report, unshipped_row

pytestmark = pytest.mark.django_db


def run(data: bytes, name: str = "orders.txt", **options) -> ReportImport:
    options.setdefault("actor", Actor(name="import"))
    return import_report(source=io.BytesIO(data), name=name, **options)


def three_order_rows() -> list[dict[str, str]]:
    return [
        all_orders_row("111-0000001-0000001"),
        all_orders_row("111-0000001-0000001", sku="CHAIN-GOLD", quantity="2", item_price="60.00"),
        all_orders_row(
            "111-0000002-0000002",
            order_status="Shipped",
            fulfillment_channel="Amazon",
            item_status="Shipped",
        ),
        all_orders_row(
            "111-0000003-0000003",
            order_status="Cancelled",
            item_status="Cancelled",
            quantity="0",
            currency="",
            item_price="",
            item_tax="",
            shipping_price="",
        ),
    ]


@pytest.fixture
def three_orders() -> bytes:
    return report(three_order_rows())


def test_an_all_orders_report_becomes_orders_with_their_lines_and_money(three_orders):
    record = run(three_orders)
    assert record.succeeded, record.error
    assert (record.report, record.rows, record.created) == ("ALL_ORDERS", 4, 3)
    first = Order.objects.get(external_id="111-0000001-0000001")
    assert (first.status, first.fulfillment, first.marketplace.code) == ("Pending", "seller", "US")
    # Each line: price, tax and shipping (tax on top in the US).
    assert first.total == Decimal("48.00") + Decimal("60.00") + 2 * (
        Decimal("3.84") + Decimal("4.99")
    )
    assert first.item_count == 3
    assert list(first.lines.values_list("external_id", "quantity_ordered")) == [
        ("sku:RING-SILVER-7", 1),
        ("sku:CHAIN-GOLD", 2),
    ]
    assert (
        first.events.get().message
        == "Imported from All Orders report (by order date or by last update) orders.txt"
    )
    fba = Order.objects.get(external_id="111-0000002-0000002")
    assert (fba.status, fba.fulfillment, fba.lines.get().quantity_shipped) == (
        "Shipped",
        "amazon",
        1,
    )
    cancelled = Order.objects.get(external_id="111-0000003-0000003")
    assert (cancelled.status, cancelled.currency, cancelled.total) == ("Canceled", "USD", 0)


def test_the_same_file_again_changes_nothing(three_orders):
    run(three_orders)
    again = run(three_orders)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert Order.objects.count() == 3
    assert OrderLine.objects.count() == 4


def test_newer_rows_update_and_older_rows_never_overwrite(three_orders):
    run(three_orders)
    overlapping = report(
        [
            all_orders_row(
                "111-0000001-0000001",
                order_status="Shipped",
                item_status="Shipped",
                last_updated_date="2026-11-21T09:00:00+00:00",
            ),
            all_orders_row(
                "111-0000002-0000002",
                order_status="Pending",
                fulfillment_channel="Amazon",
                last_updated_date="2026-11-19T09:00:00+00:00",
            ),
            all_orders_row("111-0000004-0000004"),
        ]
    )
    record = run(overlapping)
    assert (record.created, record.updated, record.unchanged) == (1, 1, 1)
    assert Order.objects.get(external_id="111-0000001-0000001").status == "Shipped"
    assert Order.objects.get(external_id="111-0000002-0000002").status == "Shipped"
    # The second file named one of the first order's two lines: the other stays.
    assert Order.objects.get(external_id="111-0000001-0000001").lines.count() == 2


def test_a_bad_row_imports_nothing_and_says_where_and_what_was_expected():
    bad = all_orders_row("111-0000009-0000009", quantity="two")
    record = run(report([*three_order_rows(), bad]))
    assert not record.succeeded
    assert record.error_line == 6
    assert record.error_column == "quantity"
    assert "orders.txt, line 6, column 'quantity': 'two' is not a quantity" in record.error
    assert "expected a whole number" in record.error
    assert not Order.objects.exists()
    assert ReportImport.objects.get() == record  # refused imports stay in the history


def test_a_file_that_is_no_amazon_report_is_refused_with_the_reports_recognised():
    record = run(b"name\tprice\nring\t12\n", name="prices.txt")
    assert not record.succeeded
    assert "not an Amazon report" in record.error
    assert "All Orders report" in record.error
    assert "Unshipped Orders report" in record.error


def test_a_dry_run_reports_what_would_change_and_saves_no_order(three_orders):
    record = run(three_orders, dry_run=True)
    assert (record.succeeded, record.dry_run, record.created) == (True, True, 3)
    assert not Order.objects.exists()
    assert ReportImport.objects.get().created == 3


def test_orders_of_other_sales_channels_are_skipped_with_the_reason():
    data = report(
        [
            all_orders_row("111-0000001-0000001"),
            all_orders_row("111-0000002-0000002", sales_channel="Non-Amazon"),
            all_orders_row("203-0000003-0000003", sales_channel="Amazon.co.uk", currency="GBP"),
        ]
    )
    record = run(data, marketplace="US")
    assert (record.created, record.skipped) == (1, 2)
    assert record.skipped_reasons == {
        "a multi-channel fulfilment order (sales channel Non-Amazon)": 1,
        "an order of Amazon UK, not US as asked": 1,
    }


def test_an_unknown_marketplace_code_is_refused_with_the_known_ones(three_orders):
    record = run(three_orders, marketplace="XX")
    assert not record.succeeded
    assert "unknown marketplace 'XX'; use one of" in record.error
    assert "UK" in record.error


def test_windows_files_in_cp1252_with_crlf_short_rows_and_quotes_import():
    row = all_orders_row(product_name='Café ring 12" box', ship_promotion_discount=" ")
    data = report([row], encoding="cp1252", newline="\r\n")
    # Amazon drops trailing empty cells: cut the row after its last value.
    data = data.replace(b"\tfalse" + b"\t" * 6 + b"\r\n", b"\tfalse\r\n")
    record = run(data)
    assert record.succeeded, record.error
    assert record.encoding == "cp1252"
    assert OrderLine.objects.get().title == 'Café ring 12" box'


def test_a_japanese_report_in_windows_31j_imports_with_its_yen_amounts():
    row = all_orders_row(
        "503-0000001-0000001",
        sales_channel="Amazon.co.jp",
        currency="JPY",
        product_name="シルバーリング・サイズ7",
        item_price="4800",
        item_tax="",
        shipping_price="0",
    )
    record = run(report([row], encoding="cp932"))
    assert record.succeeded, record.error
    assert record.encoding == "cp932"
    order = Order.objects.get()
    assert (order.marketplace.code, order.currency, order.total) == ("JP", "JPY", 4800)
    assert order.lines.get().title == "シルバーリング・サイズ7"


def test_decimal_commas_of_european_reports_are_read_exactly():
    row = all_orders_row(
        "302-0000001-0000001",
        sales_channel="Amazon.de",
        currency="EUR",
        item_price="1.234,50",
        item_tax="197,11",
        shipping_price="4,90",
        item_promotion_discount="-10,00",
    )
    assert run(report([row])).succeeded
    line = OrderLine.objects.get()
    assert (line.item_price, line.item_tax, line.promotion_discount) == (
        Decimal("1234.50"),
        Decimal("197.11"),
        Decimal("10.00"),
    )
    # German prices include VAT: the total is what the buyer paid, tax not added twice.
    assert line.order.total == Decimal("1234.50") + Decimal("4.90") - Decimal("10.00")


def test_a_gzipped_report_as_the_reports_api_delivers_it_imports(three_orders):
    record = run(gzip.compress(three_orders), name="orders.txt.gz")
    assert (record.succeeded, record.created) == (True, 3)


def test_the_unshipped_report_brings_the_buyer_the_address_and_the_ship_by_date():
    record = run(report([unshipped_row()], UNSHIPPED_COLUMNS), marketplace="US")
    assert record.succeeded, record.error
    order = Order.objects.get()
    assert order.status == "Unshipped"
    assert order.latest_ship_at == dt.datetime(2026, 11, 23, 7, 59, 59, tzinfo=dt.UTC)
    assert order.lines.get().external_id == "40000000000001"
    buyer = BuyerDetails.objects.get()
    assert (buyer.ship_name, buyer.city, buyer.postal_code) == ("Ada Lovelace", "Portland", "97201")


def test_an_unshipped_report_without_a_marketplace_uses_the_sellers_only_one():
    Marketplace.objects.filter(channel__code="amazon").update(is_active=False)
    Marketplace.objects.filter(channel__code="amazon", code="UK").update(is_active=True)
    record = run(report([unshipped_row()], UNSHIPPED_COLUMNS))
    assert record.succeeded, record.error
    assert Order.objects.get().marketplace.code == "UK"
    Marketplace.objects.filter(channel__code="amazon", code="US").update(is_active=True)
    refused = run(report([unshipped_row("111-0000005-0000005")], UNSHIPPED_COLUMNS))
    assert "does not say which marketplace" in refused.error
    assert "--marketplace" in refused.error


@pytest.mark.parametrize("all_orders_first", [True, False])
def test_all_orders_and_unshipped_reports_describe_the_same_lines_in_either_order(
    all_orders_first,
):
    all_orders = report([all_orders_row(last_updated_date="2026-11-20T10:30:00+00:00")])
    unshipped = report([unshipped_row()], UNSHIPPED_COLUMNS)
    files = [all_orders, unshipped] if all_orders_first else [unshipped, all_orders]
    for data in files:
        assert run(data, marketplace="US").succeeded
    line = OrderLine.objects.get()
    assert (line.external_id, line.item_price) == ("40000000000001", Decimal("48.00"))
    assert BuyerDetails.objects.get().city == "Portland"


def test_imported_open_orders_reserve_stock_and_last_years_history_does_not(sku, shelf, actor):
    stock.receive_stock(
        sku=sku,
        location=shelf,
        quantity=10,
        reason="count",
        actor=actor,
        at=dt.datetime(2026, 11, 1, tzinfo=dt.UTC),
    )
    data = report(
        [
            all_orders_row("111-0000001-0000001"),
            all_orders_row(
                "111-0000002-0000002",
                order_status="Shipped",
                item_status="Shipped",
                purchase_date="2025-11-20T10:15:00+00:00",
                last_updated_date="2025-11-22T10:15:00+00:00",
            ),
        ]
    )
    assert run(data).succeeded
    level = StockLevel.objects.get(sku=sku, location=shelf)
    assert (level.on_hand, level.reserved) == (10, 1)


@pytest.mark.parametrize(
    "data",
    [
        gzip.compress(report([all_orders_row()]))[:40],  # cut short
        b"\x1f\x8b" + b"not really gzip at all",
    ],
    ids=["truncated", "not-gzip"],
)
def test_a_damaged_compressed_file_is_refused_and_keeps_nothing(data):
    record = run(data, name="orders.txt.gz")
    assert not record.succeeded
    assert "orders.txt.gz: the file is damaged or cut short" in record.error
    assert "download it again" in record.error
    assert not Order.objects.exists()


@pytest.mark.parametrize(
    ("cells", "column", "expected"),
    [
        ({"quantity": "²"}, "quantity", "a whole number"),
        ({"item_price": "1e20"}, "item-price", "an amount below 10,000,000,000"),
        ({"item_price": "123456789012.5"}, "item-price", "an amount below"),
        ({"item_tax": "1.23456"}, "item-tax", "at most 4 decimal places"),
    ],
)
def test_values_the_database_could_not_hold_are_refused_where_they_are(cells, column, expected):
    record = run(report([all_orders_row(**cells)]))
    assert not record.succeeded
    assert (record.error_line, record.error_column) == (2, column)
    assert expected in record.error
    assert not Order.objects.exists()


def test_an_order_whose_rows_are_apart_is_refused_with_both_lines():
    rows = [
        all_orders_row("111-0000001-0000001"),
        all_orders_row("111-0000002-0000002"),
        all_orders_row("111-0000001-0000001", sku="CHAIN-GOLD"),
    ]
    record = run(report(rows))
    assert not record.succeeded
    assert (record.error_line, record.error_column) == (4, "amazon-order-id")
    assert "order 111-0000001-0000001 is also on an earlier line" in record.error
    assert not Order.objects.exists()
