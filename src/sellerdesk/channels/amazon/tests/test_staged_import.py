"""The staging-table path for All Orders reports stores exactly what the row-by-row reader
stores, and leaves to it every file it cannot take whole."""

import datetime as dt
import io

import pytest
from django.db import connection, transaction

from sellerdesk.catalog.models import Listing
from sellerdesk.channels.amazon.imports import import_report
from sellerdesk.channels.amazon.imports import orders as order_import
from sellerdesk.channels.models import Marketplace, SalesChannel
from sellerdesk.inventory import services as stock
from sellerdesk.inventory.models import Reservation, StockLevel
from sellerdesk.inventory.services import Actor
from sellerdesk.orders.models import OrderEvent, OrderLine

from .reports import all_orders_row, report

pytestmark = pytest.mark.django_db

ORDER_COLUMNS = (
    "external_id, channel_id, marketplace_id, status, fulfillment, purchased_at, "
    "last_updated_at, earliest_ship_at, latest_ship_at, earliest_delivery_at, "
    "latest_delivery_at, shipped_at, delivered_at, cancelled_at, ship_service_level, "
    "is_prime, is_business, currency, total, item_count, prices_include_tax"
)
LINE_COLUMNS = (
    "channel_sku, external_id, asin, title, quantity_ordered, quantity_shipped, "
    "quantity_cancelled, currency, item_price, item_tax, shipping_price, shipping_tax, "
    "promotion_discount, shipping_discount, is_gift, gift_message, personalisation, sku_id"
)


@pytest.fixture
def staged_results(monkeypatch):
    """What each staged attempt returned: None when it left the file to the reader."""
    results = []
    attempt = order_import.import_staged

    def spy(*args, **kwargs):
        results.append(attempt(*args, **kwargs))
        return results[-1]

    monkeypatch.setattr(order_import, "import_staged", spy)
    return results


def run(data: bytes, *, staged: bool, monkeypatch, **options):
    monkeypatch.setattr(order_import, "STAGED", staged)
    return import_report(
        source=io.BytesIO(data), name="orders.txt", actor=Actor("import"), **options
    )


