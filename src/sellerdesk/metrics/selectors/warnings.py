"""Early warnings: what will count against the seller unless she acts today.

Amazon shows a late shipment or a missing scan weeks after the fact; these read the same
data before it becomes a defect.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import F

from sellerdesk.core import clock
from sellerdesk.core.lookups import IsNullOffIndex
from sellerdesk.orders.models import ConfirmationState, Shipment

from ..domain.policy import Metric
from ..domain.rates import Rate, Status, more_to_fail
from ..rollups.refresh import refreshed
from . import daily
from .counts import Scope
from .summary import policy_list, scope_list

LISTED = 20
NO_SCAN_LOOK_BACK = dt.timedelta(days=30)


@dataclass(frozen=True)
class LateShipmentOutlook:
    scope: Scope
    name: str
    now: Rate
    due: int
    """Orders in the window not confirmed yet whose ship-by is before the end of today."""
    overdue: int
    """Of those, the ones already past their ship-by."""
    if_missed: Rate
    more_to_fail: int

    @property
    def worrying(self) -> bool:
        return (
            self.now.status is not Status.PASS
            or self.if_missed.status is Status.FAIL
            or self.overdue > 0
        )


@dataclass(frozen=True)
class EarlyWarnings:
    late_shipments: list[LateShipmentOutlook] = field(default_factory=list)
    unscanned: list[Shipment] = field(default_factory=list)
    """Told to the channel hours ago, and still no carrier scan."""
    untold: list[Shipment] = field(default_factory=list)
    """Shipped hours ago, and the channel still does not have the tracking."""

    @property
    def any(self) -> bool:
        worrying = any(outlook.worrying for outlook in self.late_shipments)
        return worrying or bool(self.unscanned) or bool(self.untold)


def early_warnings(*, now: dt.datetime | None = None) -> EarlyWarnings:
    now = now or clock.now()
    with refreshed():
        outlook = late_shipment_outlook(now=now)
    return EarlyWarnings(
        late_shipments=outlook,
        unscanned=_unscanned(now),
        untold=_untold(now),
    )


def late_shipment_outlook(*, now: dt.datetime) -> list[LateShipmentOutlook]:
    """Each marketplace's Late Shipment Rates now and if today's due orders miss their ship-by."""
    policies = policy_list()
    _, end_of_today = clock.day_bounds(clock.seller_today(now), clock.seller_zone())
    outlooks = []
    for scope in scope_list():
        if scope.fulfillment != "seller":
            continue
        for metric in (Metric.LATE_SHIPMENT_RATE_10, Metric.LATE_SHIPMENT_RATE_30):
            policy = policies[metric]
            window = policy.window(now.date())
            found = daily.order_counts(scope, window)
            late, orders = found.late, found.orders
            if not orders:
                continue
            due = daily.unconfirmed_before(scope, window, end_of_today)
            overdue = daily.unconfirmed_before(scope, window, now)
            rate = Rate(late, orders, policy.target)
            if_missed = Rate(late + due, orders, policy.target)
            outlook = LateShipmentOutlook(
                scope, policy.name, rate, due, overdue, if_missed, more_to_fail(rate)
            )
            outlooks.append(outlook)
    return outlooks


def _unscanned(now: dt.datetime) -> list[Shipment]:
    hours = dt.timedelta(hours=settings.SELLERDESK_NO_SCAN_HOURS)
    return list(
        Shipment.objects.filter(
            # Older than a month, a parcel is past helping: the warning is for this week's.
            first_told_at__gte=now - NO_SCAN_LOOK_BACK,
            first_told_at__lt=now - hours,
            first_scan_at__isnull=True,
            order__fulfillment="seller",
        )
        # Through the index of parcels not yet scanned, not the one of undelivered orders.
        .filter(IsNullOffIndex(F("order__delivered_at")))
        .exclude(tracking_number="")
        .select_related("order")
        .order_by("first_told_at")[:LISTED]
    )


def _untold(now: dt.datetime) -> list[Shipment]:
    hours = dt.timedelta(hours=settings.SELLERDESK_UNTOLD_HOURS)
    return list(
        Shipment.objects.filter(
            channel_state__literal_in=[ConfirmationState.PENDING, ConfirmationState.FAILED],
            shipped_at__lt=now - hours,
            order__channel__kind="amazon",  # the channel sellerdesk tells; others are told by hand
        )
        .select_related("order")
        .order_by("shipped_at")[:LISTED]
    )
