"""Amazon's metrics counted per UTC day, for the days given, from the orders themselves.

The same conditions the order lists use (selectors.conditions, held to the domain rules by
tests) count here, grouped by day, marketplace and fulfilment channel.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncHour

from sellerdesk.channels.models import ChannelKind
from sellerdesk.orders.models import Order, OrderStatus, Shipment

from ..domain.rates import Window
from ..selectors import conditions, packages
from ..selectors.counts import LATE, confirmed_at
from .day_of import UTCDate
from .days import Days, replace
from .models import AmazonDay, DeliveryDay, TrackingDay, UnconfirmedHour

UTC = dt.UTC


def _between(rows: QuerySet[Any], field: str, days: Days) -> QuerySet[Any]:
    if days is None:
        return rows
    start, end = Window(*days).bounds()
    return rows.filter(**{f"{field}__gte": start, f"{field}__lt": end})


def _amazon_orders() -> QuerySet[Order]:
    return Order.objects.filter(channel__kind=ChannelKind.AMAZON)


SHIPPING = ~Q(status=OrderStatus.CANCELED) & Q(latest_ship_at__isnull=False)
"""The Late Shipment Rate's orders: cancelled ones count toward cancellations instead."""

KEYS = ("day", "marketplace_id", "fulfillment")


def order_days(days: Days) -> list[AmazonDay]:
    orders = _between(_amazon_orders(), "purchased_at", days).annotate(
        day=UTCDate("purchased_at"), confirmed_at=confirmed_at()
    )
    grouped = orders.values(*KEYS).annotate(
        orders=Count("pk"),
        defective=Count("pk", filter=conditions.DEFECT),
        negative_feedback=Count("pk", filter=conditions.NEGATIVE_FEEDBACK),
        claims=Count("pk", filter=conditions.CLAIM),
        chargebacks=Count("pk", filter=conditions.SERVICE_CHARGEBACK),
        shipping_orders=Count("pk", filter=SHIPPING),
        late=Count("pk", filter=SHIPPING & LATE),
        cancelled=Count("pk", filter=conditions.counted_cancellation()),
    )
    return [AmazonDay(**row) for row in grouped.order_by()]


def unconfirmed_hours(days: Days) -> list[UnconfirmedHour]:
    orders = (
        _between(_amazon_orders(), "purchased_at", days)
        .filter(SHIPPING)
        .annotate(confirmed_at=confirmed_at())
        .filter(confirmed_at=None)
        .annotate(
            day=UTCDate("purchased_at"),
            ship_by_hour=TruncHour("latest_ship_at", tzinfo=UTC),
        )
    )
    grouped = orders.values(*KEYS, "ship_by_hour").annotate(orders=Count("pk"))
    return [UnconfirmedHour(**row) for row in grouped.order_by()]


def tracking_days(days: Days) -> list[TrackingDay]:
    shipments = _between(
        Shipment.objects.filter(
            order__channel__kind=ChannelKind.AMAZON, order__latest_delivery_at__isnull=False
        ),
        "order__latest_delivery_at",
        days,
    )
    total: Counter[tuple[Any, ...]] = Counter()
    valid: Counter[tuple[Any, ...]] = Counter()
    for package in packages.tracked_packages(shipments):
        assert package.deliver_by is not None  # selected on it
        key = (_utc_day(package.deliver_by), package.marketplace_id, package.fulfillment)
        total[(*key, package.category)] += 1
        valid[(*key, package.category)] += package.valid
    return [
        TrackingDay(
            day=day, marketplace_id=market, fulfillment=fulfil, category=category,
            packages=count, valid=valid[(day, market, fulfil, category)],
        )
        for (day, market, fulfil, category), count in total.items()
    ]  # fmt: skip


def delivery_days(days: Days) -> list[DeliveryDay]:
    shipments = _between(
        Shipment.objects.filter(order__channel__kind=ChannelKind.AMAZON),
        "order__delivered_at",
        days,
    )
    units: Counter[tuple[Any, ...]] = Counter()
    on_time: Counter[tuple[Any, ...]] = Counter()
    for package in packages.delivered_packages(shipments):
        key = (_utc_day(package.delivered_at), package.marketplace_id, package.fulfillment)
        units[key] += package.units
        on_time[key] += package.units if package.on_time else 0
    return [
        DeliveryDay(
            day=day, marketplace_id=market, fulfillment=fulfil, units=count,
            on_time=on_time[(day, market, fulfil)],
        )
        for (day, market, fulfil), count in units.items()
    ]  # fmt: skip


def _utc_day(moment: dt.datetime) -> dt.date:
    return moment.astimezone(UTC).date()


def recount(days: Days) -> None:
    """Replace the rows of these UTC days (all rows: None) with fresh counts."""
    replace(AmazonDay, order_days(days), days)
    replace(UnconfirmedHour, unconfirmed_hours(days), days)
    replace(TrackingDay, tracking_days(days), days)
    replace(DeliveryDay, delivery_days(days), days)
