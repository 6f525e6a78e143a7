"""The inbox's reads: the clock of each message, threads, and the response-time metric."""

import datetime as dt
from decimal import Decimal

import pytest

from sellerdesk.core import clock
from sellerdesk.messaging.models import BuyerMessage, MessageKind, OutboundMessage
from sellerdesk.messaging.selectors import (
    awaiting_reply_counts,
    awaiting_reply_list,
    recent_message_list,
    response_time_list,
    thread_get,
)
from sellerdesk.orders.tests.factories import OrderFactory

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2025, 6, 16, 9, 0, tzinfo=dt.UTC)  # a Monday
HOUR = dt.timedelta(hours=1)


def received(hours_ago: float, **fields) -> BuyerMessage:
    values = {"sender": "buyer@marketplace.amazon.com", "body": "?", "source": "entered"}
    values.update(fields)
    return BuyerMessage.objects.create(received_at=NOW - hours_ago * HOUR, **values)


def test_messages_awaiting_a_reply_are_open_nearing_or_late_the_oldest_first():
    fresh = received(2)
    nearing = received(21)
    edge = received(24)  # exactly 24 hours: due now, not yet late
    late = received(60)  # received on Friday: the weekend counts
    received(30, answered_at=NOW - HOUR)
    received(30, no_response_needed=True)

    awaiting = awaiting_reply_list(now=NOW)

    assert [a.message for a in awaiting] == [late, edge, nearing, fresh]
    assert [a.state for a in awaiting] == ["late", "nearing", "nearing", "open"]
    assert awaiting[0].late_by == 36 * HOUR
    assert awaiting[3].left == 22 * HOUR
    counts = awaiting_reply_counts(now=NOW)
    assert (counts.waiting, counts.nearing, counts.late) == (4, 2, 1)


def test_the_four_hour_boundary_is_nearing_only_inside_it():
    received(20)  # exactly 4 hours left: not yet nearing
    received(20.01)

    assert [a.state for a in awaiting_reply_list(now=NOW)] == ["nearing", "open"]
    assert awaiting_reply_counts(now=NOW).nearing == 1


def test_messages_off_the_clock_are_listed_newest_first():
    older = received(50, answered_at=NOW - 40 * HOUR)
    newer = received(3, no_response_needed=True)
    received(1)

    assert list(recent_message_list()) == [newer, older]


def test_a_thread_interleaves_the_buyers_messages_and_ours_by_time():
    with clock.pinned(NOW):
        order = OrderFactory()
    first = received(30, order=order)
    second = received(5, order=order)
    received(4, order=OrderFactory())  # another order's
    ours = OutboundMessage.objects.create(
        order=order, kind=MessageKind.REPLY, answers=first, recipient="buyer@x.example",
        subject="Re: ?", body="Yes", key="k1", next_attempt_at=NOW - 20 * HOUR,
        created_at=NOW - 20 * HOUR,
    )  # fmt: skip
    shipped = OutboundMessage.objects.create(
        order=order, kind=MessageKind.SHIPPED, subject="On its way", body=".", key="k2",
        next_attempt_at=NOW - 10 * HOUR, created_at=NOW - 10 * HOUR, sent_at=NOW - 9 * HOUR,
    )  # fmt: skip

    thread = thread_get(message=second, now=NOW)

    assert [(e.from_buyer, e.buyer_message or e.outbound) for e in thread.entries] == [
        (True, first),
        (False, ours),
        (False, shipped),
        (True, second),
    ]
    assert thread.entries[2].at == NOW - 9 * HOUR  # when it went, not when it was queued
    assert thread.awaiting is not None
    assert thread.awaiting.due_at == NOW + 19 * HOUR


def test_messages_without_an_order_thread_by_the_order_id_given_else_by_sender():
    a = received(3, order_ref="222-1", sender="x@example.com")
    b = received(2, order_ref="222-1", sender="y@example.com")
    c = received(1, sender="x@example.com")
    d = received(1.5, sender="x@example.com", answered_at=NOW)

    assert [e.buyer_message for e in thread_get(message=a, now=NOW).entries] == [a, b]
    thread = thread_get(message=c, now=NOW)
    assert [e.buyer_message for e in thread.entries] == [d, c]
    assert thread_get(message=d, now=NOW).awaiting is None


def test_worked_example_19_from_the_database_fails_the_target(django_assert_num_queries):
    # 40 messages, 1 flagged; of 39: 35 within 24 h, 2 after 30 h, 2 unanswered past 24 h.
    start = NOW - 72 * HOUR
    for _ in range(35):
        received(72, answered_at=start + 23 * HOUR)
    for _ in range(2):
        received(72, answered_at=start + 30 * HOUR)
    for _ in range(2):
        received(72)
    received(72, no_response_needed=True)
    received(100 * 24)  # outside even the 90-day window

    with django_assert_num_queries(1):
        week, month, quarter = response_time_list(now=NOW)

    assert (week.days, month.days, quarter.days) == (7, 30, 90)
    rate = quarter.rate
    assert (rate.counted, rate.on_time, rate.late) == (39, 35, 4)
    assert rate.on_time_percent == Decimal("89.74")
    assert rate.late_percent == Decimal("10.26")
    assert not rate.meets_target
    assert week.rate == rate
    assert week.average == (35 * 23 * HOUR + 2 * 30 * HOUR) / 37


def test_messages_still_inside_their_24_hours_are_not_counted_yet():
    received(3)
    received(5, answered_at=NOW - HOUR)
    received(26)  # unanswered past 24 h: late
    received(24 * 10)  # outside the week, inside the month

    week, month, _ = response_time_list(now=NOW)

    assert (week.rate.counted, week.rate.on_time, week.rate.late) == (2, 1, 1)
    assert week.rate.on_time_percent == Decimal("50.00")
    assert month.rate.counted == 3
    assert week.average == 4 * HOUR
