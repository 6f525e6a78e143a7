"""Etsy's and Shopify's order exports into the same orders and the same stock as Amazon's."""

import datetime as dt
import shutil
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from sellerdesk.channels.amazon.models import ReportImport
from sellerdesk.inventory import services as stock
from sellerdesk.inventory.models import StockLevel
from sellerdesk.orders.models import Order, OrderStatus

pytestmark = pytest.mark.django_db

FILES = Path(__file__).parent / "files"
ETSY = FILES / "EtsySoldOrderItems2026-11.csv"
SHOPIFY = FILES / "orders_export_1.csv"


def import_file(path, *options) -> str:
    out = StringIO()
    call_command("import", str(path), *options, stdout=out)
    return out.getvalue()


@pytest.fixture
def shelf_stock(reference_data, make_sku, shelf, actor):
    """Three pieces on the one shelf every channel sells from."""
    skus = {}
    for code, quantity in (("RNG-STACK-SS-7", 5), ("NCK-HEART-SS", 3), ("EAR-PEARL-SS", 4)):
        skus[code] = make_sku(code)
        stock.receive_stock(
            sku=skus[code], location=shelf, quantity=quantity, reason="r", actor=actor
        )
    return skus


def free(sku) -> int:
    level = StockLevel.objects.get(sku=sku)
    return level.on_hand - level.reserved


def test_an_etsy_export_becomes_orders_with_lines_buyers_and_stock(shelf_stock):
    output = import_file(ETSY)

    assert "Etsy order items export (CSV), 3 lines." in output
    assert "new 2, updated 0, unchanged 0" in output
    first = Order.objects.get(channel__code="etsy", external_id="2900000001")
    assert first.status == OrderStatus.PARTIALLY_SHIPPED
    assert first.currency == "USD"
    assert first.purchased_at == dt.datetime(2026, 11, 20, tzinfo=dt.UTC)
    ring, heart = first.lines.order_by("external_id")
    assert (ring.channel_sku, ring.quantity_ordered, ring.quantity_shipped) == (
        "RNG-STACK-SS-7", 2, 2
    )  # fmt: skip
    assert (ring.item_price, ring.promotion_discount, ring.shipping_price, ring.item_tax) == (
        Decimal("48.00"), Decimal("4.80"), Decimal("4.50"), Decimal("3.41")
    )  # fmt: skip
    assert ring.title == "Hammered Stacking Ring, sterling silver"
    assert ring.personalisation == "Ring size:7"
    # Shipping and tax are the order's, counted once: not again on the second line.
    assert (heart.shipping_price, heart.item_tax, heart.quantity_shipped) == (0, 0, 0)
    assert first.buyer.country_code == "US"
    assert first.buyer.ship_name == "Ada Lovelace"
    # One shelf for every channel: the unshipped necklace holds one of the three.
    assert free(shelf_stock["NCK-HEART-SS"]) == 2
    bangle = Order.objects.get(external_id="2900000002").lines.get()
    assert bangle.title == 'Custom "Name" Bangle'
    assert bangle.channel_sku == "etsy-listing-1400000003"
    assert bangle.sku is None


def test_a_shopify_export_becomes_orders_with_its_taxes_read_right(shelf_stock):
    output = import_file(SHOPIFY)

    assert "Shopify orders export (CSV), 3 lines." in output
    assert "new 2," in output
    us = Order.objects.get(channel__code="shopify", external_id="#1001")
    assert us.status == OrderStatus.SHIPPED
    assert not us.prices_include_tax
    assert us.total == Decimal("69.95")
    assert list(us.lines.values_list("channel_sku", "item_price", "quantity_shipped")) == [
        ("RNG-STACK-SS-7", Decimal("24.00"), 1),
        ("NCK-HEART-SS", Decimal("36.00"), 1),
    ]
    uk = Order.objects.get(external_id="#1002")
    assert (uk.status, uk.currency, uk.prices_include_tax) == ("Unshipped", "GBP", True)
    assert uk.total == Decimal("43.50")  # VAT inside the prices, not added again
    assert uk.buyer.postal_code == "BA1 1AA"
    line = uk.lines.get()
    assert (line.quantity_ordered, line.promotion_discount) == (2, Decimal("4.00"))
    assert free(shelf_stock["EAR-PEARL-SS"]) == 2


def test_importing_again_changes_nothing_and_a_later_export_moves_orders_on(shelf_stock, tmp_path):
    import_file(ETSY)
    assert "new 0, updated 0, unchanged 2" in import_file(ETSY)

    later = tmp_path / "EtsySoldOrderItems-later.csv"
    text = ETSY.read_text(encoding="utf-8")
    # The necklace went out on the 23rd.
    later.write_text(text.replace("11/20/26,,Ada", "11/20/26,11/23/26,Ada"), encoding="utf-8")
    assert "new 0, updated 1, unchanged 1" in import_file(later)
    order = Order.objects.get(external_id="2900000001")
    assert order.status == OrderStatus.SHIPPED
    assert StockLevel.objects.get(sku=shelf_stock["NCK-HEART-SS"]).on_hand == 2


