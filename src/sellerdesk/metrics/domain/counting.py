"""Which events count against which metric (amazon-rules.md sections 1.1 and 2).

Each function answers for one order, one package or one unit; the selectors count the answers
in the database and the rates are formed in `rates`.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum


class ClaimState(StrEnum):
    PENDING = "pending"
    GRANTED = "granted"  # whoever funded it
    REFUNDED_BY_SELLER = "refunded"  # the seller refunded after the claim was filed
    WITHDRAWN_AFTER_DECISION = "withdrawn-late"  # withdrawn after it was granted or refunded
    WITHDRAWN = "withdrawn"  # withdrawn before any decision or refund
    DENIED = "denied"


class ChargebackKind(StrEnum):
    SERVICE = "service"  # item not received, not as described
    FRAUD = "fraud"  # unauthorised use of the card


# Section 1.1: "claims that do not count" are denied ones and those withdrawn in time.
_CLAIMS_THAT_COUNT = frozenset(
    {
        ClaimState.PENDING,
        ClaimState.GRANTED,
        ClaimState.REFUNDED_BY_SELLER,
        ClaimState.WITHDRAWN_AFTER_DECISION,
    }
)


def feedback_counts(*, stars: int, removed: bool) -> bool:
    """1- and 2-star seller feedback is negative; 3 is neutral; removed feedback stops counting."""
    return stars <= 2 and not removed


def claim_counts(*, state: ClaimState, protected: bool = False) -> bool:
    """A claim counts unless denied, withdrawn in time, or covered by Buy Shipping's protection.

    `protected`: a not-received claim on a Claims Protected label scanned on time and reimbursed
    by Amazon; a seller who refunds the buyer herself loses the protection.
    """
    if state not in _CLAIMS_THAT_COUNT:
        return False
    return not (protected and state is not ClaimState.REFUNDED_BY_SELLER)


def chargeback_counts(*, kind: ChargebackKind) -> bool:
    return kind is ChargebackKind.SERVICE


def shipped_late(*, latest_ship_at: dt.datetime, confirmed_at: dt.datetime) -> bool:
    """Late when the confirmation comes after the ship-by instant; the carrier's scan is no help."""
    return confirmed_at > latest_ship_at


def cancellation_counts(*, cancelled_by: str) -> bool:
    """Seller cancellations and the channel's auto-cancellations count; the buyer's own requests,
    made through her account on the channel, do not. Not knowing who cancelled counts: better a
    warning too many than a surprise from Amazon."""
    return cancelled_by != "buyer"


def tracking_valid(*, tracking_number: str, integrated_carrier: bool, scanned: bool) -> bool:
    """A package's tracking is valid with an Amazon-integrated carrier and at least one scan."""
    return bool(tracking_number.strip()) and integrated_carrier and scanned


def delivered_on_time(
    *,
    deliver_by: dt.datetime,
    delivered_at: dt.datetime,
    tracking_sent_at: dt.datetime | None,
) -> bool:
    """On or before the deliver-by (no extensions); tracking sent after delivery is never on time."""
    if tracking_sent_at is None or tracking_sent_at > delivered_at:
        return False
    return delivered_at <= deliver_by
