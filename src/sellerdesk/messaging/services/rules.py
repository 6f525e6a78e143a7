"""Rules: which message goes on which event, per channel, and the checks that keep Amazon
orders to the messages Amazon permits (amazon-rules.md section 6.2)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from sellerdesk.channels.models import SalesChannel
from sellerdesk.core import clock
from sellerdesk.core.errors import DomainError
from sellerdesk.fulfillment.selectors import shop_name
from sellerdesk.inventory.services import Actor
from sellerdesk.orders.models import Order, OrderEvent

from ..models import (
    AmazonMessageType,
    Cursor,
    MessageKind,
    MessageRule,
    MessageTemplate,
    Trigger,
)
from ..rendering import TemplateProblem, order_context, render
from .outbox import amazon_text_problem

DEFAULT_KINDS = {
    Trigger.ORDER_RECEIVED: MessageKind.ORDER_CONFIRMATION,
    Trigger.SHIPPED: MessageKind.SHIPPED,
    Trigger.DELIVERED: MessageKind.DELIVERED,
    Trigger.DELAYED: MessageKind.DELAY,
    Trigger.RETURN_RECEIVED: MessageKind.RETURN_RECEIVED,
    Trigger.REFUND_ISSUED: MessageKind.REFUND_ISSUED,
    Trigger.REVIEW_WINDOW: MessageKind.REVIEW_REQUEST,
}
# For Amazon orders, the message types each event may send (amazon-rules.md 6.2): only what
# completes the order. Amazon tells the buyer itself of shipping, delivery, returns and
# refunds, and forbids thank-you notes; a made-to-order piece may need its details confirmed.
AMAZON_TYPES: dict[str, list[AmazonMessageType]] = {
    Trigger.ORDER_RECEIVED: [AmazonMessageType.CONFIRM_CUSTOMIZATION_DETAILS],
    Trigger.DELAYED: [AmazonMessageType.UNEXPECTED_PROBLEM],
    Trigger.REVIEW_WINDOW: [AmazonMessageType.REVIEW_REQUEST],
}
AMAZON_SENDS_ITSELF: dict[str, str] = {
    Trigger.SHIPPED: "the shipping confirmation",
    Trigger.DELIVERED: "the delivery notice",
    Trigger.RETURN_RECEIVED: "the return's progress",
    Trigger.REFUND_ISSUED: "the refund notice",
}
RULES_CURSOR = "rules"
# What a template is checked against when the channel has no order yet.
SAMPLE_CONTEXT: dict[str, Any] = {
    "order_id": "114-1234567-1234567", "buyer_first_name": "Ada",
    "items": [{"title": "Silver stacking ring", "sku": "RING-5", "quantity": 1}],
    "purchased_on": "12 June 2025", "deliver_by": "19 June 2025", "carrier": "USPS",
    "tracking_number": "9400111202555842761023",
    "tracking_link": "https://tools.usps.com/go/TrackConfirmAction?tLabels=9400111202555842761023",
}  # fmt: skip


def rule_still_allowed(rule: MessageRule) -> bool:
    """A stored rule that today's checks would take: its own event's template and, for
    Amazon, a message type Amazon permits on that event."""
    if rule.kind != DEFAULT_KINDS.get(Trigger(rule.trigger)):
        return False
    if rule.channel.code != "amazon":
        return True
    return rule.amazon_type in amazon_types_for(rule.trigger)


def amazon_types_for(trigger: str) -> list[AmazonMessageType]:
    """The Amazon message types a rule on this event may send."""
    return AMAZON_TYPES.get(trigger, [])


def made_up_context() -> dict[str, Any]:
    return {**SAMPLE_CONTEXT, "shop_name": shop_name()}


def sample_contexts(channel: SalesChannel | None) -> list[dict[str, Any]]:
    """What a template is tried against: a made-up shipped order (every name filled in, a
    tracking link included), and the channel's latest real order when there is one."""
    orders = Order.objects.order_by("-purchased_at", "-pk")
    order = (orders.filter(channel=channel) if channel else orders).first()
    real = [order_context(order, shop_name())] if order is not None else []
    return [made_up_context(), *real]


