"""The exported workbook: its sheets, its cells, its safety, and its formulas recalculated by
LibreOffice against the numbers sellerdesk works out itself."""

from __future__ import annotations

import zipfile
from collections import defaultdict
from decimal import Decimal

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from sellerdesk.core import clock
from sellerdesk.inventory.models import LocationKind, StockLevel
from sellerdesk.inventory.services import Actor, count_stock
from sellerdesk.metrics.selectors import sales
from sellerdesk.metrics.selectors.summary import metric_summary, scope_list
from sellerdesk.orders.models import Fulfillment, OrderLine, OrderStatus
from sellerdesk.planning.selectors.restock import restock_list
from sellerdesk.workbook.export import export_workbook
from sellerdesk.workbook.layout import INVENTORY_COLUMNS, ORDER_COLUMNS
from sellerdesk.workbook.selectors import Period, seller_time

from .conftest import FIRST, LAST
from .libreoffice import recalculated

pytestmark = pytest.mark.django_db


def sheet(path, name) -> list[list]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(name).to_python()


def test_every_sheet_with_its_headers_and_one_row_per_order_line(demo_shop, tmp_path):
    target = tmp_path / "shop.xlsx"

    exported = export_workbook(target, first=FIRST, last=LAST)

    book = CalamineWorkbook.from_path(str(target))
    assert book.sheet_names == [
        "Dashboard", "Order Tracking", "Inventory", "Returns", "Performance", "About",
    ]  # fmt: skip
    orders = sheet(target, "Order Tracking")
    assert orders[0] == [column.header for column in ORDER_COLUMNS]
    lines = OrderLine.objects.filter(order__in=Period(FIRST, LAST).orders()).count()
    assert len(orders) - 1 == lines == exported.order_rows > 100
    # Times are the seller's wall clock (SELLERDESK_TIME_ZONE), to the second.
    shipped = Period(FIRST, LAST).orders().exclude(shipped_at=None).latest("purchased_at")
    row = next(row for row in orders if row[0] == shipped.external_id)
    assert (row[2], row[13]) == (seller_time(shipped.purchased_at), seller_time(shipped.shipped_at))
    inventory = sheet(target, "Inventory")
    assert inventory[0] == [column.header for column in INVENTORY_COLUMNS]
    assert len(inventory) - 1 == len(restock_list())


def test_sheets_have_frozen_headers_filters_widths_drop_downs_highlights_and_charts(
    demo_shop, tmp_path
):
    target = tmp_path / "shop.xlsx"
    export_workbook(target, first=FIRST, last=LAST)

    book = openpyxl.load_workbook(target)
    for name in ("Order Tracking", "Inventory", "Returns", "Performance"):
        assert book[name].freeze_panes == "A2", name
        assert book[name].auto_filter.ref.startswith("A1:"), name
    orders = book["Order Tracking"]
    assert orders.column_dimensions["F"].width > orders.column_dimensions["B"].width
    (statuses,) = orders.data_validations.dataValidation
    assert statuses.type == "list"
    assert "Unshipped" in statuses.formula1
    assert str(statuses.sqref).startswith("K2:K")
    highlighted = {str(rule.sqref) for rule in orders.conditional_formatting}
    assert any(ref.startswith("M2:M") for ref in highlighted)  # ship-by
    assert any(ref.startswith("Q2:Q") for ref in highlighted)  # expected delivery
    assert book["Inventory"]["H2"].value.startswith("=SUMPRODUCT(EXACT('Order Tracking'!")
    assert book["Inventory"]["N2"].value == "=$K2*$L2+$M2"
    # What the seller types in these stays as typed (a 22-digit tracking number included).
    for column in ("A", "E", "P"):
        assert orders.column_dimensions[column].number_format == "@", column
    with zipfile.ZipFile(target) as parts:
        charts = [name for name in parts.namelist() if name.startswith("xl/charts/chart")]
    assert len(charts) == 3


