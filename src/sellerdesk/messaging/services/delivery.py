"""Sending what the outbox holds, once.

A worker leases one due message at a time before sending it. If it dies mid-send, the lease
runs out and the next worker finds the message still "being sent". An email then goes again
under the same Message-ID: if the first attempt had reached the mail server, the buyer's
mailbox holds two copies of one message, which mail programs that key on the Message-ID
show once (email cannot promise more). An Amazon message has no such key, so it is not sent
again but failed, for the seller to check Seller Central first. A reply to a buyer's message
stops its 24-hour clock when it is sent, not when it is queued.
"""

from __future__ import annotations

import datetime as dt
import smtplib
import time

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F, QuerySet

from sellerdesk.core import clock
from sellerdesk.orders.models import OrderEventKind
from sellerdesk.orders.services import add_order_events

from ..models import (
    AmazonMessageType,
    BuyerMessage,
    Delivery,
    MessageKind,
    OutboundMessage,
    Route,
)
from ..ports import SendFailed, messenger_for
from .reviews import review_window_of

MAX_ATTEMPTS = 5
LEASE = dt.timedelta(minutes=10)
"""How long a worker may take to send before another may try again."""


def backoff(attempts: int) -> dt.timedelta:
    return dt.timedelta(minutes=2**attempts)  # 2, 4, 8, 16 minutes


def deliver_due(*, now: dt.datetime | None = None, limit: int = 50) -> dict[str, int]:
    """Send what is due; returns how many were sent, retried later, given up on, skipped, or
    left for Amazon to allow on a later day."""
    now = now or clock.now()
    started = time.monotonic()
    counts = {"sent": 0, "retrying": 0, "failed": 0, "skipped": 0, "waiting": 0}
    for _ in range(limit):
        # Each lease runs from when it is taken: a long run must not hand out spent ones.
        leased = _lease_one(now + dt.timedelta(seconds=time.monotonic() - started))
        if leased is None:
            break
        message, interrupted = leased
        try:
            if message.kind == MessageKind.DELAY and message.order.shipped_at is not None:
                raise _Skip("the order shipped before the delay notice went out")
            if message.route == Route.AMAZON:
                _send_to_amazon(message, interrupted)
            else:
                _send_email(message)
        except _Skip as skip:
            _finish(message, now, Delivery.SKIPPED, reason=str(skip))
            counts["skipped"] += 1
        except _NotYet as wait:
            _wait(message, now, str(wait))
            counts["waiting"] += 1
        except SendFailed as error:
            gave_up = not error.retry or message.attempts >= MAX_ATTEMPTS
            _fail(message, now, str(error), gave_up)
            counts["failed" if gave_up else "retrying"] += 1
        except Exception as error:  # one bad message must not stop the outbox
            # Not a failure of the network or the channel: sending again would fail again,
            # so it waits for the seller, with what went wrong.
            _fail(message, now, f"It could not be sent: {error}", gave_up=True)
            counts["failed"] += 1
        else:
            _finish(message, now, Delivery.SENT)
            counts["sent"] += 1
    return counts


class _Skip(Exception):
    """The channel does not allow the message now: kept as not sent, with why."""


class _NotYet(Exception):
    """Amazon does not offer the review request yet, inside our window: ask again tomorrow."""


ASK_AGAIN = dt.timedelta(days=1)


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
        window = review_window_of(order) if message.kind == MessageKind.REVIEW_REQUEST else None
        if window is not None and clock.now().date() <= window.closes:
            # Amazon counts its window to the minute, we by the day: not offered on the
            # window's first morning may mean later that day. Skipping would be for good.
            raise _NotYet(
                f"Amazon does not offer the review request for order {order.external_id} yet; "
                f"asked again each day until {window.closes:%d %b %Y}"
            )
        label = AmazonMessageType(message.amazon_type).label
        raise _Skip(
            f'Amazon does not allow "{label}" for order {order.external_id} now (the buyer '
            "opted out, it was sent already, or the order is outside Amazon's window)"
        )
    messenger.send(order, message.amazon_type, message.body)


def _held(message: OutboundMessage) -> QuerySet[OutboundMessage]:
    """The message, only while this worker's lease holds: a worker that outlived its lease
    must not overwrite what the next one did."""
    return OutboundMessage.objects.filter(
        pk=message.pk, state=Delivery.SENDING, leases=message.leases
    )


def _finish(message: OutboundMessage, now: dt.datetime, state: str, reason: str = "") -> None:
    with transaction.atomic():
        if not _held(message).update(
            state=state, sent_at=now if state == Delivery.SENT else None, last_error="",
            reason=reason[:300],
        ):  # fmt: skip
            return
        if state == Delivery.SENT and message.answers_id is not None:
            # The buyer is answered when the reply goes, and only the first answer counts.
            BuyerMessage.objects.filter(pk=message.answers_id, answered_at__isnull=True).update(
                answered_at=now, answered_by=message.created_by or "sellerdesk"
            )
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
        if not _held(message).update(
            state=Delivery.FAILED if gave_up else Delivery.QUEUED,
            next_attempt_at=now + backoff(message.attempts),
            last_error=error[:500],
        ):
            return
        if gave_up:
            add_order_events(
                orders=[message.order], at=now, kind=OrderEventKind.NOTE,
                message=f"Message failed: {message.subject}: {error}", actor="outbox",
            )  # fmt: skip


def _wait(message: OutboundMessage, now: dt.datetime, why: str) -> None:
    # Waiting for Amazon's window is not a failed try: it does not use one up.
    _held(message).update(
        state=Delivery.QUEUED, next_attempt_at=now + ASK_AGAIN, last_error=why,
        attempts=F("attempts") - 1,
    )  # fmt: skip


def _lease_one(now: dt.datetime) -> tuple[OutboundMessage, bool] | None:
    """Take the next due message for this worker, in its own transaction, with whether an
    earlier worker stopped while sending it. One at a time, so the lease covers one send."""
    with transaction.atomic():
        message = (
            OutboundMessage.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("order__channel", "order__marketplace")
            .filter(state__in=[Delivery.QUEUED, Delivery.SENDING], next_attempt_at__lte=now)
            .order_by("next_attempt_at", "pk")
            .first()
        )
        if message is None:
            return None
        interrupted = message.state == Delivery.SENDING
        message.state, message.attempts = Delivery.SENDING, message.attempts + 1
        message.leases += 1
        message.next_attempt_at = now + LEASE
        message.save(update_fields=["state", "attempts", "leases", "next_attempt_at"])
    return message, interrupted
