"""Inventory: one row per stocked SKU, its sales linked from Order Tracking by formula, its
reorder point worked out by formula from velocity, lead time and safety stock."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from xlsxwriter.worksheet import Worksheet

from sellerdesk.planning.selectors.restock import RestockRow

from ..layout import INVENTORY_COLUMNS, ORDERS, column_letter, place
from .cells import Formats, start_table, write_text
from .figures import Figures
from .orders_sheet import C as ORDER

COL = {column.key: place(INVENTORY_COLUMNS, column.key) for column in INVENTORY_COLUMNS}
C = {column.key: column_letter(INVENTORY_COLUMNS, column.key) for column in INVENTORY_COLUMNS}


@dataclass(frozen=True)
class InventoryRow:
    product_id: str
    product: str
    sku: str
    unit_cost: Decimal
    cost_currency: str
    available: int
    """Free units on the seller's own shelves: what she counts."""
    fba: int
    """Free units at Amazon's warehouses."""
    on_order: int
    velocity: float
    lead_time: int
    safety: float
    reorder_at: float

    @classmethod
    def of(cls, row: RestockRow, fba: int) -> InventoryRow:
        return cls(
            product_id=row.sku.asin, product=row.sku.title, sku=row.sku.code,
            unit_cost=row.sku.unit_cost, cost_currency=row.sku.cost_currency,
            available=row.available - fba, fba=fba, on_order=row.on_order,
            velocity=row.plan.velocity,
            lead_time=row.lead_time_days, safety=row.plan.safety, reorder_at=row.plan.reorder_at,
        )  # fmt: skip

    @property
    def reorder(self) -> bool:
        return self.velocity > 0 and self.available + self.fba + self.on_order <= self.reorder_at


def write_inventory(
    sheet: Worksheet,
    rows: list[InventoryRow],
    order_rows: int,
    formats: Formats,
    figures: Figures,
    *,
    results: bool,
) -> None:
    start_table(sheet, INVENTORY_COLUMNS, len(rows), formats)
    end = max(order_rows, 1) + 1
    for number, row in enumerate(rows, start=1):
        excel = number + 1
        write_text(sheet, number, COL["product_id"], row.product_id, formats)
        write_text(sheet, number, COL["product"], row.product, formats)
        write_text(sheet, number, COL["sku"], row.sku, formats)
        write_text(sheet, number, COL["cost_currency"], row.cost_currency, formats)
        sheet.write_number(number, COL["unit_cost"], float(row.unit_cost), formats.money)
        sheet.write_number(number, COL["available"], row.available)
        sheet.write_number(number, COL["fba"], row.fba)
        sheet.write_number(number, COL["on_order"], row.on_order)
        sheet.write_number(number, COL["velocity"], row.velocity, formats.decimal)
        sheet.write_number(number, COL["lead_time"], row.lead_time)
        sheet.write_number(number, COL["safety"], row.safety, formats.decimal)
        cached = (
            figures.units_by_sku.get(row.sku, 0),
            float(row.unit_cost) * row.available,
            row.reorder_at,
            "Yes" if row.reorder else "No",
        )
        for key, formula, value, look in zip(
            FORMULA_KEYS,
            row_formulas(excel, end),
            cached,
            (formats.number, formats.money, formats.decimal, None),
            strict=True,
        ):
            sheet.write_formula(number, COL[key], formula, look, value if results else 0)
    _highlight_low_stock(sheet, max(len(rows), 1), formats)


FORMULA_KEYS = ("ordered", "total_cost", "reorder_point", "reorder")


def row_formulas(excel: int, end: int) -> tuple[str, str, str, str]:
    """Row `excel`'s Ordered Quantity, Total Cost, Reorder Point and Reorder? formulas, over
    Order Tracking's rows 2 to `end`."""
    units, skus, status = (
        f"'{ORDERS}'!${ORDER[key]}$2:${ORDER[key]}${end}" for key in ("quantity", "sku", "status")
    )
    return (
        # EXACT, not SUMIFS: SUMIFS ignores case and reads * ? ~ in a SKU as wildcards.
        f'=SUMPRODUCT(EXACT({skus},${C["sku"]}{excel})*({status}<>"Cancelled"),{units})',
        f"=${C['unit_cost']}{excel}*${C['available']}{excel}",
        f"=${C['velocity']}{excel}*${C['lead_time']}{excel}+${C['safety']}{excel}",
        f"=IF(AND(${C['velocity']}{excel}>0,${C['available']}{excel}+${C['fba']}{excel}"
        f'+${C["on_order"]}{excel}<=${C["reorder_point"]}{excel}),"Yes","No")',
    )


def _highlight_low_stock(sheet: Worksheet, last: int, formats: Formats) -> None:
    col = COL["available"]
    sheet.conditional_format(
        1, col, last, col,
        {"type": "cell", "criteria": "<=", "value": 0, "format": formats.empty},
    )  # fmt: skip
    sheet.conditional_format(
        1, 0, last, len(INVENTORY_COLUMNS) - 1,
        {"type": "formula", "criteria": f'=${C["reorder"]}2="Yes"', "format": formats.warn},
    )  # fmt: skip
