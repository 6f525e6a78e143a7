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

from django.db.models import (
    Avg,
    Case,
    Count,
    DecimalField,
    DurationField,
    ExpressionWrapper,
    F,
    Q,
    QuerySet,
    Sum,
    When,
)
from django.db.models.functions import TruncDay, TruncMonth, TruncWeek

from sellerdesk.core import clock
from sellerdesk.orders.models import Order, OrderLine, OrderStatus
from sellerdesk.returns.models import ReturnLine

GRAINS = {"day": TruncDay, "week": TruncWeek, "month": TruncMonth}
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

    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        zone = clock.seller_zone()
        return clock.day_bounds(self.first, zone)[0], clock.day_bounds(self.last, zone)[1]


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


def _orders(period: Period, filters: Filters) -> QuerySet[Order]:
    start, end = period.bounds()
    orders = Order.objects.filter(purchased_at__gte=start, purchased_at__lt=end).exclude(
        status=OrderStatus.CANCELED
    )
    if filters.channel:
        orders = orders.filter(channel__code=filters.channel)
    if filters.marketplace:
        orders = orders.filter(marketplace__code=filters.marketplace)
    return orders


def _units() -> F:
    return F("quantity_ordered") - F("quantity_cancelled")  # type: ignore[return-value]


def totals(period: Period, filters: Filters) -> Totals:
    orders = _orders(period, filters)
    result = Totals()
    for currency, revenue, count in orders.values_list("currency").annotate(
        revenue=Sum("total"), count=Count("pk")
    ):
        result.revenue[currency] = revenue
        result.orders += count
    units = OrderLine.objects.filter(order__in=orders).aggregate(units=Sum(_units()))["units"]
    result.units = units or 0
    return result


@dataclass(frozen=True)
class PeriodRow:
    starts: dt.date
    revenue: Amounts
    orders: int
    units: int


def by_period(period: Period, filters: Filters, grain: str) -> list[PeriodRow]:
    """Each day, week (from Monday) or month of the period, empty ones included."""
    trunc = GRAINS[grain]
    zone = clock.seller_zone()
    orders = _orders(period, filters).annotate(bucket=trunc("purchased_at", tzinfo=zone))
    revenue: dict[dt.date, Amounts] = defaultdict(dict)
    counts: dict[dt.date, int] = defaultdict(int)
    for bucket, currency, amount, count in orders.values_list("bucket", "currency").annotate(
        amount=Sum("total"), count=Count("pk")
    ):
        day = _day(bucket)
        revenue[day][currency] = amount
        counts[day] += count
    lines = OrderLine.objects.filter(order__in=_orders(period, filters)).annotate(
        bucket=trunc("order__purchased_at", tzinfo=zone)
    )
    units = {
        _day(bucket): total
        for bucket, total in lines.values_list("bucket").annotate(total=Sum(_units()))
    }
    return [
        PeriodRow(start, revenue.get(start, {}), counts.get(start, 0), units.get(start, 0))
        for start in _starts(period, grain)
    ]


def _day(bucket: dt.date | dt.datetime) -> dt.date:
    return bucket.date() if isinstance(bucket, dt.datetime) else bucket