def test_libreoffice_recalculates_the_formulas_to_sellerdesks_own_numbers(demo_shop, tmp_path):
    run_short_of_the_best_seller()
    target = tmp_path / "shop.xlsx"
    # No stored results: every number below is LibreOffice's own recalculation.
    export_workbook(target, first=FIRST, last=LAST, results=False)
    assert sheet(target, "Dashboard")[5][1] == 0

    done = recalculated(target, tmp_path)

    dashboard = {row[0]: row[1:] for row in sheet(done, "Dashboard") if row and row[0]}
    totals = sales.totals(sales.Period(FIRST, LAST), sales.Filters())
    assert dashboard["Orders"][0] == totals.orders > 0
    assert dashboard["Units sold"][0] == totals.units
    for currency, revenue in totals.revenue.items():
        assert Decimal(str(dashboard[f"Sales ({currency})"][0])).quantize(Decimal("0.01")) == (
            revenue.quantize(Decimal("0.01"))
        )
    assert dashboard["Late shipments (your own)"][0] == late_orders()
    plans = {row.sku.code: row for row in restock_list()}
    assert dashboard["SKUs at their reorder point"][0] == sum(
        1 for row in plans.values() if row.to_order
    )
    at_amazon: dict[int, int] = defaultdict(int)
    for sku_id, on_hand, reserved in StockLevel.objects.filter(
        location__kind=LocationKind.FBA, location__is_active=True
    ).values_list("sku_id", "on_hand", "reserved"):
        at_amazon[sku_id] += on_hand - reserved
    ordered = units_ordered()
    best = sorted(ordered.items(), key=lambda item: (-item[1], item[0]))[:3]
    for code, units in best:
        assert dashboard[code][1] == units
    header, *rows = sheet(done, "Inventory")
    col = {name: header.index(name) for name in header}
    for row in rows:
        plan = plans[row[col["SKU"]]]
        assert row[col["Ordered Quantity"]] == ordered.get(plan.sku.code, 0)
        shelf = plan.available - at_amazon.get(plan.sku.pk, 0)
        assert row[col["Available Quantity"]] == shelf
        assert row[col["Total Cost"]] == pytest.approx(float(plan.sku.unit_cost) * shelf)
        assert row[col["Reorder Point"]] == pytest.approx(plan.plan.reorder_at, abs=1e-9)
        assert row[col["Reorder?"]] == ("Yes" if plan.to_order else "No")
    assert any(row[col["Reorder?"]] == "Yes" for row in rows)

    header, *rows = sheet(done, "Performance")
    expected = {
        (scope.marketplace.code, result.policy.name): result.rate.value
        for scope in scope_list()
        for result in metric_summary(scope, clock.now().date())
        if scope.fulfillment == Fulfillment.SELLER
    }
    seen = {(row[0], row[2]): row[7] for row in rows if row[1] == "Seller"}
    assert seen.keys() == expected.keys()
    for key, value in expected.items():
        assert seen[key] == ("" if value is None else pytest.approx(float(value), abs=1e-12))
    assert any(value for value in expected.values())


def run_short_of_the_best_seller() -> None:
    """The best seller's free shelf stock counted down to nothing: it must be reordered."""
    code = max(units_ordered().items(), key=lambda item: item[1])[0]
    for level in StockLevel.objects.filter(sku__code=code, location__kind=LocationKind.SHELF):
        count_stock(
            sku=level.sku, location=level.location, counted=level.reserved, actor=Actor("count")
        )


def late_orders() -> int:
    """Own orders of the period shipped after their ship-by, or unshipped and past it."""
    now = clock.now().replace(microsecond=0)
    late = 0
    orders = Period(FIRST, LAST).orders().filter(fulfillment=Fulfillment.SELLER)
    for order in orders.exclude(status=OrderStatus.CANCELED).exclude(latest_ship_at=None):
        shipped = order.shipped_at.replace(microsecond=0) if order.shipped_at else None
        due = order.latest_ship_at.replace(microsecond=0)
        late += shipped > due if shipped else now > due
    return late


def units_ordered() -> dict[str, int]:
    found: dict[str, int] = defaultdict(int)
    lines = OrderLine.objects.filter(order__in=Period(FIRST, LAST).orders()).exclude(
        order__status=OrderStatus.CANCELED
    )
    for code, ordered, cancelled in lines.values_list(
        "sku__code", "quantity_ordered", "quantity_cancelled"
    ):
        found[code] += ordered - cancelled
    return found
