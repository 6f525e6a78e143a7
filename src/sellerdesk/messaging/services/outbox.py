"""The outbox: a message is rendered when queued, then sent by a worker, retried with
backoff, and sent once: a worker that dies mid-send leaves the row leased, and the next one
sends it again under the same Message-ID, which mail systems treat as the same message."""

from __future__ import annotations

import datetime as dt
import smtplib
import uuid

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction

from sellerdesk.core import clock
from sellerdesk.core.errors import DomainError
from sellerdesk.inventory.services import Actor
from sellerdesk.orders.models import Order, OrderEventKind
from sellerdesk.orders.services import add_order_events

from ..models import Delivery, MessageKind, MessageTemplate, OutboundMessage
from ..rendering import TemplateProblem, order_context, render

MAX_ATTEMPTS = 5
LEASE = dt.timedelta(minutes=10)
"""How long a worker may take to send before another may try again."""


def backoff(attempts: int) -> dt.timedelta:
    return dt.timedelta(minutes=2**attempts)  # 2, 4, 8, 16 minutes


def queue_message(
    *, order: Order, kind: str, actor: Actor, shop_name: str = "", at: dt.datetime | None = None
) -> OutboundMessage:
    """Render the kind's template for the order and queue it for its buyer's email."""
    at = at or clock.now()
    if order.channel.code == "amazon":
        raise DomainError(
            "Amazon buyers are written to through Amazon's Messaging API, not by email."
        )
    buyer = getattr(order, "buyer", None)
    if buyer is None or buyer.purged_at is not None or not buyer.email:
        raise DomainError(f"Order {order.external_id} has no buyer email to write to.")
    template = (
        MessageTemplate.objects.filter(kind=kind, channel=order.channel_id, language="en").first()
        or MessageTemplate.objects.filter(kind=kind, channel__isnull=True, language="en").first()
    )
    if template is None:
        raise DomainError(f"There is no {MessageKind(kind).label.lower()} template yet.")
    try:
        rendered = render(template.subject, template.body, order_context(order, shop_name))
    except TemplateProblem as error:
        raise DomainError(str(error)) from None
    try:
        with transaction.atomic():
            message = OutboundMessage.objects.create(
                order=order,
                kind=kind,
                recipient=buyer.email,
                subject=rendered.subject,
                body=rendered.body,
                key=uuid.uuid4().hex,
                next_attempt_at=at,
                created_at=at,
            )
            add_order_events(
                orders=[order], at=at, kind=OrderEventKind.NOTE,
                message=f"Email queued: {rendered.subject}", actor=actor.name,
            )  # fmt: skip
    except IntegrityError:
        raise DomainError(
            f"A {MessageKind(kind).label.lower()} message was already sent for this order."
        ) from None
    return message


def deliver_due(*, now: dt.datetime | None = None, limit: int = 50) -> dict[str, int]:
    """Send what is due; returns how many were sent, retried later and given up on."""
    now = now or clock.now()
    counts = {"sent": 0, "retrying": 0, "failed": 0}
    for message in _lease(now, limit):
        try:
            EmailMessage(
                subject=message.subject,
                body=message.body,
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=[message.recipient],
                headers={"Message-ID": f"<{message.key}@sellerdesk>"},
            ).send()
        except (smtplib.SMTPException, OSError) as error:
            gave_up = message.attempts >= MAX_ATTEMPTS
            OutboundMessage.objects.filter(pk=message.pk).update(
                state=Delivery.FAILED if gave_up else Delivery.QUEUED,
                next_attempt_at=now + backoff(message.attempts),
                last_error=str(error)[:500],
            )
            counts["failed" if gave_up else "retrying"] += 1
            continue
        with transaction.atomic():
            OutboundMessage.objects.filter(pk=message.pk).update(
                state=Delivery.SENT, sent_at=now, last_error=""
            )
            add_order_events(
                orders=[message.order], at=now, kind=OrderEventKind.NOTE,
                message=f"Email sent to the buyer: {message.subject}", actor="outbox",
            )  # fmt: skip
        counts["sent"] += 1
    return counts


def _lease(now: dt.datetime, limit: int) -> list[OutboundMessage]:
    """Take the due messages for this worker, in their own transaction."""
    with transaction.atomic():
        due = list(
            OutboundMessage.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("order")
            .filter(state__in=[Delivery.QUEUED, Delivery.SENDING], next_attempt_at__lte=now)
            .order_by("next_attempt_at", "pk")[:limit]
        )
        for message in due:
            message.state, message.attempts = Delivery.SENDING, message.attempts + 1
            message.next_attempt_at = now + LEASE
        OutboundMessage.objects.bulk_update(due, ["state", "attempts", "next_attempt_at"])
    return due
