"""What counts against each metric, row by row, with why: the orders behind the numbers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from sellerdesk.core import clock
from sellerdesk.messaging.domain.response_time import RESPONSE_TIME
from sellerdesk.messaging.models import BuyerMessage

from ..domain.counting import ClaimState, chargeback_counts, claim_counts, feedback_counts
from ..domain.policy import Metric, Policy
from ..domain.rates import Window
from . import counts, packages
from .counts import Scope
from .summary import policy_list

LISTED = 500


@dataclass(frozen=True)
class Counted:
    order_id: int | None
    label: str
    """The order's id on its channel; for a message without an order, its sender."""
    at: dt.datetime | None
    why: str
    message_id: int | None = None


def counted_against(metric: Metric, scope: Scope, as_of: dt.date) -> tuple[Policy, list[Counted]]:
    policy = policy_list()[metric]
    return policy, _LISTS[metric](scope, policy.window(as_of))[:LISTED]


def _defects(scope: Scope, window: Window) -> list[Counted]:
    rows = counts.defect_orders(scope, window).values_list(
        "pk", "external_id", "purchased_at", "feedback__stars", "feedback__removed_at",
        "claim__state", "claim__protected", "chargeback__kind",
    )  # fmt: skip
    listed = []
    for pk, order, bought, stars, removed, state, protected, kind in rows.order_by("purchased_at"):
        why = []
        if stars is not None and feedback_counts(stars=stars, removed=removed is not None):
            why.append(f"{stars}-star feedback")
        if state is not None and claim_counts(state=ClaimState(state), protected=protected):
            why.append(f"A-to-z claim ({ClaimState(state).name.lower().replace('_', ' ')})")
        if kind is not None and chargeback_counts(kind=kind):
            why.append("service chargeback")
        listed.append(Counted(pk, order, bought, ", ".join(why)))
    return listed


def _late(scope: Scope, window: Window) -> list[Counted]:
    orders = counts.late_shipment_orders(scope, window).order_by("purchased_at")
    return [
        Counted(
            order.pk,
            order.external_id,
            order.purchased_at,
            f"confirmed {order.confirmed_at:%d %b %H:%M}, ship by "  # type: ignore[attr-defined]
            f"{order.latest_ship_at:%d %b %H:%M} UTC",
        )
        for order in orders
    ]


_CANCELLED_BY = {
    "seller": "cancelled by you",
    "channel": "cancelled by the channel",
    "": "cancelled; who cancelled is not known, so it counts",
}


def _cancelled(scope: Scope, window: Window) -> list[Counted]:
    orders = counts.cancellation_orders(scope, window).order_by("purchased_at")
    return [
        Counted(order.pk, order.external_id, order.purchased_at, _CANCELLED_BY[order.cancelled_by])
        for order in orders
    ]


def _tracking(scope: Scope, window: Window) -> list[Counted]:
    found = packages.valid_tracking(scope, window)
    return [
        Counted(p.order_id, p.order, None, f"{p.tracking_number or 'no number'}: {p.why}")
        for p in found.packages
        if not p.valid
    ]


def _on_time(scope: Scope, window: Window) -> list[Counted]:
    return [
        Counted(p.order_id, p.order, p.delivered_at, f"{p.units} unit(s): {p.why}")
        for p in packages.on_time_delivery(scope, window)
        if not p.on_time
    ]


def _responses(scope: Scope, window: Window) -> list[Counted]:
    start, end = window.bounds()
    now = min(end, clock.now())
    messages = BuyerMessage.objects.filter(
        received_at__gte=start, received_at__lt=end, no_response_needed=False
    ).select_related("order")
    if scope.marketplace is not None:
        messages = messages.filter(order__marketplace=scope.marketplace)
    listed = []
    for message in messages.order_by("received_at"):
        waited = (message.answered_at or now) - message.received_at
        if waited <= RESPONSE_TIME:
            continue
        hours = int(waited.total_seconds() // 3600)
        why = f"answered after {hours} h" if message.answered_at else f"unanswered for {hours} h"
        order = message.order
        listed.append(
            Counted(
                order.pk if order else None,
                order.external_id if order else message.sender,
                message.received_at,
                why,
                message_id=message.pk,
            )
        )
    return listed


_LISTS: dict[Metric, Callable[[Scope, Window], list[Counted]]] = {
    Metric.ORDER_DEFECT_RATE: _defects,
    Metric.LATE_SHIPMENT_RATE_10: _late,
    Metric.LATE_SHIPMENT_RATE_30: _late,
    Metric.CANCELLATION_RATE: _cancelled,
    Metric.VALID_TRACKING_RATE: _tracking,
    Metric.ON_TIME_DELIVERY_RATE: _on_time,
    Metric.RESPONSE_TIME: _responses,
}
