"""Sending what the outbox holds, exactly once.

A worker leases due messages before sending. If it dies mid-send, the lease runs out and
the next worker finds the message still "being sent": an email goes again under the same
Message-ID, which mail systems treat as the same message; an Amazon message has no such
key, so it is not sent again but failed, for the seller to check Seller Central first.
"""

from __future__ import annotations

import datetime as dt
import smtplib

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction

from sellerdesk.core import clock
from sellerdesk.orders.models import OrderEventKind
from sellerdesk.orders.services import add_order_events

from ..models import AmazonMessageType, Delivery, OutboundMessage, Route
from ..ports import SendFailed, messenger_for

MAX_ATTEMPTS = 5
LEASE = dt.timedelta(minutes=10)
"""How long a worker may take to send before another may try again."""


def backoff(attempts: int) -> dt.timedelta:
    return dt.timedelta(minutes=2**attempts)  # 2, 4, 8, 16 minutes


def deliver_due(*, now: dt.datetime | None = None, limit: int = 50) -> dict[str, int]:
    """Send what is due; returns how many were sent, retried later, given up on or skipped."""
    now = now or clock.now()
    counts = {"sent": 0, "retrying": 0, "failed": 0, "skipped": 0}
    for message, interrupted in _lease(now, limit):
        try:
            if message.route == Route.AMAZON:
                _send_to_amazon(message, interrupted)
            else:
                _send_email(message)
        except _Skip as skip:
            _finish(message, now, Delivery.SKIPPED, reason=str(skip))
            counts["skipped"] += 1
        except SendFailed as error:
            gave_up = not error.retry or message.attempts >= MAX_ATTEMPTS
            _fail(message, now, str(error), gave_up)
            counts["failed" if gave_up else "retrying"] += 1
        else:
            _finish(message, now, Delivery.SENT)
            counts["sent"] += 1
    return counts


class _Skip(Exception):
    """The channel does not allow the message now: kept as not sent, with why."""


def _send_email(message: OutboundMessage) -> None:
    try:
        EmailMessage(
            subject=message.subject,
            body=message.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[message.recipient],
            headers={"Message-ID": f"<{message.key}@sellerdesk>"},
        ).send()
    except (smtplib.SMTPException, OSError) as error:
        raise SendFailed(f"The mail server did not take it: {error}", retry=True) from None


def _send_to_amazon(message: OutboundMessage, interrupted: bool) -> None:
    order = message.order
    if interrupted:
        raise SendFailed(
            "Sending was interrupted, so Amazon may have it already: look in Seller Central's "
            "sent messages for this order before sending it again.",
            retry=False,
        )
    messenger = messenger_for("amazon")
    if messenger is None:
        raise SendFailed("Amazon messaging is not set up in this installation.", retry=True)
    if message.amazon_type not in messenger.allowed(order):
        label = AmazonMessageType(message.amazon_type).label
        raise _Skip(
            f'Amazon does not allow "{label}" for order {order.external_id} now (the buyer '
            "opted out, it was sent already, or the order is outside Amazon's window)"
        )
    messenger.send(order, message.amazon_type, message.body)


def _finish(message: OutboundMessage, now: dt.datetime, state: str, reason: str = "") -> None:
    with transaction.atomic():
        OutboundMessage.objects.filter(pk=message.pk).update(
            state=state, sent_at=now if state == Delivery.SENT else None, last_error="",
            reason=reason[:300],
        )  # fmt: skip
        where = "through Amazon" if message.route == Route.AMAZON else "by email"
        text = (
            f"Sent to the buyer {where}: {message.subject}"
            if state == Delivery.SENT
            else f"Not sent: {reason}"
        )
        add_order_events(
            orders=[message.order], at=now, kind=OrderEventKind.NOTE, message=text,
            actor="outbox",
        )  # fmt: skip


def _fail(message: OutboundMessage, now: dt.datetime, error: str, gave_up: bool) -> None:
    with transaction.atomic():
        OutboundMessage.objects.filter(pk=message.pk).update(
            state=Delivery.FAILED if gave_up else Delivery.QUEUED,
            next_attempt_at=now + backoff(message.attempts),
            last_error=error[:500],
        )
        if gave_up:
            add_order_events(
                orders=[message.order], at=now, kind=OrderEventKind.NOTE,
                message=f"Message failed: {message.subject}: {error}", actor="outbox",
            )  # fmt: skip


def _lease(now: dt.datetime, limit: int) -> list[tuple[OutboundMessage, bool]]:
    """Take the due messages for this worker, in their own transaction; each comes with
    whether an earlier worker stopped while sending it."""
    with transaction.atomic():
        due = list(
            OutboundMessage.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("order__channel", "order__marketplace")
            .filter(state__in=[Delivery.QUEUED, Delivery.SENDING], next_attempt_at__lte=now)
            .order_by("next_attempt_at", "pk")[:limit]
        )
        interrupted = [message.state == Delivery.SENDING for message in due]
        for message in due:
            message.state, message.attempts = Delivery.SENDING, message.attempts + 1
            message.next_attempt_at = now + LEASE
        OutboundMessage.objects.bulk_update(due, ["state", "attempts", "next_attempt_at"])
    return list(zip(due, interrupted, strict=True))
