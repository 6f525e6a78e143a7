"""The outbox: a message is decided and rendered when queued, then sent by a worker
(delivery.py). A message that may not go (the buyer opted out, no address) is kept as
"not sent" with the reason, so it is decided once and the seller sees why."""

from __future__ import annotations

import datetime as dt
import uuid

from django.db import IntegrityError, transaction

from sellerdesk.core import clock
from sellerdesk.core.errors import DomainError
from sellerdesk.fulfillment.selectors import shop_name
from sellerdesk.inventory.services import Actor
from sellerdesk.orders.models import Order, OrderEventKind
from sellerdesk.orders.services import add_order_events

from ..domain.compliance import describe, message_problems, review_request_problems
from ..models import (
    AmazonMessageType,
    Delivery,
    MessageKind,
    MessageTemplate,
    OptOut,
    OutboundMessage,
    Route,
)
from ..rendering import TemplateProblem, order_context, render

# What Amazon lets reach a buyer who opted out (amazon-rules.md 6.2); a delay notice by
# email is the same news, so it goes too.
CRITICAL_KINDS = frozenset({MessageKind.DELAY})
CRITICAL_AMAZON_TYPES = frozenset({AmazonMessageType.UNEXPECTED_PROBLEM})
# The Messaging API's maxLength of each type's text.
AMAZON_TEXT_LIMITS = {
    AmazonMessageType.CONFIRM_CUSTOMIZATION_DETAILS: 800,
    AmazonMessageType.DIGITAL_ACCESS_KEY: 400,
}
AMAZON_TEXT_LIMIT = 2000
MARKETPLACE_LANGUAGES = {
    "DE": "de", "AT": "de", "FR": "fr", "BE": "fr", "IT": "it", "ES": "es", "MX": "es",
    "JP": "ja", "NL": "nl", "PL": "pl", "SE": "sv", "TR": "tr", "BR": "pt",
}  # fmt: skip


def route_of(order: Order) -> str:
    return Route.AMAZON if order.channel.code == "amazon" else Route.EMAIL


def is_critical(kind: str, amazon_type: str) -> bool:
    """For Amazon the message type decides, not what the seller calls the message."""
    if amazon_type:
        return amazon_type in CRITICAL_AMAZON_TYPES
    return kind in CRITICAL_KINDS


def language_of(order: Order) -> str:
    market = order.marketplace
    return MARKETPLACE_LANGUAGES.get(market.code, "en") if market is not None else "en"


def template_for(kind: str, order: Order) -> MessageTemplate | None:
    """The channel's own template in the buyer's language, else the default, else English."""
    found = {
        (template.channel_id, template.language): template
        for template in MessageTemplate.objects.filter(kind=kind)
    }
    language = language_of(order)
    for key in (
        (order.channel_id, language), (None, language), (order.channel_id, "en"), (None, "en"),
    ):  # fmt: skip
        if key in found:
            return found[key]
    return None


def amazon_text_problem(kind: str, amazon_type: str, text: str) -> str:
    """Why Amazon would refuse this text as this message type, or an empty string."""
    checks = review_request_problems if kind == MessageKind.REVIEW_REQUEST else message_problems
    problems = checks(text)
    if problems:
        return describe(problems)
    limit = AMAZON_TEXT_LIMITS.get(amazon_type, AMAZON_TEXT_LIMIT)  # type: ignore[call-overload]
    if len(text) > limit:
        return f"Amazon takes at most {limit} characters as {amazon_type}; this is {len(text)}."
    return ""


def queue_message(
    *, order: Order, kind: str, actor: Actor, amazon_type: str = "", at: dt.datetime | None = None
) -> OutboundMessage:
    """Decide and render the kind's message for the order's buyer, and queue it."""
    at = at or clock.now()
    route = route_of(order)
    if route == Route.AMAZON and not amazon_type:
        raise DomainError(
            "Amazon buyers are written to through Amazon's Messaging API: choose the Amazon "
            "message type for it under Messages > Rules."
        )
    message = OutboundMessage(
        order=order, kind=kind, route=route,
        amazon_type=amazon_type if route == Route.AMAZON else "",
        recipient=_recipient(order) if route == Route.EMAIL else "",
        key=uuid.uuid4().hex, next_attempt_at=at, created_at=at,
    )  # fmt: skip
    _decide(message)
    return _keep(message, actor)


