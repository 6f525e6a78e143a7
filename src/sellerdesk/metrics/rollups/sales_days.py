"""Sales counted per day of the seller's (SELLERDESK_TIME_ZONE), for the days given.

Revenue is what buyers paid (the orders' totals); units are ordered less cancelled; returns
count the units of returns not rejected, against the day the order was placed.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import (
    Case,
    Count,
    DecimalField,
    DurationField,
    ExpressionWrapper,
    F,
    Max,
    Min,
    Q,
    QuerySet,
    Sum,
    When,
)

from sellerdesk.core import clock
from sellerdesk.orders.models import Fulfillment, Order, OrderLine, OrderStatus
from sellerdesk.returns.models import ReturnLine

from .day_of import local_date
from .days import Days, replace
from .models import SalesDay, SkuDay

KEYS = ("day", "channel_id", "marketplace_id", "currency", "status", "fulfillment")


def _orders(days: Days) -> QuerySet[Order]:
    if days is None:
        return Order.objects.all()
    start, end = _span(days)
    return Order.objects.filter(purchased_at__gte=start, purchased_at__lt=end)


def _span(days: Days) -> tuple[dt.datetime, dt.datetime]:
    """The instants [start, end) the days cover; every order's, for all days."""
    zone = clock.seller_zone()
    if days is not None:
        return clock.day_bounds(days[0], zone)[0], clock.day_bounds(days[1], zone)[1]
    found = Order.objects.aggregate(first=Min("purchased_at"), last=Max("purchased_at"))
    first, last = found["first"] or clock.now(), found["last"] or clock.now()
    return first, last + dt.timedelta(seconds=1)


def _day(field: str, days: Days) -> Any:
    """The seller's day of an order's purchase (`field` leads to it)."""
    return local_date(field, clock.seller_zone(), *_span(days))


def _units() -> Any:
    return F("quantity_ordered") - F("quantity_cancelled")


def _by_order(prefix: str, days: Days) -> dict[str, Any]:
    """The rollup's keys read through `prefix` (the path to the order) from a related row."""
    day = _day(f"{prefix}purchased_at", days)
    return {"day": day, **{key: F(f"{prefix}{key}") for key in KEYS[1:]}}


def sales_days(days: Days) -> list[SalesDay]:
    orders = _orders(days)
    shipped_here = Q(fulfillment=Fulfillment.SELLER, shipped_at__isnull=False) & ~Q(
        status=OrderStatus.CANCELED
    )
    taken = ExpressionWrapper(F("shipped_at") - F("purchased_at"), output_field=DurationField())
    rows: dict[tuple[Any, ...], dict[str, Any]] = {}
    grouped = (
        orders.annotate(day=_day("purchased_at", days))
        .values(*KEYS)
        .annotate(
            orders=Count("pk"),
            revenue=Sum("total"),
            shipped_orders=Count("pk", filter=shipped_here),
            time_to_ship=Sum(taken, filter=shipped_here),
        )
    )
    for row in grouped.order_by():
        row["time_to_ship"] = row["time_to_ship"] or dt.timedelta(0)
        rows[tuple(row[key] for key in KEYS)] = {
            **row, "units": 0, "shipped_units": 0, "returned_units": 0,
        }  # fmt: skip
    lines = (
        OrderLine.objects.filter(order__in=orders)
        .annotate(**_keyed("order__", days))
        .values(*_KEYED)
        .annotate(units=Sum(_units()), shipped_units=Sum("quantity_shipped"))
    )
    for row in lines.order_by():
        rows[_key(row)].update(units=row["units"], shipped_units=row["shipped_units"])
    returned = (
        ReturnLine.objects.filter(order_line__order__in=orders, ret__rejected_at=None)
        .annotate(**_keyed("order_line__order__", days))
        .values(*_KEYED)
        .annotate(units=Sum("quantity"))
    )
    for row in returned.order_by():
        rows[_key(row)]["returned_units"] = row["units"]
    return [SalesDay(**row) for row in rows.values()]


# Related rows group under the order's keys, named apart from their own fields.
_KEYED = tuple(f"o_{key}" for key in KEYS)


def _keyed(prefix: str, days: Days) -> dict[str, Any]:
    return {f"o_{key}": value for key, value in _by_order(prefix, days).items()}


def _key(row: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(row[name] for name in _KEYED)


def _charged() -> Case:
    """A line's charge as the order's total counts it (orders.domain.charged_amount)."""
    money: DecimalField[Decimal, Decimal] = DecimalField(max_digits=14, decimal_places=4)
    base = ExpressionWrapper(
        F("item_price") + F("shipping_price") - F("promotion_discount") - F("shipping_discount"),
        output_field=money,
    )
    taxed = ExpressionWrapper(base + F("item_tax") + F("shipping_tax"), output_field=money)
    return Case(When(order__prices_include_tax=True, then=base), default=taxed, output_field=money)


def sku_days(days: Days) -> list[SkuDay]:
    lines = (
        OrderLine.objects.filter(order__in=_orders(days).exclude(status=OrderStatus.CANCELED))
        .exclude(quantity_ordered=F("quantity_cancelled"))
        .annotate(
            day=_day("order__purchased_at", days),
            line_channel=F("order__channel_id"),
            line_market=F("order__marketplace_id"),
        )
    )
    grouped = lines.values("day", "line_channel", "line_market", "currency", "channel_sku")
    found = grouped.annotate(
        units=Sum(_units()),
        revenue=Sum(_charged()),
        orders=Count("order", distinct=True),
        last_title=Max("title"),
    )
    return [
        SkuDay(
            day=row["day"], channel_id=row["line_channel"], marketplace_id=row["line_market"],
            currency=row["currency"], channel_sku=row["channel_sku"], title=row["last_title"],
            orders=row["orders"], units=row["units"], revenue=row["revenue"] or Decimal(0),
        )
        for row in found.order_by()
    ]  # fmt: skip


def recount(days: Days) -> None:
    """Replace the rows of these days (all rows: None) with fresh counts."""
    replace(SalesDay, sales_days(days), days)
    replace(SkuDay, sku_days(days), days)
