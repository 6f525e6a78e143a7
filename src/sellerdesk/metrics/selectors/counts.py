"""Each metric's numerator and denominator counted in the database, for one scope and window.

A scope is one Amazon marketplace (or all) and one fulfilment channel: Amazon never mixes
seller-fulfilled with FBA orders in a metric (amazon-rules.md section 1.1). Each `*_orders`
function returns the orders a metric counts against, for the page that lists them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    When,
)
from django.db.models.functions import Coalesce

from sellerdesk.channels.models import ChannelKind, Marketplace
from sellerdesk.orders.models import Fulfillment, Order, OrderStatus, Shipment

from ..domain.rates import Window
from . import conditions


@dataclass(frozen=True)
class Scope:
    fulfillment: str = Fulfillment.SELLER
    marketplace: Marketplace | None = None

    def orders(self) -> QuerySet[Order]:
        orders = Order.objects.filter(
            channel__kind=ChannelKind.AMAZON, fulfillment=self.fulfillment
        )
        if self.marketplace is not None:
            orders = orders.filter(marketplace=self.marketplace)
        return orders

    def __str__(self) -> str:
        where = self.marketplace.code if self.marketplace else "all marketplaces"
        return f"{where}, {Fulfillment(self.fulfillment).label}"


def _purchased_in(scope: Scope, window: Window) -> QuerySet[Order]:
    start, end = window.bounds()
    return scope.orders().filter(purchased_at__gte=start, purchased_at__lt=end)


@dataclass(frozen=True)
class DefectCounts:
    orders: int
    defective: int
    negative_feedback: int
    claims: int
    chargebacks: int


def defect_counts(scope: Scope, window: Window) -> DefectCounts:
    """Order Defect Rate: orders by purchase date, each defective order once."""
    counts = _purchased_in(scope, window).aggregate(
        orders=Count("pk"),
        defective=Count("pk", filter=conditions.DEFECT),
        negative_feedback=Count("pk", filter=conditions.NEGATIVE_FEEDBACK),
        claims=Count("pk", filter=conditions.CLAIM),
        chargebacks=Count("pk", filter=conditions.SERVICE_CHARGEBACK),
    )
    return DefectCounts(**counts)


def defect_orders(scope: Scope, window: Window) -> QuerySet[Order]:
    return _purchased_in(scope, window).filter(conditions.DEFECT)


def _confirmed_at() -> Coalesce:
    """When the channel was first told the order shipped: for shipments made here, the first
    file or API call that told it (none yet: not confirmed, whatever shipped_at says); for an
    order shipped elsewhere, in Seller Central say, the channel's own ship time."""
    first_told = (
        Shipment.objects.filter(order=OuterRef("pk"), first_told_at__isnull=False)
        .order_by("first_told_at")
        .values("first_told_at")[:1]
    )
    shipped_here = Exists(Shipment.objects.filter(order=OuterRef("pk")))
    return Coalesce(
        Subquery(first_told), Case(When(shipped_here, then=None), default=F("shipped_at"))
    )


def _shipping_orders(scope: Scope, window: Window) -> QuerySet[Order]:
    # Cancelled orders count toward the cancellation rate instead (section 2.1).
    return (
        _purchased_in(scope, window)
        .exclude(status=OrderStatus.CANCELED)
        .filter(latest_ship_at__isnull=False)
        .annotate(confirmed_at=_confirmed_at())
    )


LATE = Q(confirmed_at__gt=F("latest_ship_at"))


@dataclass(frozen=True)
class ShippingCounts:
    orders: int
    late: int
    unconfirmed: dict[str, int]
    """For each instant asked about, the orders not yet confirmed whose ship-by is before it."""


def shipping_counts(
    scope: Scope, window: Window, **unconfirmed_before: dt.datetime
) -> ShippingCounts:
    """The Late Shipment Rate's counts, and orders still to confirm, in one pass."""
    still_to_confirm = {
        f"before_{name}": Count("pk", filter=Q(confirmed_at=None, latest_ship_at__lt=at))
        for name, at in unconfirmed_before.items()
    }
    found = _shipping_orders(scope, window).aggregate(
        orders=Count("pk"), late=Count("pk", filter=LATE), **still_to_confirm
    )
    unconfirmed = {name: found[f"before_{name}"] for name in unconfirmed_before}
    return ShippingCounts(found["orders"], found["late"], unconfirmed)


def late_shipment_counts(scope: Scope, window: Window) -> tuple[int, int]:
    """Late Shipment Rate: (confirmed after the ship-by, orders), by purchase date."""
    found = shipping_counts(scope, window)
    return found.late, found.orders


def late_shipment_orders(scope: Scope, window: Window) -> QuerySet[Order]:
    return _shipping_orders(scope, window).filter(LATE)


def due_unconfirmed_orders(scope: Scope, window: Window, *, by: dt.datetime) -> QuerySet[Order]:
    """Orders in the window not yet confirmed whose ship-by falls before `by`: each will count
    late unless the channel is told in time."""
    return _shipping_orders(scope, window).filter(confirmed_at=None, latest_ship_at__lt=by)


def cancellation_counts(scope: Scope, window: Window) -> tuple[int, int]:
    """Pre-fulfilment Cancellation Rate: (counted cancellations, orders), by purchase date."""
    counts = _purchased_in(scope, window).aggregate(
        orders=Count("pk"), cancelled=Count("pk", filter=conditions.counted_cancellation())
    )
    return counts["cancelled"], counts["orders"]


def cancellation_orders(scope: Scope, window: Window) -> QuerySet[Order]:
    return _purchased_in(scope, window).filter(conditions.counted_cancellation())