def _keep(message: OutboundMessage, actor: Actor) -> OutboundMessage:
    """Save the decided message with its step on the order's timeline."""
    try:
        with transaction.atomic():
            message.save()
            add_order_events(
                orders=[message.order], at=message.created_at, kind=OrderEventKind.NOTE,
                message=_timeline_text(message), actor=actor.name,
            )  # fmt: skip
    except IntegrityError:
        label = MessageKind(message.kind).label.lower()
        raise DomainError(
            f"This order has a {label} message already (queued, sent or not sent): see it "
            "on the order's timeline or in the outbox."
        ) from None
    return message


def record_not_sent(
    *, order: Order, kind: str, reason: str, actor: Actor, amazon_type: str = ""
) -> OutboundMessage:
    """Decide for good that the kind of message does not go to this order, and why."""
    at = clock.now()
    message = OutboundMessage(
        order=order, kind=kind, route=route_of(order), amazon_type=amazon_type,
        subject=MessageKind(kind).label, state=Delivery.SKIPPED, reason=reason[:300],
        key=uuid.uuid4().hex, next_attempt_at=at, created_at=at,
    )  # fmt: skip
    return _keep(message, actor)


def _recipient(order: Order) -> str:
    buyer = getattr(order, "buyer", None)
    if buyer is None or buyer.purged_at is not None:
        return ""
    return str(buyer.email)


def _decide(message: OutboundMessage) -> None:
    """Fill in the subject and body, or the reason it is not sent."""
    order, kind = message.order, message.kind
    reason = _why_not(message)
    if reason:
        message.state, message.reason = Delivery.SKIPPED, reason
        message.subject = MessageKind(kind).label
        return
    if message.amazon_type == AmazonMessageType.REVIEW_REQUEST:
        # Amazon writes the review request itself; there is nothing of ours to render.
        message.subject = "Request a Review (Amazon's own message)"
        return
    template = template_for(kind, order)
    if template is None:
        message.state = Delivery.FAILED
        message.subject = MessageKind(kind).label
        message.last_error = f"There is no {MessageKind(kind).label.lower()} template yet."
        return
    try:
        rendered = render(template.subject, template.body, order_context(order, shop_name()))
    except TemplateProblem as error:
        message.state, message.subject = Delivery.FAILED, MessageKind(kind).label
        message.last_error = str(error)[:500]
        return
    message.subject, message.body = rendered.subject[:200], rendered.body
    if message.route == Route.AMAZON:
        problem = amazon_text_problem(kind, message.amazon_type, rendered.body)
        if problem:
            message.state, message.last_error = Delivery.FAILED, problem[:500]


def _why_not(message: OutboundMessage) -> str:
    if message.route == Route.EMAIL and not message.recipient:
        return "the order has no buyer email to write to"
    address = message.recipient or _recipient(message.order)
    if (
        address
        and not is_critical(message.kind, message.amazon_type)
        and OptOut.objects.filter(email=address.strip().lower()).exists()
    ):
        return "the buyer opted out of messages (only critical ones reach them)"
    return ""


def _timeline_text(message: OutboundMessage) -> str:
    label = MessageKind(message.kind).label
    if message.state == Delivery.SKIPPED:
        return f"{label} not sent: {message.reason}"
    if message.state == Delivery.FAILED:
        return f"{label} not sent: {message.last_error}"
    how = "Amazon message" if message.route == Route.AMAZON else "Email"
    return f"{how} queued: {message.subject}"


def cancel_message(message: OutboundMessage, actor: Actor) -> None:
    """Take a message that has not gone yet out of the outbox."""
    with transaction.atomic():
        updated = OutboundMessage.objects.filter(
            pk=message.pk, state__in=[Delivery.QUEUED, Delivery.FAILED]
        ).update(state=Delivery.CANCELLED)
        if not updated:
            raise DomainError("Only a message still waiting or failed can be cancelled.")
        add_order_events(
            orders=[message.order], at=clock.now(), kind=OrderEventKind.NOTE,
            message=f"Message cancelled: {message.subject}", actor=actor.name,
        )  # fmt: skip


def retry_message(message: OutboundMessage, actor: Actor) -> OutboundMessage:
    """Decide and send a failed message again, now (the seller fixed why it failed). A reply
    is the seller's own text: it goes again as written."""
    now = clock.now()
    with transaction.atomic():
        message = OutboundMessage.objects.select_for_update().get(pk=message.pk)
        if message.state != Delivery.FAILED:
            raise DomainError("Only a failed message can be sent again.")
        message.state, message.last_error, message.reason = Delivery.QUEUED, "", ""
        message.attempts, message.next_attempt_at = 0, now
        if message.kind != MessageKind.REPLY:
            _decide(message)
        message.save()
        add_order_events(
            orders=[message.order], at=now, kind=OrderEventKind.NOTE,
            message=_timeline_text(message), actor=actor.name,
        )  # fmt: skip
    return message
