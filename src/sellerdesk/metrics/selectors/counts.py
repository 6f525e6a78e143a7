"""The orders each metric counts against, for one scope and window: the lists the pages link
to (the counts themselves come from the daily rollups, `daily`).

A scope is one Amazon marketplace (or all) and one fulfilment channel: Amazon never mixes
seller-fulfilled with FBA orders in a metric (amazon-rules.md section 1.1).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import (
    Case,
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


def defect_orders(scope: Scope, window: Window) -> QuerySet[Order]:
    return _purchased_in(scope, window).filter(conditions.DEFECT)


def confirmed_at() -> Coalesce:
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
        .annotate(confirmed_at=confirmed_at())
    )


LATE = Q(confirmed_at__gt=F("latest_ship_at"))


def late_shipment_orders(scope: Scope, window: Window) -> QuerySet[Order]:
    return _shipping_orders(scope, window).filter(LATE)


def due_unconfirmed_orders(scope: Scope, window: Window, *, by: dt.datetime) -> QuerySet[Order]:
    """Orders in the window not yet confirmed whose ship-by falls before `by`: each will count
    late unless the channel is told in time."""
    return _shipping_orders(scope, window).filter(confirmed_at=None, latest_ship_at__lt=by)


def cancellation_orders(scope: Scope, window: Window) -> QuerySet[Order]:
    return _purchased_in(scope, window).filter(conditions.counted_cancellation())