def _starts(period: Period, grain: str) -> list[dt.date]:
    if grain == "day":
        return [period.first + dt.timedelta(days=n) for n in range(period.days)]
    if grain == "week":
        first = period.first - dt.timedelta(days=period.first.weekday())
        return [first + dt.timedelta(weeks=n) for n in range((period.last - first).days // 7 + 1)]
    starts, month = [], period.first.replace(day=1)
    while month <= period.last:
        starts.append(month)
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return starts


def _charged() -> Case:
    """A line's charge as the order's total counts it (orders.domain.charged_amount)."""
    money = DecimalField(max_digits=14, decimal_places=4)
    base = ExpressionWrapper(
        F("item_price") + F("shipping_price") - F("promotion_discount") - F("shipping_discount"),
        output_field=money,
    )
    taxed = ExpressionWrapper(base + F("item_tax") + F("shipping_tax"), output_field=money)
    return Case(When(order__prices_include_tax=True, then=base), default=taxed, output_field=money)


@dataclass(frozen=True)
class Breakdown:
    key: str
    label: str
    revenue: Amounts
    orders: int
    units: int


def by_sku(period: Period, filters: Filters, limit: int = TOP) -> list[Breakdown]:
    """The SKUs that sold most units, with what they brought in."""
    lines = OrderLine.objects.filter(order__in=_orders(period, filters)).exclude(
        quantity_ordered=F("quantity_cancelled")
    )
    grouped = lines.values_list("channel_sku", "currency").annotate(
        units=Sum(_units()), revenue=Sum(_charged()), orders=Count("order", distinct=True)
    )
    totals: dict[str, Totals] = defaultdict(Totals)
    for code, currency, units, revenue, orders in grouped.order_by():
        entry = totals[code]
        entry.revenue[currency] = revenue
        entry.orders += orders
        entry.units += units
    titles = dict(lines.values_list("channel_sku", "title").order_by("channel_sku", "-pk"))
    ranked = sorted(totals.items(), key=lambda item: (-item[1].units, item[0]))[:limit]
    return [
        Breakdown(code, titles.get(code, ""), entry.revenue, entry.orders, entry.units)
        for code, entry in ranked
    ]


def by_channel(period: Period, filters: Filters) -> list[Breakdown]:
    """Each channel and marketplace (a channel without marketplaces on its own)."""
    orders = _orders(period, filters)
    rows: dict[str, Breakdown] = {}
    grouped = orders.values_list("channel__name", "marketplace__code", "currency").annotate(
        revenue=Sum("total"), count=Count("pk")
    )
    units = {
        (name, code): total
        for name, code, total in OrderLine.objects.filter(order__in=orders)
        .values_list("order__channel__name", "order__marketplace__code")
        .annotate(total=Sum(_units()))
    }
    for name, code, currency, revenue, count in grouped:
        key = f"{name} {code}" if code else name
        row = rows.get(key) or Breakdown(key, key, {}, 0, units.get((name, code), 0))
        rows[key] = Breakdown(
            key, key, {**row.revenue, currency: revenue}, row.orders + count, row.units
        )
    return sorted(rows.values(), key=lambda row: -row.orders)


def status_mix(period: Period, filters: Filters) -> list[tuple[str, int]]:
    """Every order of the period by status, cancelled ones included."""
    start, end = period.bounds()
    orders = Order.objects.filter(purchased_at__gte=start, purchased_at__lt=end)
    if filters.channel:
        orders = orders.filter(channel__code=filters.channel)
    if filters.marketplace:
        orders = orders.filter(marketplace__code=filters.marketplace)
    labels = dict(OrderStatus.choices)
    counted = orders.values_list("status").annotate(count=Count("pk")).order_by("-count", "status")
    return [(labels.get(status, status), count) for status, count in counted]


def time_to_ship(period: Period, filters: Filters) -> dt.timedelta | None:
    """The mean time from purchase to shipping of the seller's own orders that shipped."""
    taken = ExpressionWrapper(F("shipped_at") - F("purchased_at"), output_field=DurationField())
    orders = _orders(period, filters).filter(fulfillment="seller", shipped_at__isnull=False)
    return orders.aggregate(mean=Avg(taken))["mean"]


def return_rate(period: Period, filters: Filters) -> tuple[int, int]:
    """(units returned, units shipped) of the period's orders."""
    lines = OrderLine.objects.filter(order__in=_orders(period, filters))
    shipped = lines.aggregate(units=Sum("quantity_shipped"))["units"] or 0
    returned = (
        ReturnLine.objects.filter(order_line__in=lines)
        .exclude(Q(ret__rejected_at__isnull=False))
        .aggregate(units=Sum("quantity"))["units"]
        or 0
    )
    return returned, shipped


def change(now: Decimal | int, before: Decimal | int) -> Decimal | None:
    """The change against the period before, in percent; None when there was nothing before."""
    if not before:
        return None
    return ((Decimal(now) - Decimal(before)) * 100 / Decimal(before)).quantize(Decimal("0.1"))