def amazon_problem(template: MessageTemplate, amazon_type: str) -> str:
    """Why this template may not go to Amazon buyers as `amazon_type`, or an empty string:
    its own text and its text rendered for sample orders are all checked (a tracking link
    is not in the template but lands in the message)."""
    problem = amazon_text_problem(template.kind, amazon_type, template.body)
    for context in sample_contexts(template.channel):
        if problem:
            return problem
        try:
            rendered = render(template.subject, template.body, context)
        except TemplateProblem as error:
            return str(error)
        problem = amazon_text_problem(template.kind, amazon_type, rendered.body)
    return problem


def save_rule(
    *, channel: SalesChannel, trigger: str, kind: str, amazon_type: str, is_enabled: bool,
    actor: Actor,
) -> MessageRule:  # fmt: skip
    """Create or change the channel's rule for `trigger`, refusing what Amazon forbids."""
    amazon = channel.code == "amazon"
    if (trigger == Trigger.REVIEW_WINDOW) != (kind == MessageKind.REVIEW_REQUEST):
        # One request per order, inside its window: no other event may spend it.
        raise DomainError("The review request goes only on the review window, and that only.")
    if kind != DEFAULT_KINDS[Trigger(trigger)]:
        # Each event has its own template: a shipping notice sent on delivery is what
        # Amazon forbids, and a surprise to any buyer.
        expected = MessageKind(DEFAULT_KINDS[Trigger(trigger)]).label.lower()
        raise DomainError(f"“{Trigger(trigger).label}” sends the {expected} template.")
    if not amazon:
        amazon_type = ""
    elif is_enabled:
        _check_amazon_rule(trigger, kind, amazon_type)
    with transaction.atomic():
        before = MessageRule.objects.filter(channel=channel, trigger=trigger).first()
        rule, _ = MessageRule.objects.update_or_create(
            channel=channel, trigger=trigger,
            defaults={
                "kind": kind, "amazon_type": amazon_type, "is_enabled": is_enabled,
                "updated_at": clock.now(), "updated_by": actor.name,
            },
        )  # fmt: skip
        if is_enabled and (before is None or not before.is_enabled):
            # A rule acts on what happens from now on, never on older events.
            rule.starts_after_event = last_event_id()
            rule.enabled_at = rule.updated_at
            rule.save(update_fields=["starts_after_event", "enabled_at"])
        start_rules_cursor()
    return rule


def _check_amazon_rule(trigger: str, kind: str, amazon_type: str) -> None:
    allowed = amazon_types_for(trigger)
    if not allowed:
        raise DomainError(
            f"Amazon sends {AMAZON_SENDS_ITSELF.get(trigger, 'this message')} itself and does "
            "not allow sellers to send one: leave this rule off for Amazon."
        )
    if amazon_type not in allowed:
        names = ", ".join(str(kind.label) for kind in allowed)
        raise DomainError(f"For Amazon orders this event may send only: {names}.")
    if amazon_type == AmazonMessageType.REVIEW_REQUEST:
        return  # Amazon's own text: nothing of ours to check
    templates = MessageTemplate.objects.filter(kind=kind).filter(
        channel__code__in=["amazon"]
    ) | MessageTemplate.objects.filter(kind=kind, channel__isnull=True)
    if not templates.exists():
        raise DomainError(
            f"Write the {MessageKind(kind).label.lower()} template first (Messages > Templates)."
        )
    for template in templates.select_related("channel"):
        problem = amazon_problem(template, amazon_type)
        if problem:
            raise DomainError(f"The {template} template cannot go to Amazon buyers. {problem}")


def last_event_id() -> int:
    return OrderEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def start_rules_cursor() -> Cursor:
    """Rules act from when the first is saved: the timeline read starts at its end, so old
    orders are not written to."""
    top = last_event_id()
    now = clock.now()
    cursor, _ = Cursor.objects.get_or_create(
        name=RULES_CURSOR,
        defaults={"position": top, "floor": top, "moved_at": now, "started_at": now},
    )
    return cursor


def amazon_rules_using(template: MessageTemplate) -> list[MessageRule]:
    """The enabled Amazon rules that would send this template."""
    if template.channel is not None and template.channel.code != "amazon":
        return []
    return list(
        MessageRule.objects.filter(
            channel__code="amazon", kind=template.kind, is_enabled=True
        ).exclude(amazon_type__in=["", AmazonMessageType.REVIEW_REQUEST])
    )
