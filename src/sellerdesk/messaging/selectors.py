"""Reads of the inbox: what awaits a reply and how long is left, each conversation in order,
and the response-time metric of amazon-rules.md section 1.2."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet

from .domain.response_time import RESPONSE_TIME, TARGET, Message, ResponseRate, response_rate
from .domain.response_time import due_at as clock_due_at
from .models import BuyerMessage, CannedReply, Delivery, OutboundMessage

NEARING = dt.timedelta(hours=4)
"""A message with less than this left of its 24 hours is shown as nearing its deadline."""
WINDOWS = (7, 30, 90)
"""The windows, in days, Amazon reports the response rate over."""

OPEN, NEARING_STATE, LATE = "open", "nearing", "late"


@dataclass(frozen=True)
class Awaiting:
    message: BuyerMessage
    due_at: dt.datetime
    left: dt.timedelta
    """Negative once past due."""

    @property
    def state(self) -> str:
        if self.left < dt.timedelta(0):
            return LATE
        return NEARING_STATE if self.left < NEARING else OPEN

    @property
    def late_by(self) -> dt.timedelta:
        return -self.left


def _awaiting() -> QuerySet[BuyerMessage]:
    return BuyerMessage.objects.filter(answered_at__isnull=True, no_response_needed=False)


def awaiting_reply_list(*, now: dt.datetime) -> list[Awaiting]:
    """Every message still on the clock, the longest waiting first."""
    messages = _awaiting().select_related("order").order_by("received_at", "pk")
    return [_on_clock(message, now) for message in messages]


def urgent_reply_list(*, now: dt.datetime, limit: int = 5) -> list[Awaiting]:
    """Messages nearing or past their 24 hours, the longest waiting first, for the home page."""
    nearing_before = now - RESPONSE_TIME + NEARING
    messages = (
        _awaiting()
        .filter(received_at__lt=nearing_before)
        .select_related("order")
        .order_by("received_at", "pk")[:limit]
    )
    return [_on_clock(message, now) for message in messages]


def _on_clock(message: BuyerMessage, now: dt.datetime) -> Awaiting:
    due = clock_due_at(Message(message.received_at))
    return Awaiting(message, due, due - now)


@dataclass(frozen=True)
class AwaitingCounts:
    waiting: int
    nearing: int
    late: int


def awaiting_reply_counts(*, now: dt.datetime) -> AwaitingCounts:
    """How many await a reply, how many of them have under 4 hours left, how many are late."""
    late_before = now - RESPONSE_TIME  # received before this: past its 24 hours
    nearing_before = now - RESPONSE_TIME + NEARING
    return AwaitingCounts(
        **_awaiting().aggregate(
            waiting=_count(Q()),
            nearing=_count(Q(received_at__gte=late_before, received_at__lt=nearing_before)),
            late=_count(Q(received_at__lt=late_before)),
        )
    )


def _count(condition: Q) -> Count:
    return Count("pk", filter=condition)


def recent_message_list(*, limit: int = 50) -> QuerySet[BuyerMessage]:
    """Messages off the clock (answered or needing no response), the newest first."""
    done = Q(answered_at__isnull=False) | Q(no_response_needed=True)
    return BuyerMessage.objects.filter(done).select_related("order")[:limit]


@dataclass(frozen=True)
class ThreadEntry:
    at: dt.datetime
    from_buyer: bool
    buyer_message: BuyerMessage | None = None
    outbound: OutboundMessage | None = None


@dataclass(frozen=True)
class Thread:
    message: BuyerMessage
    """The message the thread was opened at: a reply answers it."""
    entries: list[ThreadEntry]
    awaiting: Awaiting | None
    """The message's clock, when it still awaits a reply."""
    reply_queued: bool = False
    """A reply waits in the outbox: the clock stops when it is sent."""


def thread_get(*, message: BuyerMessage, now: dt.datetime) -> Thread:
    """The conversation the message belongs to: its order's messages both ways, by time.
    A message without an order is threaded with others of the same order id, or sender."""
    if message.order_id is not None:
        ours = BuyerMessage.objects.filter(order_id=message.order_id)
        sent = list(OutboundMessage.objects.filter(order_id=message.order_id))
    else:
        ours = BuyerMessage.objects.filter(order__isnull=True, order_ref=message.order_ref)
        if not message.order_ref:
            ours = ours.filter(sender=message.sender)
        sent = list(OutboundMessage.objects.filter(answers__in=ours))
    entries = [ThreadEntry(m.received_at, True, buyer_message=m) for m in ours] + [
        ThreadEntry(m.sent_at or m.created_at, False, outbound=m) for m in sent
    ]
    entries.sort(key=lambda entry: (entry.at, not entry.from_buyer))
    still_waiting = message.answered_at is None and not message.no_response_needed
    queued = any(
        m.answers_id == message.pk and m.state in (Delivery.QUEUED, Delivery.SENDING) for m in sent
    )
    return Thread(message, entries, _on_clock(message, now) if still_waiting else None, queued)


@dataclass(frozen=True)
class ResponseTime:
    days: int
    rate: ResponseRate
    average: dt.timedelta | None
    """The mean time to answer of those answered, flagged ones left out."""

    @property
    def target(self) -> Decimal:
        return TARGET


def response_time_list(
    *, now: dt.datetime, windows: tuple[int, ...] = WINDOWS
) -> list[ResponseTime]:
    """The response rate over each window of days, by when the messages were received."""
    oldest = now - dt.timedelta(days=max(windows))
    rows = list(
        BuyerMessage.objects.filter(received_at__gte=oldest, received_at__lte=now).values_list(
            "received_at", "answered_at", "no_response_needed"
        )
    )
    return [_window(rows, days, now) for days in windows]


def _window(
    rows: list[tuple[dt.datetime, dt.datetime | None, bool]], days: int, now: dt.datetime
) -> ResponseTime:
    since = now - dt.timedelta(days=days)
    inside = [Message(*row) for row in rows if row[0] >= since]
    times = [
        m.answered_at - m.received_at
        for m in inside
        if m.answered_at is not None and not m.no_response_needed
    ]
    average = sum(times, dt.timedelta(0)) / len(times) if times else None
    return ResponseTime(days, response_rate(inside, now), average)


def canned_reply_list() -> QuerySet[CannedReply]:
    return CannedReply.objects.all()