def test_a_bad_cell_names_the_file_line_and_column_and_imports_nothing(shelf_stock, tmp_path):
    bad = tmp_path / "EtsySoldOrderItems-bad.csv"
    bad.write_text(
        ETSY.read_text(encoding="utf-8").replace("11/24/26,", "2026-11-24,", 1), encoding="utf-8"
    )
    with pytest.raises(
        CommandError,
        match=r"EtsySoldOrderItems-bad.csv, line 4, column 'sale date': '2026-11-24' is not a "
        r"date \(expected a date like 11/25/25\)",
    ):
        import_file(bad)
    assert not Order.objects.exists()
    assert not ReportImport.objects.get().succeeded


def test_a_csv_that_is_no_known_export_is_refused_saying_what_is(reference_data, tmp_path):
    other = tmp_path / "contacts.csv"
    other.write_text("name,email\nAda,ada@example.com\n", encoding="utf-8")
    with pytest.raises(
        CommandError, match=r"Etsy's order items or listings export .* Shopify's orders or products"
    ):
        import_file(other)


def test_a_cp1252_export_is_read(shelf_stock, tmp_path):
    path = tmp_path / "EtsySoldOrderItems-cp1252.csv"
    text = ETSY.read_text(encoding="utf-8").replace("Grace Hopper", "Renée Côté")
    path.write_bytes(text.encode("cp1252"))
    import_file(path)
    assert Order.objects.get(external_id="2900000002").buyer.ship_name == "Renée Côté"


def test_an_export_with_a_byte_order_mark_is_read(shelf_stock, tmp_path):
    path = tmp_path / "orders_export_bom.csv"
    path.write_bytes(b"\xef\xbb\xbf" + SHOPIFY.read_bytes())
    import_file(path)
    assert Order.objects.filter(channel__code="shopify").count() == 2


def test_the_file_keeps_its_name_in_the_history(shelf_stock, tmp_path):
    copy = tmp_path / "my-etsy.csv"
    shutil.copy(ETSY, copy)
    import_file(copy)
    entry = ReportImport.objects.get()
    assert (entry.file_name, entry.report, entry.created) == ("my-etsy.csv", "ETSY_ORDER_ITEMS", 2)


def test_a_shopify_order_exported_again_in_another_order_keeps_its_lines(shelf_stock, tmp_path):
    import_file(SHOPIFY)
    lines = SHOPIFY.read_text(encoding="utf-8").splitlines()
    # The two rows of #1001 the other way round, the order's own fields still on its first.
    first, second = lines[1].split(","), lines[2].split(",")
    item = slice(16, 24)  # the line item's columns
    first[item], second[item] = second[item], first[item]
    swapped = tmp_path / "orders_export_2.csv"
    swapped.write_text("\n".join([lines[0], ",".join(first), ",".join(second), *lines[3:]]) + "\n")
    assert "new 0, updated 0, unchanged 2" in import_file(swapped)
    order = Order.objects.get(external_id="#1001")
    assert all(line.channel_sku == line.sku.code for line in order.lines.all())


def test_a_shopify_orders_rows_apart_in_the_file_make_one_order(shelf_stock, tmp_path):
    lines = SHOPIFY.read_text(encoding="utf-8").splitlines()
    apart = tmp_path / "orders_export_apart.csv"
    apart.write_text("\n".join([lines[0], lines[1], lines[3], lines[2]]) + "\n")
    import_file(apart)
    assert Order.objects.get(external_id="#1001").lines.count() == 2


def test_an_error_names_the_line_a_row_starts_on_even_after_a_note_over_two_lines(
    shelf_stock, tmp_path
):
    text = SHOPIFY.read_text(encoding="utf-8").replace(
        '"Gift wrap, please"', '"Gift wrap,\nplease"'
    )
    text += (
        "#1003,cy@example.com,paid,,unfulfilled,,no,USD,10.00,0,0,10.00,,0,,2026-11-26,1,Box,"
        "10.00,,PKG,true,true,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,0.00,,\n"
    )
    bad = tmp_path / "orders_export_bad.csv"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(CommandError, match=r"line 6, column 'created at'"):
        import_file(bad)


def test_a_refunded_shopify_order_that_never_went_out_holds_no_stock(shelf_stock, tmp_path):
    text = SHOPIFY.read_text(encoding="utf-8").replace(
        "#1002,bea@example.co.uk,paid,", "#1002,bea@example.co.uk,refunded,"
    )
    refunded = tmp_path / "orders_export_refunded.csv"
    refunded.write_text(text, encoding="utf-8")
    import_file(refunded)
    assert Order.objects.get(external_id="#1002").status == OrderStatus.CANCELED
    assert free(shelf_stock["EAR-PEARL-SS"]) == 4
