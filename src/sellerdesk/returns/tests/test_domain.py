"""The returns' pure rules: steps, Amazon's policy and deadlines, and refund sums."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from sellerdesk.fulfillment.domain.ship_by import ShippingCalendar
from sellerdesk.returns.domain import lifecycle as steps
from sellerdesk.returns.domain import policy, refunds
from sellerdesk.returns.domain.refunds import PaidLine, RefundLine, RefundRules, ReturnedLine

UTC = dt.UTC
LA = ZoneInfo("America/Los_Angeles")


@pytest.mark.parametrize(
    ("current", "wanted"),
    [
        (steps.REQUESTED, steps.AUTHORISED),
        (steps.REQUESTED, steps.REJECTED),
        (steps.AUTHORISED, steps.LABEL_ISSUED),
        (steps.AUTHORISED, steps.RECEIVED),  # arrived with no tracking seen
        (steps.AUTHORISED, steps.REFUNDED),  # a returnless refund
        (steps.LABEL_ISSUED, steps.IN_TRANSIT),
        (steps.IN_TRANSIT, steps.RECEIVED),
        (steps.RECEIVED, steps.INSPECTED),
        (steps.INSPECTED, steps.DISPOSED),
        (steps.DISPOSED, steps.REFUNDED),
        (steps.REFUNDED, steps.CLOSED),
        (steps.REJECTED, steps.CLOSED),
    ],
)
def test_each_step_may_follow_the_one_before_it(current, wanted):
    steps.check_step(current, wanted)  # no exception: allowed


@pytest.mark.parametrize(
    ("current", "wanted", "message"),
    [
        (
            steps.REQUESTED,
            steps.REFUNDED,
            "A return that is requested cannot be refunded: it must first be authorised or sent a return label or on its way back or put away or written off.",
        ),
        (
            steps.RECEIVED,
            steps.DISPOSED,
            "A return that is received cannot be put away or written off: it must first be inspected.",
        ),
        (steps.REFUNDED, steps.REFUNDED, "The return is already refunded."),
        (steps.CLOSED, steps.AUTHORISED, "The return is closed: open a new one for anything more."),
    ],
)
def test_a_step_out_of_turn_is_refused_saying_what_must_come_first(current, wanted, message):
    with pytest.raises(steps.InvalidReturnStep) as refused:
        steps.check_step(current, wanted)
    assert str(refused.value) == message


DELIVERED = dt.datetime(2025, 6, 2, 18, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("days_after", "reason", "personalised", "authorise", "why"),
    [
        (30, "no_longer_needed", False, True, "inside the 30-day return window"),
        (31, "no_longer_needed", False, False, "asked 1 day after the 30-day window"),
        (
            3,
            "no_longer_needed",
            True,
            False,
            "a personalised item is exempt unless you were at fault",
        ),
        (3, "wrong_item", True, True, "inside the 30-day return window"),
    ],
)
def test_requests_in_policy_are_authorised_at_once_and_the_rest_say_why_not(
    days_after, reason, personalised, authorise, why
):
    decision = policy.decide(
        requested_at=DELIVERED + dt.timedelta(days=days_after),
        delivered_at=DELIVERED,
        reason=reason,
        personalised=personalised,
    )
    assert (decision.authorise, decision.why) == (authorise, why)


def test_a_window_set_longer_for_the_channel_counts():
    decision = policy.decide(
        requested_at=DELIVERED + dt.timedelta(days=40), delivered_at=DELIVERED,
        reason="other", personalised=False, window_days=60,
    )  # fmt: skip
    assert decision.authorise


def test_worked_example_26_refund_due_two_business_days_after_receipt():
    # Received Fri 2025-06-06 -> refund due by the end of Tue 2025-06-10.
    received = dt.datetime(2025, 6, 6, 15, 0, tzinfo=LA)
    due = policy.refund_due(received, ShippingCalendar(zone=LA))
    assert due == dt.datetime(2025, 6, 10, 23, 59, 59, tzinfo=LA)


def test_a_holiday_moves_the_refund_deadline_and_a_request_is_answered_within_a_day():
    received = dt.datetime(2025, 6, 6, 15, 0, tzinfo=LA)
    calendar = ShippingCalendar(zone=LA, holidays=frozenset({dt.date(2025, 6, 9)}))
    assert policy.refund_due(received, calendar).astimezone(LA).date() == dt.date(2025, 6, 11)
    assert policy.response_due(DELIVERED) == DELIVERED + dt.timedelta(hours=24)


RING = PaidLine(1, "RING-5", units=2, item=Decimal("44.00"), shipping=Decimal("6.00"))
CHAIN = PaidLine(2, "CHAIN-1", units=1, item=Decimal("30.00"), shipping=Decimal("0"))


def test_the_sellers_fault_refunds_items_and_shipping_in_full_with_no_deduction():
    proposal = refunds.propose(
        [RING], [ReturnedLine(1, ["damaged"])], seller_fault=True, currency="USD", label_cost=Decimal("7.50"),
        rules=RefundRules(restocking_percent={"damaged": Decimal(50)}),
    )  # fmt: skip
    assert proposal == [RefundLine(1, Decimal("22.00"), Decimal("3.00"))]


def test_the_buyers_reason_refunds_items_less_the_label_and_restocking_but_not_shipping():
    proposal = refunds.propose(
        [RING, CHAIN],
        [ReturnedLine(1, ["sellable", "damaged"]), ReturnedLine(2, ["sellable"])],
        seller_fault=False, currency="USD", label_cost=Decimal("7.50"),
        rules=RefundRules(restocking_percent={"damaged": Decimal(50)}),
    )  # fmt: skip
    ring, chain = proposal
    assert (ring.item, ring.shipping) == (Decimal("25.50"), Decimal(0))  # 44 - 11 - 7.50
    assert [why for why, _ in ring.deductions] == [
        "restocking fee 50% (damaged by the buyer)",
        "return label",
    ]
    assert (chain.item, chain.deductions) == (Decimal("30.00"), ())  # the label once only


def test_a_refund_never_exceeds_what_is_left_of_what_was_paid():
    half_refunded = PaidLine(1, "RING-5", 2, Decimal("44.00"), Decimal("6.00"), Decimal("30.00"))
    proposal = refunds.propose(
        [half_refunded], [ReturnedLine(1, ["sellable"])], seller_fault=True, currency="USD"
    )
    assert proposal[0].item == Decimal("14.00")
    with pytest.raises(
        refunds.RefundTooLarge,
        match=r"\$20.00 for the item is more than the \$14.00 left of the \$44.00 paid",
    ):
        refunds.check([half_refunded], [RefundLine(1, Decimal("20.00"), Decimal(0))], "USD")
    with pytest.raises(refunds.RefundTooLarge, match="cannot be negative"):
        refunds.check([RING], [RefundLine(1, Decimal("-1"), Decimal(0))], "USD")
    refunds.check([RING], [RefundLine(1, Decimal("44.00"), Decimal("6.00"))], "USD")


def test_more_units_returned_than_bought_is_an_error():
    with pytest.raises(ValueError, match="3 returned of 1 bought"):
        refunds.propose(
            [CHAIN], [ReturnedLine(2, ["sellable"] * 3)], seller_fault=True, currency="USD"
        )


def test_amounts_are_whole_cents_and_whole_yen():
    thirds = PaidLine(1, "RING-5", 3, Decimal("10.00"), Decimal("0"))
    (part,) = refunds.propose(
        [thirds], [ReturnedLine(1, ["sellable"])], seller_fault=True, currency="USD"
    )
    assert part.item == Decimal("3.33")
    yen = PaidLine(1, "RING-5", 3, Decimal("1000"), Decimal("0"))
    (part,) = refunds.propose(
        [yen], [ReturnedLine(1, ["sellable"])], seller_fault=True, currency="JPY"
    )
    assert part.item == Decimal("333")


def test_a_refund_at_first_scan_can_still_be_received_and_put_away():
    steps.check_step(steps.IN_TRANSIT, steps.REFUNDED)
    steps.check_step(steps.REFUNDED, steps.RECEIVED)
