"""The daily review requests (amazon-rules.md 6.1): each shipped order of a channel with a
review rule gets one request inside its window, or a recorded reason why not. An order
whose window has not opened is left for a later day."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q

from sellerdesk.core import clock
from sellerdesk.core.errors import DomainError
from sellerdesk.inventory.services import Actor
from sellerdesk.orders.models import Order, OrderStatus
from sellerdesk.returns.models import RefundLine, ReturnLine

from ..domain.solicitation import OrderFacts, Window, review_verdict, review_window
from ..models import BuyerMessage, Delivery, MessageKind, MessageRule, OutboundMessage, Trigger
from .outbox import queue_message, record_not_sent

REVIEWS = Actor("review requests")
LOOK_BACK = dt.timedelta(days=120)
"""Past the longest window: 30 days after a late delivery date of an old order."""


@dataclass
class ReviewRun:
    queued: int = 0
    skipped: int = 0
    waiting: int = 0


def request_reviews(*, today: dt.date | None = None) -> ReviewRun:
    now = clock.now()
    today = today or now.date()
    rules = {
        rule.channel_id: rule
        for rule in MessageRule.objects.filter(trigger=Trigger.REVIEW_WINDOW, is_enabled=True)
    }
    run = ReviewRun()
    for order in _candidates(list(rules), now):
        facts = OrderFacts(
            cancelled=order.status == OrderStatus.CANCELED or order.cancelled_at is not None,
            # Annotated by _candidates.
            returned=order.status == OrderStatus.RETURNED or order.has_return,  # type: ignore[attr-defined]
            refunded=order.has_refund,  # type: ignore[attr-defined]
            complaint=order.has_complaint,  # type: ignore[attr-defined]
        )
        window = review_window_of(order)
        verdict = review_verdict(facts, window, today)
        rule = rules[order.channel_id]
        try:
            if verdict.send:
                queue_message(
                    order=order, kind=MessageKind.REVIEW_REQUEST, amazon_type=rule.amazon_type,
                    actor=REVIEWS,
                )  # fmt: skip
                run.queued += 1
            elif window is not None and today < window.opens:
                run.waiting += 1
            else:
                record_not_sent(
                    order=order, kind=MessageKind.REVIEW_REQUEST, reason=verdict.why,
                    actor=REVIEWS, amazon_type=rule.amazon_type,
                )  # fmt: skip
                run.skipped += 1
        except DomainError:
            continue  # decided meanwhile by another run
    return run


def review_window_of(order: Order) -> Window | None:
    """Amazon's delivery dates; other channels rarely give them, so the delivery day, else
    the ship day, stands in for both."""
    if order.earliest_delivery_at and order.latest_delivery_at:
        return review_window(order.earliest_delivery_at.date(), order.latest_delivery_at.date())
    known = order.delivered_at or order.shipped_at or order.latest_ship_at
    return review_window(known.date(), known.date()) if known else None


def _candidates(channel_ids: list[int], now: dt.datetime) -> list[Order]:
    lines = {"order_line__order": OuterRef("pk")}
    return list(
        Order.objects.filter(channel__in=channel_ids, purchased_at__gte=now - LOOK_BACK)
        .filter(
            Q(shipped_at__isnull=False)
            | Q(status__in=[OrderStatus.SHIPPED, OrderStatus.DELIVERED, OrderStatus.RETURNED])
        )
        .exclude(
            Exists(
                OutboundMessage.objects.filter(
                    order=OuterRef("pk"), kind=MessageKind.REVIEW_REQUEST
                ).exclude(state=Delivery.CANCELLED)
            )
        )
        .annotate(
            has_return=Exists(ReturnLine.objects.filter(**lines)),
            has_refund=Exists(RefundLine.objects.filter(**lines)),
            has_complaint=Exists(
                BuyerMessage.objects.filter(order=OuterRef("pk"), is_complaint=True)
            ),
        )
        .select_related("channel", "marketplace")
        .order_by("purchased_at", "pk")
    )
