"""Account-health rules and formulas without a database: amazon-rules.md section 10's examples."""

import datetime as dt
from decimal import Decimal

import pytest

from sellerdesk.metrics.domain.counting import (
    ChargebackKind,
    ClaimState,
    chargeback_counts,
    claim_counts,
    delivered_on_time,
    feedback_counts,
    shipped_late,
    tracking_valid,
)
from sellerdesk.metrics.domain.policy import DEFAULTS, Metric, policy_with
from sellerdesk.metrics.domain.rates import Rate, Status, more_to_fail, percent, window_ending

UTC = dt.UTC
ODR = DEFAULTS[Metric.ORDER_DEFECT_RATE].target
LSR = DEFAULTS[Metric.LATE_SHIPMENT_RATE_30].target
CR = DEFAULTS[Metric.CANCELLATION_RATE].target
VTR = DEFAULTS[Metric.VALID_TRACKING_RATE].target


def test_worked_example_1_one_defective_order_of_200_passes():
    # The order counted once although it has two defects: test_selectors counts it from rows.
    rate = Rate(1, 200, ODR)
    assert (str(rate), rate.status) == ("0.50%", Status.PASS)


def test_worked_example_2_exactly_one_percent_fails_under_one_percent():
    rate = Rate(2, 200, ODR)
    assert (str(rate), rate.status) == ("1.00%", Status.FAIL)
    assert Rate(199, 20000, ODR).status is Status.AT_RISK  # 0.995%: past the 0.75% line
    assert Rate(149, 20000, ODR).status is Status.PASS


def test_worked_example_9_the_late_shipment_rate_over_30_and_10_days():
    assert (str(Rate(10, 250, LSR)), Rate(10, 250, LSR).status) == ("4.00%", Status.FAIL)
    assert (str(Rate(9, 250, LSR)), Rate(9, 250, LSR).status) == ("3.60%", Status.AT_RISK)
    ten_days = DEFAULTS[Metric.LATE_SHIPMENT_RATE_10].target
    assert (str(Rate(6, 60, ten_days)), Rate(6, 60, ten_days).status) == ("10.00%", Status.FAIL)


def test_worked_example_10_the_confirmation_time_governs_not_the_scan():
    ship_by = dt.datetime(2025, 6, 6, 23, 59, 59, tzinfo=UTC)
    on_time = dt.datetime(2025, 6, 6, 23, 59, tzinfo=UTC)
    late = dt.datetime(2025, 6, 7, 0, 0, 1, tzinfo=UTC)
    assert not shipped_late(latest_ship_at=ship_by, confirmed_at=on_time)
    assert shipped_late(latest_ship_at=ship_by, confirmed_at=late)
    assert not shipped_late(latest_ship_at=ship_by, confirmed_at=ship_by)


def test_worked_example_12_buyer_requested_cancellations_do_not_count():
    assert (str(Rate(2, 80, CR)), Rate(2, 80, CR).status) == ("2.50%", Status.FAIL)
    # One seller cancellation plus three the buyers asked for: only the seller's counts.
    assert (str(Rate(1, 80, CR)), Rate(1, 80, CR).status) == ("1.25%", Status.PASS)


def test_worked_example_14_exactly_95_percent_tracking_passes_and_is_flagged():
    rate = Rate(190, 200, VTR)
    assert (str(rate), rate.status, rate.on_the_line) == ("95.00%", Status.AT_RISK, True)
    below = Rate(189, 200, VTR)
    assert (str(below), below.status, below.on_the_line) == ("94.50%", Status.FAIL, False)
    assert Rate(196, 200, VTR).status is Status.PASS


def test_no_orders_is_no_data_not_a_pass():
    assert Rate(0, 0, ODR).status is Status.NO_DATA
    assert str(Rate(0, 0, ODR)) == "no orders"


@pytest.mark.parametrize(
    ("late", "orders", "more"),
    [(0, 250, 10), (9, 250, 1), (10, 250, 0), (0, 60, 3), (2, 60, 1), (0, 1, 1)],
)
def test_how_many_more_late_orders_would_cross_the_line(late, orders, more):
    rate = Rate(late, orders, LSR)
    assert more_to_fail(rate) == more
    assert Rate(late + more, orders, LSR).status is Status.FAIL
    if more:
        assert Rate(late + more - 1, orders, LSR).status is not Status.FAIL


