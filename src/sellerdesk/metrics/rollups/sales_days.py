"""Sales counted per day of the seller's (SELLERDESK_TIME_ZONE), for the days given.

Revenue is what buyers paid (the orders' totals); units are ordered less cancelled; returns
count the units of returns not rejected, against the day the order was placed. Per SKU, the
margins' parts too: the shipped units, their share of the sales before tax, the cost drawn
for them, and those shipped with no cost drawn.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.db.models import (
    Case,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    IntegerField,
    Max,
    Min,
    Q,
    QuerySet,
    Sum,
    When,
)

from sellerdesk.core import clock
from sellerdesk.orders.models import Fulfillment, Order, OrderLine, OrderStatus
from sellerdesk.orders.selectors.charged import line_charged, shipped_sales
from sellerdesk.returns.models import ReturnLine

from .day_of import local_date
from .days import Days, replace
from .models import SalesDay, SkuDay

KEYS = ("day", "channel_id", "marketplace_id", "currency", "status", "fulfillment")


def _purchases(days: Days) -> tuple[QuerySet[Order], Callable[[str], Any]]:
    """The orders bought on these days (every order: None), and the seller's day of an
    order's purchase for a path to it (`order__purchased_at`)."""
    zone = clock.seller_zone()
    if days is None:
        orders = Order.objects.all()
        found = orders.aggregate(first=Min("purchased_at"), last=Max("purchased_at"))
        start = found["first"] or clock.now()
        end = (found["last"] or clock.now()) + dt.timedelta(seconds=1)
    else:
        start, end = clock.day_bounds(days[0], zone)[0], clock.day_bounds(days[1], zone)[1]
        orders = Order.objects.filter(purchased_at__gte=start, purchased_at__lt=end)
    return orders, lambda field: local_date(field, zone, start, end)


def _units() -> Any:
    return F("quantity_ordered") - F("quantity_cancelled")


def sales_days(days: Days) -> list[SalesDay]:
    orders, day = _purchases(days)
    shipped_here = Q(fulfillment=Fulfillment.SELLER, shipped_at__isnull=False) & ~Q(
        status=OrderStatus.CANCELED
    )
    taken = ExpressionWrapper(F("shipped_at") - F("purchased_at"), output_field=DurationField())
    rows: dict[tuple[Any, ...], dict[str, Any]] = {}
    grouped = (
        orders.annotate(day=day("purchased_at"))
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
        .annotate(**_keyed("order__", day))
        .values(*_KEYED)
        .annotate(units=Sum(_units()), shipped_units=Sum("quantity_shipped"))
    )
    for row in lines.order_by():
        rows[_key(row)].update(units=row["units"], shipped_units=row["shipped_units"])
    returned = (
        ReturnLine.objects.filter(order_line__order__in=orders, ret__rejected_at=None)
        .annotate(**_keyed("order_line__order__", day))
        .values(*_KEYED)
        .annotate(units=Sum("quantity"))
    )
    for row in returned.order_by():
        rows[_key(row)]["returned_units"] = row["units"]
    return [SalesDay(**row) for row in rows.values()]


# Related rows group under the order's keys, named apart from their own fields.
_KEYED = tuple(f"o_{key}" for key in KEYS)


def _keyed(prefix: str, day: Callable[[str], Any]) -> dict[str, Any]:
    """The rollup's keys read through `prefix` (the path to the order) from a related row."""
    return {
        "o_day": day(f"{prefix}purchased_at"),
        **{f"o_{key}": F(f"{prefix}{key}") for key in KEYS[1:]},
    }


def _key(row: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(row[name] for name in _KEYED)


def sku_days(days: Days) -> list[SkuDay]:
    orders, day = _purchases(days)
    lines = (
        OrderLine.objects.filter(order__in=orders.exclude(status=OrderStatus.CANCELED))
        .exclude(quantity_ordered=F("quantity_cancelled"))
        .annotate(
            day=day("order__purchased_at"),
            line_channel=F("order__channel_id"),
            line_market=F("order__marketplace_id"),
        )
    )
    grouped = lines.values("day", "line_channel", "line_market", "currency", "channel_sku", "sku")
    uncosted = Case(When(cost_of_goods__isnull=True, then=F("quantity_shipped")), default=0)
    found = grouped.annotate(
        units=Sum(_units()),
        revenue=Sum(line_charged()),
        orders=Count("order", distinct=True),
        last_title=Max("title"),
        shipped=Sum("quantity_shipped"),
        earned=Sum(shipped_sales()),
        drawn=Sum("cost_of_goods"),
        uncosted=Sum(uncosted, output_field=IntegerField()),
    )
    return [
        SkuDay(
            day=row["day"], channel_id=row["line_channel"], marketplace_id=row["line_market"],
            currency=row["currency"], channel_sku=row["channel_sku"], sku_id=row["sku"],
            title=row["last_title"],
            orders=row["orders"], units=row["units"], revenue=row["revenue"] or Decimal(0),
            shipped_units=row["shipped"], shipped_sales=row["earned"] or Decimal(0),
            drawn_cost=row["drawn"] or Decimal(0), uncosted_units=row["uncosted"],
        )
        for row in found.order_by()
    ]  # fmt: skip


def recount(days: Days) -> None:
    """Replace the rows of these days (all rows: None) with fresh counts."""
    replace(SalesDay, sales_days(days), days)
    replace(SkuDay, sku_days(days), days)
