"""Gross margin per order line, per order and per SKU: item sales before tax less the cost of
the units shipped, as their FIFO layers give it.

Each line keeps what its shipped units cost as they ship (orders.services.costs), and the
daily SKU rollup sums them with the sales they earned, for the list over many days. A line
shipped with no cost drawn (an FBA order, whose stock Amazon reports as a count, or stock
that predates costing) is costed at the SKU's unit cost and marked as an estimate.
Sales are in the order's currency and costs in the SKU's: the margin is worked out where
they match or the seller has a rate from one to the other (Analytics), never guessed.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Sum

from sellerdesk.metrics.currency import rates_to
from sellerdesk.metrics.rollups.models import SkuDay
from sellerdesk.metrics.rollups.refresh import refresh
from sellerdesk.orders.models import Order, OrderLine

from .. import domain


@dataclass(slots=True)
class Margin:
    """Sales and cost of some shipped units; `sales` in `currency`, cost in `cost_currency`."""

    currency: str
    cost_currency: str
    units: int = 0
    sales: Decimal = Decimal(0)
    cost: Decimal = Decimal(0)
    estimated_units: int = 0
    rate: Decimal | None = field(default=None)
    """Cost currency for one of the sales currency (1 when they are the same)."""

    @property
    def sales_in_cost_currency(self) -> Decimal | None:
        return None if self.rate is None else self.sales * self.rate

    @property
    def margin(self) -> Decimal | None:
        sales = self.sales_in_cost_currency
        return None if sales is None else sales - self.cost

    @property
    def percent(self) -> Decimal | None:
        sales = self.sales_in_cost_currency
        return None if sales is None else domain.margin_percent(sales, self.cost)

    def add(self, other: Margin) -> None:
        self.units += other.units
        self.sales += other.sales
        self.cost += other.cost
        self.estimated_units += other.estimated_units


def _line_margin(line: OrderLine, rates: dict[str, dict[str, Decimal]]) -> Margin:
    sku = line.sku
    assert sku is not None
    units = line.quantity_shipped
    # No cost kept: nothing shipped from counted stock (an FBA order): an estimate.
    missing = units if line.cost_of_goods is None else 0
    drawn_cost = line.cost_of_goods or Decimal(0)
    sold = line.quantity_ordered - line.quantity_cancelled
    sales = domain.net_sales(
        item_price=line.item_price, item_tax=line.item_tax,
        promotion_discount=line.promotion_discount,
        prices_include_tax=line.order.prices_include_tax,
    )  # fmt: skip
    # The sales of the shipped units only: a line half shipped has earned half so far.
    shipped_sales = sales * units / sold if sold else Decimal(0)
    to = sku.cost_currency
    if to not in rates:
        rates[to] = rates_to(to)
    return Margin(
        currency=line.currency, cost_currency=to, units=units, sales=shipped_sales,
        cost=drawn_cost + missing * sku.unit_cost, estimated_units=missing,
        rate=rates[to].get(line.currency),
    )  # fmt: skip


@dataclass(frozen=True, slots=True)
class OrderMargin:
    lines: list[tuple[OrderLine, Margin]]
    total: Margin | None
    """None when the lines are in several sales or cost currencies."""


def order_margin(order: Order) -> OrderMargin:
    lines = (
        OrderLine.objects.filter(order=order, sku__isnull=False, quantity_shipped__gt=0)
        .select_related("sku", "order")
        .order_by("pk")
    )
    rates: dict[str, dict[str, Decimal]] = {}
    found = [(line, _line_margin(line, rates)) for line in lines]
    keys = {(m.currency, m.cost_currency) for _, m in found}
    total = None
    if len(keys) == 1:
        currency, cost_currency = keys.pop()
        total = Margin(currency, cost_currency, rate=found[0][1].rate)
        for _, margin in found:
            total.add(margin)
    return OrderMargin(found, total)


@dataclass(frozen=True, slots=True)
class SkuMargin:
    code: str
    title: str
    margin: Margin


def sku_margin_list(*, first: dt.date, last: dt.date) -> list[SkuMargin]:
    """Each SKU's shipped units of orders placed on the seller's days `first` to `last`,
    per sales currency, best margin first; from the daily SKU rollup, one row a SKU and
    currency, however many orders the days hold."""
    refresh()
    rows = (
        SkuDay.objects.filter(day__gte=first, day__lte=last, sku__isnull=False)
        .values(
            "sku_id", "sku__code", "sku__title", "sku__unit_cost", "sku__cost_currency", "currency"
        )
        .annotate(
            units=Sum("shipped_units"),
            sales=Sum("shipped_sales"),
            drawn=Sum("drawn_cost"),
            estimated=Sum("uncosted_units"),
        )
        .filter(units__gt=0)
        .order_by()
    )  # fmt: skip
    rates: dict[str, dict[str, Decimal]] = {}
    found = []
    for row in rows:
        cost_currency = row["sku__cost_currency"]
        if cost_currency not in rates:
            rates[cost_currency] = rates_to(cost_currency)
        estimated = row["estimated"] or 0
        margin = Margin(
            currency=row["currency"], cost_currency=cost_currency, units=row["units"],
            sales=_exact(row["sales"]), cost=_exact(row["drawn"]) + estimated * row["sku__unit_cost"],
            estimated_units=estimated, rate=rates[cost_currency].get(row["currency"]),
        )  # fmt: skip
        found.append(SkuMargin(row["sku__code"], row["sku__title"], margin))
    found.sort(
        key=lambda row: (
            row.margin.margin is None,
            -(row.margin.margin or 0),
            row.code,
            row.margin.currency,
        )
    )
    return found


def _exact(amount: Decimal | float | None) -> Decimal:
    """A sum to the cent-and-more the columns hold: SQLite adds decimals as floating point."""
    if amount is None:
        return Decimal(0)
    return Decimal(str(amount)).quantize(Decimal("0.0001"))


def margin_totals(rows: list[SkuMargin]) -> dict[str, Margin]:
    """The rows summed per cost currency, where each row's sales could be converted."""
    totals: dict[str, Margin] = defaultdict(lambda: Margin("", ""))
    for row in rows:
        if row.margin.rate is None:
            continue
        total = totals[row.margin.cost_currency]
        total.currency = total.cost_currency = row.margin.cost_currency
        total.rate = Decimal(1)
        converted = row.margin.sales_in_cost_currency
        assert converted is not None
        total.add(
            Margin(
                row.margin.cost_currency, row.margin.cost_currency, row.margin.units, converted,
                row.margin.cost, row.margin.estimated_units,
            )
        )  # fmt: skip
    return dict(totals)