def test_the_odr_window_is_60_days_ending_14_days_before_the_day_asked():
    # amazon-rules.md section 1.1: the report's ODR range 2020-09-06..2020-11-04 for 2020-11-19
    # is 60 days ending 15 days before; with end = as_of - 14 the report's day is 2020-11-18.
    window = DEFAULTS[Metric.ORDER_DEFECT_RATE].window(dt.date(2020, 11, 18))
    assert (window.first, window.last, window.days) == (
        dt.date(2020, 9, 6),
        dt.date(2020, 11, 4),
        60,
    )
    start, end = window.bounds()
    assert (start, end) == (
        dt.datetime(2020, 9, 6, tzinfo=UTC),
        dt.datetime(2020, 11, 5, tzinfo=UTC),
    )
    assert window_ending(dt.date(2025, 6, 30), days=7).first == dt.date(2025, 6, 24)


def test_negative_feedback_is_one_or_two_stars_not_removed():
    assert [feedback_counts(stars=s, removed=False) for s in range(1, 6)] == [
        True,
        True,
        False,
        False,
        False,
    ]
    assert not feedback_counts(stars=1, removed=True)


@pytest.mark.parametrize(
    ("state", "protected", "counts"),
    [
        (ClaimState.PENDING, False, True),
        (ClaimState.GRANTED, False, True),
        (ClaimState.REFUNDED_BY_SELLER, False, True),
        (ClaimState.WITHDRAWN_AFTER_DECISION, False, True),
        (ClaimState.WITHDRAWN, False, False),
        (ClaimState.DENIED, False, False),
        (ClaimState.GRANTED, True, False),  # Buy Shipping's protection, Amazon reimbursed
        (ClaimState.REFUNDED_BY_SELLER, True, True),  # refunding herself loses it
    ],
)
def test_which_a_to_z_claims_count(state, protected, counts):
    assert claim_counts(state=state, protected=protected) is counts


def test_only_service_chargebacks_are_defects():
    assert chargeback_counts(kind=ChargebackKind.SERVICE)
    assert not chargeback_counts(kind=ChargebackKind.FRAUD)


def test_tracking_needs_an_integrated_carrier_and_a_scan():
    assert tracking_valid(
        tracking_number="1Z5R89390357567127", integrated_carrier=True, scanned=True
    )
    assert not tracking_valid(tracking_number="1Z5R8939", integrated_carrier=True, scanned=False)
    assert not tracking_valid(tracking_number="AB1", integrated_carrier=False, scanned=True)
    assert not tracking_valid(tracking_number=" ", integrated_carrier=True, scanned=True)


def test_delivery_is_on_time_by_the_deliver_by_with_tracking_sent_before_it_arrived():
    by = dt.datetime(2025, 6, 10, 23, 59, 59, tzinfo=UTC)
    sent = dt.datetime(2025, 6, 6, 15, tzinfo=UTC)
    assert delivered_on_time(deliver_by=by, delivered_at=by, tracking_sent_at=sent)
    late = by + dt.timedelta(seconds=1)
    assert not delivered_on_time(deliver_by=by, delivered_at=late, tracking_sent_at=sent)
    early = dt.datetime(2025, 6, 8, tzinfo=UTC)
    assert not delivered_on_time(deliver_by=by, delivered_at=early, tracking_sent_at=None)
    assert not delivered_on_time(
        deliver_by=by, delivered_at=early, tracking_sent_at=early + dt.timedelta(hours=1)
    )


def test_a_sellers_policy_is_checked_so_the_bands_still_make_sense():
    base = DEFAULTS[Metric.LATE_SHIPMENT_RATE_10]
    changed = policy_with(base, days=14, target=Decimal("0.05"), warn_at=Decimal("0.04"))
    assert (changed.days, changed.target.value, changed.target.warn_at) == (
        14,
        Decimal("0.05"),
        Decimal("0.04"),
    )
    assert changed.target.describe() == "under 5.00%"
    with pytest.raises(ValueError, match="warning line must not be above"):
        policy_with(base, warn_at=Decimal("0.05"))
    with pytest.raises(ValueError, match="below the target"):
        policy_with(DEFAULTS[Metric.VALID_TRACKING_RATE], warn_at=Decimal("0.9"))
    with pytest.raises(ValueError, match="at least one day"):
        policy_with(base, days=0)
    with pytest.raises(ValueError, match="between 0% and 100%"):
        policy_with(base, target=Decimal("1.5"))


def test_percent_rounds_half_up_to_two_places():
    assert percent(Decimal(35) / Decimal(39)) == "89.74%"
    assert percent(Decimal("0.00005")) == "0.01%"
