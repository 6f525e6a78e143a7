"""The workbook's figures worked out in Python as the order rows stream past, the same sums
its formulas make: written as the formulas' cached results, so a spreadsheet that does not
recalculate on opening still shows them."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from sellerdesk.metrics.selectors.sales import period_start

from ..selectors import CANCELLED, OrderRow


def grain_for(first: dt.date, last: dt.date) -> str:
    """Days for two months or less, weeks up to a year and a half, then months."""
    days = (last - first).days + 1
    return "day" if days <= 62 else "week" if days <= 548 else "month"


@dataclass
class Figures:
    as_of: dt.datetime
    grain: str
    rows: int = 0
    orders: int = 0
    units: int = 0
    late: int = 0
    to_reorder: int = 0
    sales: dict[str, Decimal] = field(default_factory=lambda: defaultdict(Decimal))
    units_by_sku: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    sales_by_start: dict[tuple[dt.date, str], Decimal] = field(
        default_factory=lambda: defaultdict(Decimal)
    )

    def add(self, row: OrderRow) -> None:
        self.rows += 1
        if row.status == CANCELLED:
            return
        self.units += row.quantity
        self.units_by_sku[row.sku] += row.quantity
        self.sales[row.currency] += row.total
        start = period_start(row.order_date.date(), self.grain)
        self.sales_by_start[start, row.currency] += row.total
        if row.line == 1:
            self.orders += 1
            if row.fulfilled_by == "Seller" and self.is_late(row):
                self.late += 1

    def is_late(self, row: OrderRow) -> bool:
        """Shipped after its ship-by, or not shipped and past it."""
        if row.ship_by is None:
            return False
        if row.shipped is not None:
            return row.shipped > row.ship_by
        return self.as_of > row.ship_by

    def top(self, count: int) -> list[tuple[str, int]]:
        ranked = sorted(self.units_by_sku.items(), key=lambda item: (-item[1], item[0]))
        return [(sku, units) for sku, units in ranked[:count] if units > 0]