def stored() -> dict:
    """Everything an import writes, as the database holds it (not as the ORM reads it)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {ORDER_COLUMNS} FROM orders_order ORDER BY external_id")
        orders = cursor.fetchall()
        cursor.execute(
            f"SELECT o.external_id, {', '.join('l.' + c for c in LINE_COLUMNS.split(', '))} "
            "FROM orders_orderline l JOIN orders_order o ON o.id = l.order_id "
            "ORDER BY o.external_id, l.external_id"
        )
        lines = cursor.fetchall()
    events = sorted(
        OrderEvent.objects.values_list(
            "order__external_id", "kind", "status_from", "status_to", "message", "actor"
        )
    )
    levels = sorted(StockLevel.objects.values_list("sku__code", "on_hand", "reserved"))
    line_names = {
        f"order-line:{pk}": (order, line)
        for pk, order, line in OrderLine.objects.values_list(
            "pk", "order__external_id", "external_id"
        )
    }
    held = sorted(
        (line_names[reference], quantity)
        for reference, quantity in Reservation.objects.values_list("reference", "quantity")
    )
    return {"orders": orders, "lines": lines, "events": events, "stock": (levels, held)}


def summary(record) -> tuple:
    return (
        *(record.succeeded, record.error, record.rows),
        *(record.created, record.updated, record.unchanged),
        *(record.skipped, record.skipped_reasons, record.short_of_stock),
    )


def both_ways(files: list[bytes], monkeypatch, **options) -> tuple[dict, dict]:
    """Import the files in turn each way, rolled back after, and what each stored."""
    outcomes = {}
    for staged in (True, False):
        with transaction.atomic():
            records = [
                run(data, staged=staged, monkeypatch=monkeypatch, **options) for data in files
            ]
            outcomes[staged] = {
                "summaries": [summary(record) for record in records],
                **stored(),
            }
            transaction.set_rollback(True)
    return outcomes[True], outcomes[False]


def year_of_orders() -> list[dict[str, str]]:
    """Every shape of a clean report: one to three lines, seller and Amazon fulfilled, open,
    shipped and cancelled, US prices plus tax and UK prices with VAT, discounts, business
    orders, cells padded with spaces, a multi-channel order to skip."""
    rows = []
    for number in range(1, 41):
        order_id = f"{200 + number}-{number:07d}-{number * 7:07d}"
        uk = number % 4 == 0
        status, item = [
            ("Shipped", "Shipped"),
            ("Pending", "Unshipped"),
            ("Cancelled", "Cancelled"),
            ("Shipped - Delivered to Buyer", "Shipped"),
            ("Unshipped", "Unshipped"),
        ][number % 5]
        purchased = dt.datetime(2026, 1, 1, tzinfo=dt.UTC) + dt.timedelta(days=number * 8)
        for index in range(1 + number % 3):
            rows.append(
                all_orders_row(
                    order_id,
                    purchase_date=purchased.isoformat(),
                    last_updated_date=(purchased + dt.timedelta(hours=30)).isoformat()
                    if status != "Pending"
                    else purchased.isoformat(),
                    order_status=status,
                    item_status=item,
                    fulfillment_channel="Amazon" if number % 3 == 0 else "Merchant",
                    sales_channel="Amazon.co.uk" if uk else "Amazon.com",
                    currency="" if status == "Cancelled" else ("GBP" if uk else "USD"),
                    sku=["RING-SILVER-7", "CHAIN-GOLD", "EARRING-ROSE"][index],
                    product_name=f' Gold ring {number}" \u3000' if index == 1 else "Silver ring",
                    quantity="0" if status == "Cancelled" else str(1 + index),
                    item_price="" if status == "Cancelled" else f"{48 + index}.{number:02d}",
                    item_tax="" if status == "Cancelled" else ("8.00" if uk else "3.84"),
                    shipping_price="" if status == "Cancelled" else "4.99",
                    item_promotion_discount="-5.00"
                    if number % 7 == 1 and item != "Cancelled"
                    else "",
                    ship_promotion_discount="-4.99" if number % 5 == 3 else "0.00",
                    is_business_order="true" if number % 8 == 0 else "false",
                )
            )
    rows.append(all_orders_row("299-0000001-0000001", sales_channel="Non-Amazon"))
    return rows


@pytest.fixture
def catalogue(make_sku, shelf, actor):
    """A SKU counted on the shelf before the report's last orders, and one listed by
    another code on Amazon US only."""
    ring = make_sku("RING-SILVER-7")
    stock.receive_stock(
        sku=ring,
        location=shelf,
        quantity=50,
        reason="count",
        actor=actor,
        at=dt.datetime(2026, 9, 1, tzinfo=dt.UTC),
    )
    chain = make_sku("CHAIN-GOLD-45CM")
    Listing.objects.create(
        sku=chain,
        channel=SalesChannel.objects.get(code="amazon"),
        marketplace=Marketplace.objects.get(code="US"),
        channel_sku="CHAIN-GOLD",
    )


def test_a_clean_report_goes_the_staged_way_and_stores_what_the_reader_stores(
    catalogue, staged_results, monkeypatch
):
    staged, read = both_ways([report(year_of_orders())], monkeypatch)
    assert staged_results[0] is not None  # the staged way took the file
    assert staged == read
    summary = staged["summaries"][0]
    assert summary[:4] == (True, "", 81, 40)
    assert summary[6] == 1  # the multi-channel order
    assert staged["stock"][1]  # open seller-fulfilled orders of the counted SKU hold units


def test_orders_already_recorded_are_merged_as_the_reader_merges_them(
    catalogue, staged_results, monkeypatch
):
    rows = year_of_orders()
    older = report(rows[:30])
    newer_rows = [
        {**row, "last-updated-date": "2026-11-25T10:00:00+00:00", "order-status": "Shipped"}
        | ({"item-status": "Shipped"} if row["item-status"] == "Unshipped" else {})
        for row in rows
    ]
    staged, read = both_ways([older, report(newer_rows), report(newer_rows)], monkeypatch)
    assert all(result is not None for result in staged_results[:3])
    assert staged == read
    recorded = len({row["amazon-order-id"] for row in rows[:30]})
    summaries = [summary[3:6] for summary in staged["summaries"]]
    assert summaries[1:] == [(40 - recorded, recorded, 0), (0, 0, 40)]


@pytest.mark.parametrize(
    ("first", "second", "why"),
    [
        ({"purchase_date": "10-Jul-2026"}, {}, "another date form"),
        ({}, {"item_price": "48,00"}, "a decimal comma"),
        ({"order_status": "Mystery"}, {}, "an unknown status: the reader names the line"),
        ({}, {"item_price": "1.23456"}, "too many decimals: the reader says so"),
        ({"purchase_date": "2026-02-30T10:00:00+00:00"}, {}, "no such day"),
        ({}, {"sku": "RING-SILVER-7"}, "one SKU twice in an order"),
        ({}, {"currency": "GBP"}, "two currencies in one order"),
        ({}, {"quantity": "1.5"}, "a quantity that is no count"),
    ],
)
def test_a_file_the_staged_way_cannot_take_whole_is_left_to_the_reader_untouched(
    first, second, why, staged_results, monkeypatch
):
    rows = [
        all_orders_row("111-0000001-0000001", **first),
        all_orders_row("111-0000001-0000001", **{"sku": "CHAIN-GOLD", **second}),
        all_orders_row("111-0000002-0000002"),
    ]
    staged, read = both_ways([report(rows)], monkeypatch)
    assert staged_results == [None], why
    assert staged == read


def test_the_same_file_without_its_flaw_goes_the_staged_way(staged_results, monkeypatch):
    rows = [
        all_orders_row("111-0000001-0000001"),
        all_orders_row("111-0000001-0000001", sku="CHAIN-GOLD"),
        all_orders_row("111-0000002-0000002"),
    ]
    staged, read = both_ways([report(rows)], monkeypatch)
    assert staged_results[0] is not None
    assert staged == read


def test_a_file_with_cut_rows_and_blank_lines_is_staged_like_the_reader_reads_it(
    staged_results, monkeypatch
):
    columns = list(all_orders_row())
    rows = [all_orders_row(f"111-000000{n}-000000{n}", is_business_order="") for n in range(4)]
    lines = ["\t".join(columns)] + ["\t".join(row[c] for c in columns).rstrip("\t") for row in rows]
    lines.insert(3, "")
    data = ("\r\n".join(lines) + "\r\n\r\n").encode()
    staged, read = both_ways([data], monkeypatch)
    assert staged_results[0] is not None
    assert staged == read
    assert staged["summaries"][0][2:4] == (4, 4)


def test_a_dry_run_of_the_staged_way_keeps_nothing(staged_results, monkeypatch):
    record = run(report(year_of_orders()), staged=True, monkeypatch=monkeypatch, dry_run=True)
    assert staged_results[0] is not None
    assert (record.succeeded, record.created) == (True, 40)
    assert not OrderLine.objects.exists()


def test_the_staging_tables_are_gone_after_an_import(monkeypatch):
    assert run(report(year_of_orders()), staged=True, monkeypatch=monkeypatch).succeeded
    temporary = (
        "SELECT relname FROM pg_class WHERE relpersistence = 't'"
        if connection.vendor == "postgresql"
        else "SELECT name FROM sqlite_temp_master"
    )
    with connection.cursor() as cursor:
        cursor.execute(temporary)
        assert not [name for (name,) in cursor.fetchall() if name.startswith("amazon_staged")]


def test_the_progress_covers_the_statements_after_the_load_and_ends_at_the_file_size(
    staged_results, monkeypatch
):
    data = report(year_of_orders())
    seen: list[int] = []
    record = run(data, staged=True, monkeypatch=monkeypatch, progress=seen.append)
    assert record.succeeded
    assert staged_results[0] is not None
    assert seen == sorted(seen)
    assert seen[0] <= len(data) // 4  # the load is the first quarter
    assert len([done for done in seen if done > len(data) // 4]) >= 5  # then the statements
    assert seen[-1] == len(data)


def test_cells_copy_cannot_carry_are_left_to_the_reader(monkeypatch):
    # PostgreSQL's COPY reads \x01 as its quote mark and a lone carriage return as a line
    # end; the reader takes them as text.
    rows = [
        all_orders_row("111-0000001-0000001", product_name="Ring \x01 boxed"),
        all_orders_row("111-0000002-0000002", product_name="Ring\rboxed"),
        all_orders_row("111-0000003-0000003", product_name="Ring \x01boxed\x01 gift"),
        all_orders_row("111-0000004-0000004", product_name="Ring \x02"),
    ]
    staged, read = both_ways([report(rows)], monkeypatch)
    assert staged == read
    assert staged["summaries"][0][:4] == (True, "", 4, 4)


def test_new_orders_take_ids_in_the_files_order_so_short_stock_goes_to_the_first(
    make_sku, shelf, actor, staged_results, monkeypatch
):
    ring = make_sku("RING-SILVER-7")
    stock.receive_stock(sku=ring, location=shelf, quantity=1, reason="count", actor=actor)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # a merge join emits the orders by order id
            cursor.execute("SET LOCAL enable_hashjoin = off")
            cursor.execute("SET LOCAL enable_nestloop = off")
    rows = [all_orders_row("999-0000001-0000001"), all_orders_row("111-0000002-0000002")]
    staged, read = both_ways([report(rows)], monkeypatch)
    assert staged_results[0] is not None
    assert staged == read
    assert staged["summaries"][0][8] == ["111-0000002-0000002"]  # short of stock


def test_a_line_starting_with_a_byte_order_mark_reads_as_the_reader_reads_it(
    staged_results, monkeypatch
):
    data = report([all_orders_row(f"111-000000{n}-000000{n}") for n in range(1, 4)])
    lines = data.split(b"\n")
    lines[2] = b"\xef\xbb\xbf" + lines[2]
    staged, read = both_ways([b"\xef\xbb\xbf" + b"\n".join(lines)], monkeypatch)
    assert staged_results[0] is not None
    assert staged == read
    assert [order[0] for order in staged["orders"]][1] == "111-0000002-0000002"


def test_the_progress_never_goes_back_when_the_reader_takes_over(staged_results, monkeypatch):
    rows = year_of_orders()
    rows.insert(len(rows) - 1, dict(rows[-2]))  # the last order's SKU twice
    seen: list[int] = []
    record = run(report(rows), staged=True, monkeypatch=monkeypatch, progress=seen.append)
    assert staged_results == [None]
    assert record.succeeded, record.error
    assert seen == sorted(seen)
