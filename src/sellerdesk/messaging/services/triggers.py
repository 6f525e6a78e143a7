"""Firing the rules: what happened since the last run (orders received, shipped, delivered
on the timeline; returns received; refunds issued) becomes queued messages.

The timeline is read from a cursor, a little behind it each time: on PostgreSQL a step
written by a transaction that committed late can carry a lower id than one already read.
Reading again is harmless, as an order gets a kind of message once.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.db.models.functions import Coalesce

from sellerdesk.core import clock
from sellerdesk.core.errors import DomainError
from sellerdesk.inventory.services import Actor
from sellerdesk.orders.models import Order, OrderEvent, OrderEventKind
from sellerdesk.returns.models import RefundLine, ReturnLine

from ..models import AmazonMessageType, MessageKind, MessageRule, OutboundMessage, Trigger
from .outbox import queue_message
from .rules import last_event_id, rule_still_allowed, start_rules_cursor

LOOKBACK_IDS = 1000
READ_BACK = dt.timedelta(days=60)
"""Returns and refunds are read back at most this far, however long a rule has been on."""
TOO_OLD = dt.timedelta(days=30)
"""Amazon allows messages up to 30 days after an order is complete."""
TIMELINE_TRIGGERS = {
    Trigger.ORDER_RECEIVED: OrderEventKind.RECEIVED,
    Trigger.SHIPPED: OrderEventKind.SHIPPED,
    Trigger.DELIVERED: OrderEventKind.DELIVERED,
}
RULES = Actor("rules")


def fire_rules(*, now: dt.datetime | None = None) -> int:
    """Queue the messages the enabled rules call for; returns how many were queued."""
    now = now or clock.now()
    rules = list(
        MessageRule.objects.filter(is_enabled=True)
        .exclude(trigger__in=[Trigger.DELAYED, Trigger.REVIEW_WINDOW])
        .select_related("channel")
    )
    cursor = start_rules_cursor()
    top = last_event_id()
    since_id = max(cursor.floor, cursor.position - LOOKBACK_IDS)
    queued = 0
    for rule in rules:
        if not rule_still_allowed(rule):
            continue  # saved before Amazon's limits were enforced: never sent
        orders = _orders_for(rule, since_id, top, now).filter(channel=rule.channel)
        if rule.channel.code == "amazon":
            # Amazon allows messages up to 30 days after the order is complete.
            done_at = Coalesce("delivered_at", "shipped_at", "purchased_at")
            orders = orders.alias(done_at=done_at).filter(done_at__gte=now - TOO_OLD)
        done = OutboundMessage.objects.filter(kind=rule.kind).values("order_id")
        for order in orders.exclude(pk__in=done).select_related("channel", "marketplace"):
            try:
                queue_message(
                    order=order, kind=rule.kind, amazon_type=rule.amazon_type, actor=RULES,
                    at=now,
                )  # fmt: skip
            except DomainError:
                continue  # queued meanwhile by the seller's own hand
            queued += 1
    cursor.position, cursor.moved_at = top, now
    cursor.save(update_fields=["position", "moved_at"])
    return queued


def _orders_for(rule: MessageRule, since_id: int, top: int, now: dt.datetime) -> QuerySet[Order]:
    if rule.trigger in TIMELINE_TRIGGERS:
        events = OrderEvent.objects.filter(
            pk__gt=max(since_id, rule.starts_after_event),
            pk__lte=top,
            kind=TIMELINE_TRIGGERS[Trigger(rule.trigger)],
        )
        return Order.objects.filter(pk__in=events.values("order_id"))
    # Returns and refunds are read by when they happened since the rule was turned on, not
    # since the last run: Amazon's returns report records a parcel days after it arrived.
    # Orders already written to are left out by the caller, so reading again costs little.
    since = max(rule.enabled_at or rule.updated_at, now - READ_BACK)
    if rule.trigger == Trigger.RETURN_RECEIVED:
        lines = ReturnLine.objects.filter(ret__received_at__gte=since)
        return Order.objects.filter(pk__in=lines.values("order_line__order_id"))
    if rule.trigger == Trigger.REFUND_ISSUED:
        refunded = RefundLine.objects.filter(refund__created_at__gte=since)
        return Order.objects.filter(pk__in=refunded.values("order_line__order_id"))
    return Order.objects.none()


def send_delay_notice(*, order: Order, actor: Actor) -> OutboundMessage:
    """The seller's "tell the buyer it is late": the channel's delay rule says what goes,
    and Amazon buyers get it as an unexpected problem unless the rule says otherwise."""
    rule = MessageRule.objects.filter(channel=order.channel_id, trigger=Trigger.DELAYED).first()
    if rule is not None and not rule.is_enabled:
        raise DomainError("Delay notices are turned off for this channel (Messages > Rules).")
    kind = rule.kind if rule else MessageKind.DELAY
    amazon_type = rule.amazon_type if rule else AmazonMessageType.UNEXPECTED_PROBLEM
    return queue_message(order=order, kind=kind, amazon_type=amazon_type, actor=actor)
