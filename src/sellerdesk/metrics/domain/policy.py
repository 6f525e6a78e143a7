"""Each metric's window, offset and target, defaulting to Amazon's (amazon-rules.md section 9).

Amazon moves these over time, so the seller may change any of them; these are the defaults.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from decimal import Decimal
from enum import StrEnum

from .rates import Condition, Target, Window, percent, window_ending


class Metric(StrEnum):
    ORDER_DEFECT_RATE = "odr"
    LATE_SHIPMENT_RATE_10 = "lsr-10"
    LATE_SHIPMENT_RATE_30 = "lsr-30"
    CANCELLATION_RATE = "cancellation"
    VALID_TRACKING_RATE = "vtr"
    ON_TIME_DELIVERY_RATE = "otdr"
    RESPONSE_TIME = "response"


@dataclass(frozen=True)
class Policy:
    metric: Metric
    name: str
    days: int
    offset_days: int
    target: Target
    what: str  # what is counted, in the seller's words
    unit: str = "orders"  # what the denominator counts

    def window(self, as_of: dt.date) -> Window:
        return window_ending(as_of, days=self.days, offset_days=self.offset_days)


def _under(value: str, warn: str) -> Target:
    return Target(Decimal(value), Condition.UNDER, Decimal(warn))


def _at_least(value: str, warn: str) -> Target:
    return Target(Decimal(value), Condition.AT_LEAST, Decimal(warn))


DEFAULTS: dict[Metric, Policy] = {
    policy.metric: policy
    for policy in (
        Policy(
            Metric.ORDER_DEFECT_RATE,
            "Order Defect Rate",
            60,
            14,
            _under("0.01", "0.0075"),
            "orders with negative feedback, an A-to-z claim or a service chargeback, by order date",
        ),
        Policy(
            Metric.LATE_SHIPMENT_RATE_10,
            "Late Shipment Rate, 10 days",
            10,
            0,
            _under("0.04", "0.03"),
            "seller-fulfilled orders confirmed after their ship-by, by order date",
        ),
        Policy(
            Metric.LATE_SHIPMENT_RATE_30,
            "Late Shipment Rate, 30 days",
            30,
            0,
            _under("0.04", "0.03"),
            "seller-fulfilled orders confirmed after their ship-by, by order date",
        ),
        Policy(
            Metric.CANCELLATION_RATE,
            "Pre-fulfilment Cancellation Rate",
            7,
            0,
            _under("0.025", "0.02"),
            "seller-fulfilled orders cancelled by the seller or by the channel, "
            "not at the buyer's request, by order date",
        ),
        Policy(
            Metric.VALID_TRACKING_RATE,
            "Valid Tracking Rate",
            30,
            14,
            _at_least("0.95", "0.97"),
            "packages with an integrated carrier's tracking number and a carrier scan, "
            "by promised delivery date",
            "packages",
        ),
        Policy(
            Metric.ON_TIME_DELIVERY_RATE,
            "On-Time Delivery Rate",
            14,
            7,
            _at_least("0.90", "0.93"),
            "tracked units delivered by their deliver-by date, by delivery date",
            "units",
        ),
        Policy(
            Metric.RESPONSE_TIME,
            "Contact response time",
            30,
            0,
            _at_least("0.90", "0.95"),
            "buyer messages answered within 24 hours, weekends included",
            "messages",
        ),
    )
}


def policy_with(
    base: Policy,
    *,
    days: int | None = None,
    offset_days: int | None = None,
    target: Decimal | None = None,
    warn_at: Decimal | None = None,
) -> Policy:
    """The seller's changes over a default, checked so the status bands still make sense."""
    days = base.days if days is None else days
    offset_days = base.offset_days if offset_days is None else offset_days
    value = base.target.value if target is None else target
    warn = base.target.warn_at if warn_at is None else warn_at
    if days < 1 or offset_days < 0:
        raise ValueError("a window needs at least one day and an offset of zero or more days")
    if not Decimal(0) < value < Decimal(1) or not Decimal(0) <= warn <= Decimal(1):
        raise ValueError("targets and warning lines are rates between 0% and 100%")
    if base.target.condition is Condition.UNDER and warn > value:
        raise ValueError(
            f"the warning line must not be above the target for a rate kept under it (at risk "
            f"from {percent(warn)}, target {percent(value)}; both in percent, 4 for 4%)"
        )
    if base.target.condition is Condition.AT_LEAST and warn < value:
        raise ValueError(
            f"the warning line must not be below the target for a rate kept above it (at risk "
            f"below {percent(warn)}, target {percent(value)}; both in percent, 95 for 95%)"
        )
    target_ = replace(base.target, value=value, warn_at=warn)
    return replace(base, days=days, offset_days=offset_days, target=target_)
