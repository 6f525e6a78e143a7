"""Buyer communication's pure rules: message content, the review window, the response clock."""

import datetime as dt
from decimal import Decimal

import pytest

from sellerdesk.messaging.domain.compliance import (
    describe,
    message_problems,
    review_request_problems,
)
from sellerdesk.messaging.domain.response_time import Message, response_rate
from sellerdesk.messaging.domain.solicitation import OrderFacts, review_verdict, review_window

UTC = dt.UTC
T0 = dt.datetime(2025, 6, 2, 9, 0, tzinfo=UTC)


def test_worked_example_28_the_review_window_a_second_request_and_a_coupon():
    window = review_window(dt.date(2025, 3, 1), dt.date(2025, 3, 4))
    assert (window.opens, window.closes) == (dt.date(2025, 3, 6), dt.date(2025, 4, 3))
    assert review_verdict(OrderFacts(), window, dt.date(2025, 3, 6)).send
    assert review_verdict(OrderFacts(), window, dt.date(2025, 4, 3)).send
    assert review_verdict(OrderFacts(), window, dt.date(2025, 3, 5)).why == (
        "too early: the window opens on 06 Mar 2025"
    )
    assert review_verdict(OrderFacts(), window, dt.date(2025, 4, 4)).why == (
        "too late: the window closed on 03 Apr 2025"
    )
    second = review_verdict(OrderFacts(already_requested=True), window, dt.date(2025, 3, 10))
    assert (second.send, second.why) == (False, "a review was already requested for this order")
    coupon = review_request_problems("Tell us how we did and get a 10% coupon!")
    assert [problem.what for problem in coupon] == ["an incentive for a review"]


@pytest.mark.parametrize(
    ("facts", "why"),
    [
        (OrderFacts(returned=True), "the order was returned"),
        (OrderFacts(refunded=True), "the order was refunded"),
        (OrderFacts(cancelled=True), "the order was cancelled"),
        (OrderFacts(complaint=True), "the buyer complained or claimed"),
    ],
)
def test_no_review_request_after_a_return_refund_cancellation_or_complaint(facts, why):
    window = review_window(dt.date(2025, 3, 1), dt.date(2025, 3, 4))
    assert review_verdict(facts, window, dt.date(2025, 3, 10)).why == why


@pytest.mark.parametrize(
    ("text", "what"),
    [
        ("See our care guide at https://wrenandwire.com/care", "a link"),
        ("More rings on www.wrenandwire.com", "a link"),
        ("Visit wrenandwire.com for more", "a link"),
        ("Write to hello@wrenandwire.com with questions", "an email address"),
        ("Call us on +1 (503) 555-0100", "a phone number"),
        ("Or ring 020 7946 0958", "a phone number"),
    ],
)
def test_links_emails_and_phone_numbers_are_refused_in_amazon_messages(text, what):
    assert [problem.what for problem in message_problems(text)] == [what]


def test_a_plain_message_with_its_order_id_and_a_date_passes():
    text = (
        "Your ring for order 114-1234567-1234567 will be engraved with 'A + J' and ship on "
        "12 June 2025. Please reply if the engraving should change."
    )
    assert message_problems(text) == []


def test_a_review_request_may_not_ask_for_a_good_review_and_the_reason_says_what_to_remove():
    problems = review_request_problems("Please leave us a 5-star review at wrenandwire.com")
    assert [problem.what for problem in problems] == ["a link", "a request for a good review"]
    assert describe(problems) == (
        "Amazon does not allow a link ('wrenandwire.com'); a request for a good review ('5-star') "
        "in a buyer message: take it out."
    )


def test_worked_example_19_response_rate_89_74_fails_the_90_target():
    now = T0 + dt.timedelta(days=5)
    messages = (
        [Message(T0, T0 + dt.timedelta(hours=3)) for _ in range(35)]
        + [Message(T0, T0 + dt.timedelta(hours=30)) for _ in range(2)]
        + [Message(T0) for _ in range(2)]
        + [Message(T0, no_response_needed=True)]
    )
    rate = response_rate(messages, now)
    assert (rate.counted, rate.on_time, rate.late) == (39, 35, 4)
    assert rate.on_time_percent == Decimal("89.74")
    assert rate.late_percent == Decimal("10.26")
    assert not rate.meets_target


def test_the_clock_runs_through_weekends_and_a_message_inside_its_24_hours_is_not_late_yet():
    friday = dt.datetime(2025, 6, 6, 18, 0, tzinfo=UTC)
    answered_monday = Message(friday, friday + dt.timedelta(days=3))
    waiting = Message(friday + dt.timedelta(days=3))
    rate = response_rate([answered_monday, waiting], friday + dt.timedelta(days=3, hours=1))
    assert (rate.counted, rate.late) == (1, 1)
