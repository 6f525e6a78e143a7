"""An order's rows read line by line: part of it shipped from the workbook, the same
workbook read again, and what a row of a shipped line may not ask for."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest

from sellerdesk.core import clock
from sellerdesk.core.errors import DomainError
from sellerdesk.fulfillment.services import set_packing_settings
from sellerdesk.fulfillment.services.shipping import Package, ship_packages
from sellerdesk.orders.models import Fulfillment, Order, OrderStatus
from sellerdesk.planning.selectors.restock import restock_list
from sellerdesk.workbook.export import export_workbook
from sellerdesk.workbook.preview import preview_workbook

from .conftest import FIRST, LAST
from .editing import edit
from .test_import import ACTOR, UPS, apply, preview, unshipped_order
from .test_import_rules import part_shipped

pytestmark = pytest.mark.django_db
USPS = "9400111899223197428497"


@pytest.fixture
def path(demo_shop, tmp_path):
    return tmp_path / "shop.xlsx"


def export(path) -> None:
    export_workbook(path, first=FIRST, last=LAST)


def order_of_lines(count: int = 2) -> Order:
    return next(
        order for order in Order.objects.filter(
            fulfillment=Fulfillment.SELLER, status=OrderStatus.UNSHIPPED
        ).order_by("pk") if order.lines.count() >= count
    )  # fmt: skip


def set_row(path, order: Order, line: int, **values) -> None:
    """Set columns on the row of the order's `line`-th line (1 is the first)."""
    book = openpyxl.load_workbook(path)
    sheet = book["Order Tracking"]
    header = [cell.value for cell in sheet[1]]
    row = next(
        row for row in sheet.iter_rows(min_row=2)
        if row[0].value == order.external_id and row[1].value == line
    )  # fmt: skip
    for name, value in values.items():
        row[header.index(name)].value = value
    book.save(path)


def test_a_workbook_that_shipped_part_of_an_order_reads_back_unchanged(path):
    order = order_of_lines()
    export(path)
    set_row(path, order, 1, **{"Order Status": "Shipped", "Carrier": "UPS", "Tracking Number": UPS})
    apply(path)
    assert Order.objects.get(pk=order.pk).status == OrderStatus.PARTIALLY_SHIPPED

    plan = preview(path)

    assert (plan.errors, plan.changes) == ([], [])


def test_the_rest_ships_from_the_open_lines_row(path):
    order = part_shipped()
    export(path)
    set_row(path, order, 2, **{"Order Status": "Shipped", "Carrier": "USPS",
                               "Tracking Number": USPS})  # fmt: skip
    assert [change.kind for change in preview(path).changes] == ["ship"]

    apply(path)

    assert Order.objects.get(pk=order.pk).status == OrderStatus.SHIPPED


def test_a_shipped_lines_row_takes_no_new_tracking_number(path):
    order = part_shipped()
    export(path)
    set_row(path, order, 1, **{"Carrier": "USPS", "Tracking Number": USPS})

    (error,) = preview(path).errors

    assert "expected no new number on line 1's row: it has shipped" in error


def test_part_of_an_order_cannot_be_delivered(path):
    order = order_of_lines()
    export(path)
    set_row(path, order, 1, **{"Order Status": "Shipped", "Carrier": "UPS",
                               "Tracking Number": UPS, "Delivered Date": "2026-01-20"})  # fmt: skip

    (error,) = preview(path).errors

    assert "the order is delivered once every line has shipped" in error


def test_a_note_on_an_order_that_moved_on_does_not_unlock_its_old_cells(path):
    order = unshipped_order()
    export(path)
    edit(path, "Order Tracking", "Order ID", order.external_id,
         **{"Order Status": "Shipped", "Carrier": "UPS", "Tracking Number": UPS,
            "Notes": "fragile"})  # fmt: skip
    # Meanwhile it shipped from its page, in another parcel.
    ship_packages(order=order, packages=[Package("USPS", USPS)], actor=ACTOR)
    assert [change.kind for change in preview(path).changes] == ["note"]
    apply(path)

    assert preview(path).changes == []
    assert Order.objects.get(pk=order.pk).shipments.get().tracking_number == USPS


def test_a_day_written_with_the_months_name_is_a_day(path):
    order = unshipped_order()
    day = order.purchased_at.astimezone(clock.seller_zone()).date()
    export(path)
    edit(path, "Order Tracking", "Order ID", order.external_id,
         **{"Order Status": "Shipped", "Carrier": "UPS", "Tracking Number": UPS,
            "Shipped Date": f"{day:%d %b %Y}"})  # fmt: skip

    (change,) = preview(path).changes

    assert change.data["at"] == day.isoformat()


def test_the_preview_asks_shipping_whether_the_order_may_ship(path):
    order = unshipped_order()
    export(path)
    set_packing_settings(require_scan=True)
    edit(path, "Order Tracking", "Order ID", order.external_id,
         **{"Order Status": "Shipped", "Carrier": "UPS", "Tracking Number": UPS})  # fmt: skip

    (error,) = preview(path).errors

    assert "expected an order that can ship (" in error


def test_a_damaged_workbook_is_refused_with_a_message(path):
    export(path)
    # Every part kept but the sheets' own XML cut short, as a broken download leaves it.
    damaged = io.BytesIO()
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(damaged, "w") as copy:
        for item in source.infolist():
            data = source.read(item)
            copy.writestr(item, data[: len(data) // 2] if "worksheets/" in item.filename else data)

    with pytest.raises(DomainError, match=r"shop.xlsx: not a workbook that can be read"):
        preview_workbook(damaged.getvalue(), "shop.xlsx")


def test_a_tracking_number_already_on_another_order_and_a_cost_jump_are_pointed_out(path):
    shipped = (
        Order.objects.filter(fulfillment=Fulfillment.SELLER, status=OrderStatus.SHIPPED)
        .exclude(shipments__tracking_number="")
        .first()
    )
    number = shipped.shipments.first().tracking_number
    order = unshipped_order()
    sku = restock_list()[0].sku
    export(path)
    edit(path, "Order Tracking", "Order ID", order.external_id,
         **{"Order Status": "Shipped", "Carrier": shipped.shipments.first().carrier,
            "Tracking Number": number})  # fmt: skip
    edit(path, "Inventory", "SKU", sku.code, **{"Unit Cost": float(sku.unit_cost * 100)})

    plan = preview(path)

    assert sorted(change.kind for change in plan.changes) == ["ship", "unit_cost"]
    assert any(f"is also on order {shipped.external_id}'s parcel" in n for n in plan.notices)
    assert any(f"{sku.code}'s unit cost goes from" in n for n in plan.notices)


def test_an_old_excel_file_is_refused_with_how_to_save_it(db):
    with pytest.raises(DomainError, match=r"old.xls: an old Excel file \(.xls\). Save it as an"):
        preview_workbook(b"\xd0\xcf\x11\xe0 an old binary workbook", "old.xls")
