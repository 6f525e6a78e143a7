"""Amazon's return rules (amazon-rules.md section 5): the window, exemptions, deadlines.

The window runs from delivery (30 days by default, a setting per channel). A request inside
it is authorised at once; personalised items are exempt (made for the buyer) unless the
seller was at fault; anything else waits for the seller. A request must be answered within
24 hours; a refund is due within two business days of the return's receipt.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sellerdesk.fulfillment.domain.ship_by import ShippingCalendar

RESPONSE_TIME = dt.timedelta(hours=24)
REFUND_BUSINESS_DAYS = 2
DEFAULT_WINDOW_DAYS = 30

# Reasons Amazon counts as the seller's fault: refunded in full, never a deduction.
SELLER_FAULT = frozenset(
    {"damaged", "defective", "wrong_item", "not_as_described", "missing_parts", "late"}
)
CUSTOMER_FAULT = frozenset({"no_longer_needed", "ordered_by_mistake", "better_price", "other"})
REASONS = {
    "damaged": "Arrived damaged",
    "defective": "Defective or does not work",
    "wrong_item": "Wrong item sent",
    "not_as_described": "Not as described",
    "missing_parts": "Missing parts",
    "late": "Arrived too late",
    "no_longer_needed": "No longer needed",
    "ordered_by_mistake": "Ordered by mistake",
    "better_price": "Found a better price",
    "other": "Other",
}


def seller_at_fault(reason: str) -> bool:
    return reason in SELLER_FAULT


@dataclass(frozen=True)
class Decision:
    authorise: bool
    why: str


def decide(
    *,
    requested_at: dt.datetime,
    delivered_at: dt.datetime | None,
    reason: str,
    personalised: bool,
    window_days: int = DEFAULT_WINDOW_DAYS,
) -> Decision:
    """Authorise at once when in policy; otherwise say why the seller must look."""
    if personalised and not seller_at_fault(reason):
        return Decision(False, "a personalised item is exempt unless you were at fault")
    if delivered_at is None:
        return Decision(False, "the order has no delivery date to count the return window from")
    deadline = delivered_at + dt.timedelta(days=window_days)
    if requested_at > deadline:
        late = -(-(requested_at - deadline) // dt.timedelta(days=1))  # whole days, rounded up
        return Decision(
            False, f"asked {late} day{'s' if late != 1 else ''} after the {window_days}-day window"
        )
    return Decision(True, f"inside the {window_days}-day return window")


def response_due(requested_at: dt.datetime) -> dt.datetime:
    return requested_at + RESPONSE_TIME


def refund_due(received_at: dt.datetime, calendar: ShippingCalendar) -> dt.datetime:
    """The end of the second business day after the day the return arrived (local)."""
    counting = ShippingCalendar(
        zone=calendar.zone, handling_days=REFUND_BUSINESS_DAYS, holidays=calendar.holidays
    )
    return counting.ship_by(received_at)
