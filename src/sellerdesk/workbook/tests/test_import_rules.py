"""What an import must not do: undo news that came after the workbook, apply the same edits
twice, retire SKUs the seller never deleted, or let through in the preview what the
services will refuse."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from sellerdesk.catalog.models import Sku
from sellerdesk.catalog.services import create_sku, retire_sku
from sellerdesk.core import clock
from sellerdesk.fulfillment.services.shipping import Package, ship_packages
from sellerdesk.inventory.models import LocationKind, StockLevel
from sellerdesk.inventory.services import adjust_stock, receive_stock
from sellerdesk.inventory.tests.factories import LocationFactory
from sellerdesk.orders.models import Fulfillment, Order, OrderStatus
from sellerdesk.orders.services import set_order_note
from sellerdesk.orders.services.timeline import add_event
from sellerdesk.planning.selectors.restock import restock_list
from sellerdesk.workbook.applying import apply_workbook
from sellerdesk.workbook.export import export_workbook
from sellerdesk.workbook.selectors import Period

from .conftest import FIRST, LAST
from .editing import append, edit
from .test_import import ACTOR, UPS, apply, preview, unshipped_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def path(demo_shop, tmp_path):
    return tmp_path / "shop.xlsx"


def export(path) -> None:
    export_workbook(path, first=FIRST, last=LAST)


def shelf_free(sku: Sku) -> int:
    return sum(
        level.on_hand - level.reserved
        for level in StockLevel.objects.filter(sku=sku, location__kind=LocationKind.SHELF)
    )


def part_shipped() -> Order:
    """An order of several lines whose first line has shipped, in a parcel of its own."""
    order = next(
        order for order in Order.objects.filter(
            fulfillment=Fulfillment.SELLER, status=OrderStatus.UNSHIPPED
        ).order_by("pk") if order.lines.count() > 1
    )  # fmt: skip
    line = order.lines.order_by("pk").first()
    package = Package("UPS", UPS, quantities={line.pk: line.quantity_open})
    ship_packages(order=order, packages=[package], actor=ACTOR)
    return order


def test_orders_that_moved_on_since_the_export_are_left_as_they_are(path):
    amazon = (
        Period(FIRST, LAST).orders()
        .filter(fulfillment=Fulfillment.AMAZON, status=OrderStatus.SHIPPED).first()
    )  # fmt: skip
    order = unshipped_order()
    export(path)
    # Since the export: Amazon delivered its order, and the seller shipped hers.
    Order.objects.filter(pk=amazon.pk).update(
        status=OrderStatus.DELIVERED, last_updated_at=clock.now() + dt.timedelta(seconds=1)
    )
    add_event(amazon, clock.now(), "status", "Shipped → Delivered", "amazon")
    ship_packages(order=order, packages=[Package("UPS", UPS)], actor=ACTOR)

    plan = preview(path)

    assert (plan.errors, plan.changes) == ([], [])
    assert any(
        notice.startswith("2 order(s) changed in sellerdesk since") for notice in plan.notices
    )


def test_a_partly_shipped_order_left_untouched_changes_nothing(path):
    order = part_shipped()
    assert Order.objects.get(pk=order.pk).status == OrderStatus.PARTIALLY_SHIPPED
    export(path)

    plan = preview(path)

    assert (plan.errors, plan.changes) == ([], [])


def test_the_same_workbook_applied_again_does_not_put_back_units_sold_since(path):
    sku = restock_list()[0].sku
    export(path)
    counted = shelf_free(sku) + 5
    edit(path, "Inventory", "SKU", sku.code, **{"Available Quantity": counted})
    apply(path)
    assert shelf_free(sku) == counted
    level = StockLevel.objects.filter(sku=sku, location__kind=LocationKind.SHELF).first()
    adjust_stock(sku=sku, location=level.location, change=-2, reason="sold", actor=ACTOR)

    assert preview(path).changes == []
    assert shelf_free(sku) == counted - 2


def test_only_rows_deleted_from_the_workbook_are_offered_for_retiring(path):
    export(path)
    create_sku(code="LATE-1", title="Added after the export")

    assert preview(path).missing == []


def test_a_count_lower_than_one_shelf_holds_comes_off_every_shelf(path):
    sku = restock_list()[0].sku
    back = LocationFactory(name="Back room")
    receive_stock(sku=sku, location=back, quantity=3, reason="found", actor=ACTOR)
    export(path)
    held = shelf_free(sku)
    assert held > 3
    edit(path, "Inventory", "SKU", sku.code, **{"Available Quantity": 1})

    apply(path)

    assert shelf_free(sku) == 1


def test_the_preview_refuses_what_shipping_would(path):
    order = unshipped_order()
    export(path)
    edit(path, "Order Tracking", "Order ID", order.external_id,
         **{"Order Status": "Shipped", "Carrier": "UPS"})  # fmt: skip

    (error,) = preview(path).errors

    assert "column Tracking Number (P): expected the parcel's tracking number" in error


def test_a_delivery_date_without_a_time_on_the_day_it_shipped_is_taken(path):
    order = unshipped_order()
    export(path)
    today = clock.now().astimezone(clock.seller_zone()).date()
    edit(path, "Order Tracking", "Order ID", order.external_id,
         **{"Order Status": "Delivered", "Carrier": "UPS", "Tracking Number": UPS,
            "Delivered Date": dt.datetime.combine(today, dt.time())})  # fmt: skip

    assert [change.kind for change in preview(path).changes] == ["ship", "deliver"]
    apply(path)

    order.refresh_from_db()
    assert order.status == OrderStatus.DELIVERED
    assert order.delivered_at >= order.shipped_at


def test_a_retired_sku_is_not_taken_for_a_new_product(path):
    sku = restock_list()[-1].sku
    export(path)
    retire_sku(sku=sku)
    edit(path, "Inventory", "SKU", sku.code, **{"Unit Cost": 1})
    append(path, "Inventory", SKU=sku.code + "-2", **{"Product Name": "Fine"})

    plan = preview(path)

    assert len(plan.errors) == 1
    assert f"expected a SKU in use ({sku.code} was retired" in plan.errors[0]


def test_a_note_with_line_breaks_reads_back_unchanged(path):
    order = unshipped_order()
    set_order_note(order=order, note="Gift wrap\r\nNo invoice", actor=ACTOR)
    assert Order.objects.get(pk=order.pk).note == "Gift wrap\nNo invoice"
    export(path)

    assert preview(path).changes == []


def test_delivered_with_no_date_applies_even_when_the_clock_has_moved_on(path):
    order = unshipped_order()
    export(path)
    edit(path, "Order Tracking", "Order ID", order.external_id,
         **{"Order Status": "Delivered", "Carrier": "UPS", "Tracking Number": UPS})  # fmt: skip
    plan = preview(path)
    assert plan.changes[-1].description == "Shipped → Delivered today (no date given)"

    with clock.pinned(clock.now() + dt.timedelta(seconds=7)):
        apply_workbook(path.read_bytes(), path.name, digest=plan.digest, actor=ACTOR)

    order.refresh_from_db()
    assert order.status == OrderStatus.DELIVERED


def test_dates_before_what_must_come_first_are_refused_not_moved(path):
    shipped = (
        Period(FIRST, LAST).orders()
        .filter(fulfillment=Fulfillment.SELLER, status=OrderStatus.SHIPPED).first()
    )  # fmt: skip
    order = unshipped_order()
    export(path)
    day_before = shipped.shipped_at.astimezone(clock.seller_zone()).date() - dt.timedelta(days=1)
    edit(path, "Order Tracking", "Order ID", shipped.external_id,
         **{"Order Status": "Delivered", "Delivered Date": day_before})  # fmt: skip
    purchased = order.purchased_at.astimezone(clock.seller_zone()).date()
    edit(path, "Order Tracking", "Order ID", order.external_id,
         **{"Order Status": "Shipped", "Carrier": "UPS", "Tracking Number": UPS,
            "Shipped Date": purchased - dt.timedelta(days=1)})  # fmt: skip

    errors = preview(path).errors

    assert len(errors) == 2
    assert any("column Delivered Date (R): expected a delivered date from when it shipped" in e
               for e in errors)  # fmt: skip
    assert any("column Shipped Date (N): expected a shipped date from the order" in e
               for e in errors)  # fmt: skip


def test_a_shipped_date_on_the_day_of_the_order_is_taken(path):
    order = unshipped_order()
    export(path)
    purchased = order.purchased_at.astimezone(clock.seller_zone()).date()
    edit(path, "Order Tracking", "Order ID", order.external_id,
         **{"Order Status": "Shipped", "Carrier": "UPS", "Tracking Number": UPS,
            "Shipped Date": purchased})  # fmt: skip

    apply(path)

    order.refresh_from_db()
    assert order.shipped_at == order.purchased_at  # the day's start is before the order


def test_a_delivered_orders_labels_and_dates_stay_as_they_are(path):
    delivered = (
        Period(FIRST, LAST).orders()
        .filter(fulfillment=Fulfillment.SELLER, status=OrderStatus.DELIVERED).first()
    )  # fmt: skip
    shipped = (
        Period(FIRST, LAST).orders()
        .filter(fulfillment=Fulfillment.SELLER, status=OrderStatus.SHIPPED).first()
    )  # fmt: skip
    export(path)
    edit(path, "Order Tracking", "Order ID", delivered.external_id, **{"Tracking Number": UPS})
    edit(path, "Order Tracking", "Order ID", shipped.external_id,
         **{"Shipped Date": dt.date(2025, 12, 1)})  # fmt: skip

    plan = preview(path)

    (error,) = plan.errors
    assert "expected no change: a delivered order's labels stay as they are" in error
    assert any("shipped date stays as the channel was told it" in n for n in plan.notices)


def test_the_rest_of_a_partly_shipped_order_needs_its_own_tracking_number(path):
    order = part_shipped()
    export(path)
    edit(path, "Order Tracking", "Order ID", order.external_id, **{"Order Status": "Shipped"})

    (error,) = preview(path).errors

    assert "expected the tracking number of the parcel that ships the rest of the order" in error


def test_later_edits_to_an_order_the_workbook_changed_are_still_applied(path):
    order = unshipped_order()
    export(path)
    edit(path, "Order Tracking", "Order ID", order.external_id, Notes="Call first")
    apply(path)
    edit(path, "Order Tracking", "Order ID", order.external_id,
         **{"Order Status": "Shipped", "Carrier": "UPS", "Tracking Number": UPS})  # fmt: skip

    assert [change.kind for change in preview(path).changes] == ["ship"]


def test_the_first_download_read_again_after_an_apply_undoes_nothing(path):
    sku = restock_list()[0].sku
    export(path)
    original = path.read_bytes()
    edit(path, "Inventory", "SKU", sku.code, **{"Unit Cost": 9.99})
    append(path, "Inventory", SKU="NEW-2", **{"Product Name": "Star studs", "Unit Cost": 3})
    apply(path)
    edit(path, "Inventory", "SKU", "NEW-2", **{"Available Quantity": 4})
    assert [change.kind for change in preview(path).changes] == ["count"]

    copy = path.with_name("copy.xlsx")
    copy.write_bytes(original)

    assert preview(copy).changes == []


def test_an_amount_too_big_to_keep_is_refused(path):
    sku = restock_list()[0].sku
    export(path)
    edit(path, "Inventory", "SKU", sku.code, **{"Unit Cost": 1e25, "Available Quantity": 1e20})

    errors = preview(path).errors

    assert len(errors) == 1  # the row's first bad cell
    assert "column Unit Cost (D): expected an amount, 0 or more" in errors[0]


def test_shipped_on_one_row_ships_only_that_line(path):
    order = next(
        order for order in Order.objects.filter(
            fulfillment=Fulfillment.SELLER, status=OrderStatus.UNSHIPPED
        ).order_by("pk") if order.lines.count() > 1
    )  # fmt: skip
    first = order.lines.order_by("pk").first()
    export(path)
    book = openpyxl.load_workbook(path)
    sheet = book["Order Tracking"]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == order.external_id)
    row[10].value, row[14].value, row[15].value = "Shipped", "UPS", UPS
    book.save(path)

    (change,) = preview(path).changes
    assert change.description.startswith(
        f"Unshipped → Partially shipped (lines 1 {first.sku.code})"
    )
    apply(path)

    order.refresh_from_db()
    assert order.status == OrderStatus.PARTIALLY_SHIPPED
    first.refresh_from_db()
    assert first.quantity_shipped == first.quantity_ordered
    assert all(line.quantity_shipped == 0 for line in order.lines.exclude(pk=first.pk))


def test_a_sellers_own_sheet_with_a_qty_column_and_a_sku_in_lower_case(demo_shop, tmp_path):
    first, second = restock_list()[:2]
    path = tmp_path / "mine.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "inventory"
    sheet.append(["sku", "Unit cost", "qty", "Supplier"])
    sheet.append([first.sku.code, None, 40, "Beads & Co"])
    sheet.append([second.sku.code.lower(), 2, None, ""])
    book.save(path)

    plan = preview(path)

    assert [(change.subject, change.kind) for change in plan.changes] == [
        (f"SKU {first.sku.code}", "count")
    ]
    (error,) = plan.errors
    assert f"expected the SKU as sellerdesk spells it ({second.sku.code})" in error


def test_a_cost_in_another_currency_is_refused_not_taken_as_the_skus(path):
    sku = restock_list()[0].sku
    export(path)
    other = "GBP" if sku.cost_currency != "GBP" else "EUR"
    sign = {"GBP": "£", "EUR": "€"}[other]
    edit(path, "Inventory", "SKU", sku.code, **{"Unit Cost": f"{sign}9.10"})

    (error,) = preview(path).errors

    assert f"expected an amount in {sku.cost_currency}, {sku.code}'s cost currency" in error


def test_a_cancellation_says_it_is_made_here_only(path):
    order = unshipped_order()
    export(path)
    edit(path, "Order Tracking", "Order ID", order.external_id, **{"Order Status": "Cancelled"})

    (change,) = preview(path).changes

    assert change.description == (
        "Unshipped → Cancelled, here only (cancel it on the channel too; it counts in your "
        "cancellation rate)"
    )
