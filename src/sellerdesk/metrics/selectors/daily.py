"""Each metric's numerator and denominator summed from the daily rollups, for one scope and
window: a few rows per day of the window, however many orders there are."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet, Sum

from sellerdesk.orders.models import Order, OrderStatus

from ..domain.rates import Window
from ..rollups.models import AmazonDay, DeliveryDay, TrackingDay, UnconfirmedHour
from ..rollups.refresh import refresh
from .counts import Scope, confirmed_at


def _rows(model: type, scope: Scope, window: Window) -> QuerySet:
    refresh()
    rows = model.objects.filter(
        fulfillment=scope.fulfillment, day__gte=window.first, day__lte=window.last
    )
    if scope.marketplace is not None:
        rows = rows.filter(marketplace=scope.marketplace)
    return rows


def _sums(rows: QuerySet, *fields: str) -> dict[str, int]:
    found = rows.aggregate(**{field: Sum(field) for field in fields})
    return {field: found[field] or 0 for field in fields}


@dataclass(frozen=True)
class DefectCounts:
    orders: int
    defective: int
    negative_feedback: int
    claims: int
    chargebacks: int


def defect_counts(scope: Scope, window: Window) -> DefectCounts:
    """Order Defect Rate: orders by purchase date, each defective order once."""
    fields = ("orders", "defective", "negative_feedback", "claims", "chargebacks")
    return DefectCounts(**_sums(_rows(AmazonDay, scope, window), *fields))


@dataclass(frozen=True)
class LateCounts:
    late: int
    orders: int
    cancelled: int
    all_orders: int


def order_counts(scope: Scope, window: Window) -> LateCounts:
    """Late Shipment Rate (late, orders not cancelled with a ship-by) and Cancellation Rate
    (counted cancellations, all orders), by purchase date."""
    found = _sums(_rows(AmazonDay, scope, window), "late", "shipping_orders", "cancelled", "orders")
    return LateCounts(found["late"], found["shipping_orders"], found["cancelled"], found["orders"])


def unconfirmed_before(scope: Scope, window: Window, at: dt.datetime) -> int:
    """Orders of the window not yet confirmed whose ship-by is before `at`: each counts late
    when it is confirmed. Whole hours come from the rollup; the hour `at` falls in is counted
    from its few orders."""
    hour = at.astimezone(dt.UTC).replace(minute=0, second=0, microsecond=0)
    whole = _sums(_rows(UnconfirmedHour, scope, window).filter(ship_by_hour__lt=hour), "orders")
    if at == hour:  # a window's end, or any whole hour: the rollup has it all
        return whole["orders"]
    start, end = window.bounds()
    # Found by the ship-by index alone (the scope is checked here, not in SQL, lest the
    # database walk a whole fulfilment channel's orders instead): an hour's worth of orders.
    rows = (
        Order.objects.filter(latest_ship_at__gte=hour, latest_ship_at__lt=at)
        .annotate(confirmed_at=confirmed_at())
        .values_list("purchased_at", "status", "confirmed_at", "pk")
    )
    candidates = {
        pk for purchased, status, confirmed, pk in rows
        if start <= purchased < end and status != OrderStatus.CANCELED and confirmed is None
    }  # fmt: skip
    this_hour = scope.orders().filter(pk__in=candidates).count() if candidates else 0
    return whole["orders"] + this_hour


def tracking_counts(scope: Scope, window: Window) -> dict[str, tuple[int, int]]:
    """Valid Tracking Rate by category: (valid packages, packages), by promised delivery."""
    rows = _rows(TrackingDay, scope, window).values_list("category")
    found = rows.annotate(valid=Sum("valid"), packages=Sum("packages")).order_by("category")
    return {category: (valid, count) for category, valid, count in found}


def delivery_counts(scope: Scope, window: Window) -> tuple[int, int]:
    """On-Time Delivery Rate: (units on time, units), by delivery date."""
    found = _sums(_rows(DeliveryDay, scope, window), "on_time", "units")
    return found["on_time"], found["units"]
