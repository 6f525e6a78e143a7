"""Sales analytics: revenue, orders and units by period, SKU, channel and marketplace; status
mix, time to ship and return rate; each against the period before.

Revenue is what buyers paid (the orders' totals, tax included where prices exclude it), kept
per currency: amounts in two currencies are never added unless the seller gives a rate.
Cancelled orders and cancelled units are not sales. Days are the seller's (SELLERDESK_TIME_ZONE).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet, Sum

from sellerdesk.orders.models import OrderStatus

from ..rollups.models import SalesDay, SkuDay
from ..rollups.refresh import refresh

GRAINS = ("day", "week", "month")
TOP = 10


@dataclass(frozen=True)
class Period:
    first: dt.date
    last: dt.date

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def before(self) -> Period:
        """The same number of days just before, to compare with."""
        return Period(self.first - dt.timedelta(days=self.days), self.first - dt.timedelta(days=1))


@dataclass(frozen=True)
class Filters:
    channel: str = ""
    marketplace: str = ""


Amounts = dict[str, Decimal]
"""Money by currency code."""


@dataclass
class Totals:
    revenue: Amounts = field(default_factory=dict)
    orders: int = 0
    units: int = 0


def _rows(model: type, period: Period, filters: Filters) -> QuerySet:
    refresh()
    rows = model.objects.filter(day__gte=period.first, day__lte=period.last)
    if filters.channel:
        rows = rows.filter(channel__code=filters.channel)
    if filters.marketplace:
        rows = rows.filter(marketplace__code=filters.marketplace)
    return rows


def _sales(period: Period, filters: Filters) -> QuerySet[SalesDay]:
    """The period's sales: every order but the cancelled ones."""
    return _rows(SalesDay, period, filters).exclude(status=OrderStatus.CANCELED)


def totals(period: Period, filters: Filters) -> Totals:
    result = Totals()
    grouped = _sales(period, filters).values_list("currency")
    for currency, revenue, count, units in grouped.annotate(
        revenue=Sum("revenue"), count=Sum("orders"), units=Sum("units")
    ).order_by("currency"):
        result.revenue[currency] = revenue
        result.orders += count
        result.units += units
    return result


@dataclass(frozen=True)
class PeriodRow:
    starts: dt.date
    revenue: Amounts
    orders: int
    units: int


def by_period(period: Period, filters: Filters, grain: str) -> list[PeriodRow]:
    """Each day, week (from Monday) or month of the period, empty ones included."""
    revenue: dict[dt.date, Amounts] = defaultdict(dict)
    counts: dict[dt.date, int] = defaultdict(int)
    units: dict[dt.date, int] = defaultdict(int)
    grouped = _sales(period, filters).values_list("day", "currency")
    for day, currency, amount, count, sold in grouped.annotate(
        amount=Sum("revenue"), count=Sum("orders"), sold=Sum("units")
    ).order_by("day", "currency"):
        start = period_start(day, grain)
        revenue[start][currency] = revenue[start].get(currency, Decimal(0)) + amount
        counts[start] += count
        units[start] += sold
    return [
        PeriodRow(start, revenue.get(start, {}), counts.get(start, 0), units.get(start, 0))
        for start in period_starts(period, grain)
    ]


def period_start(day: dt.date, grain: str) -> dt.date:
    """The first day of the day's week (Monday) or month."""
    if grain == "week":
        return day - dt.timedelta(days=day.weekday())
    if grain == "month":
        return day.replace(day=1)
    return day


def period_starts(period: Period, grain: str) -> list[dt.date]:
    """The first day of each day, week or month the period touches."""
    if grain == "day":
        return [period.first + dt.timedelta(days=n) for n in range(period.days)]
    if grain == "week":
        first = period_start(period.first, grain)
        return [first + dt.timedelta(weeks=n) for n in range((period.last - first).days // 7 + 1)]
    starts, month = [], period.first.replace(day=1)
    while month <= period.last:
        starts.append(month)
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return starts


@dataclass(frozen=True)
class Breakdown:
    key: str
    label: str
    revenue: Amounts
    orders: int
    units: int


def by_sku(period: Period, filters: Filters, limit: int = TOP) -> list[Breakdown]:
    """The SKUs that sold most units, with what they brought in."""
    rows = _rows(SkuDay, period, filters)
    grouped = rows.values_list("channel_sku", "currency").annotate(
        units=Sum("units"), revenue=Sum("revenue"), orders=Sum("orders")
    )
    totals: dict[str, Totals] = defaultdict(Totals)
    for code, currency, units, revenue, orders in grouped.order_by():
        entry = totals[code]
        entry.revenue[currency] = revenue
        entry.orders += orders
        entry.units += units
    ranked = sorted(totals.items(), key=lambda item: (-item[1].units, item[0]))[:limit]
    # Each SKU's title as its latest day in the period has it.
    titles = dict(
        rows.filter(channel_sku__in=[code for code, _ in ranked])
        .order_by("channel_sku", "day")
        .values_list("channel_sku", "title")
    )
    return [
        Breakdown(code, titles.get(code, ""), entry.revenue, entry.orders, entry.units)
        for code, entry in ranked
    ]


def by_channel(period: Period, filters: Filters) -> list[Breakdown]:
    """Each channel and marketplace (a channel without marketplaces on its own)."""
    rows: dict[str, Breakdown] = {}
    grouped = _sales(period, filters).values_list("channel__name", "marketplace__code", "currency")
    for name, code, currency, revenue, count, units in grouped.annotate(
        revenue=Sum("revenue"), count=Sum("orders"), units=Sum("units")
    ).order_by("channel__name", "marketplace__code", "currency"):
        key = f"{name} {code}" if code else name
        row = rows.get(key) or Breakdown(key, key, {}, 0, 0)
        rows[key] = Breakdown(
            key, key, {**row.revenue, currency: revenue}, row.orders + count, row.units + units
        )
    return sorted(rows.values(), key=lambda row: -row.orders)


def status_mix(period: Period, filters: Filters) -> list[tuple[str, int]]:
    """Every order of the period by status, cancelled ones included."""
    labels = dict(OrderStatus.choices)
    counted = (
        _rows(SalesDay, period, filters)
        .values_list("status")
        .annotate(count=Sum("orders"))
        .order_by("-count", "status")
    )
    return [(labels.get(status, status), count) for status, count in counted]


def time_to_ship(period: Period, filters: Filters) -> dt.timedelta | None:
    """The mean time from purchase to shipping of the seller's own orders that shipped."""
    found = _sales(period, filters).aggregate(
        taken=Sum("time_to_ship"), count=Sum("shipped_orders")
    )
    return found["taken"] / found["count"] if found["count"] else None


def return_rate(period: Period, filters: Filters) -> tuple[int, int]:
    """(units returned, units shipped) of the period's orders."""
    found = _sales(period, filters).aggregate(
        returned=Sum("returned_units"), shipped=Sum("shipped_units")
    )
    return found["returned"] or 0, found["shipped"] or 0


def change(now: Decimal | int, before: Decimal | int) -> Decimal | None:
    """The change against the period before, in percent; None when there was nothing before."""
    if not before:
        return None
    return ((Decimal(now) - Decimal(before)) * 100 / Decimal(before)).quantize(Decimal("0.1"))
