"""When a review may be requested (amazon-rules.md section 6.1): once per order, from 5 days
after the earliest delivery date to 30 days after the latest; never for an order returned,
refunded, cancelled, or with a complaint or claim."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

OPENS_AFTER = dt.timedelta(days=5)
CLOSES_AFTER = dt.timedelta(days=30)


@dataclass(frozen=True)
class Window:
    opens: dt.date
    closes: dt.date

    def __contains__(self, day: dt.date) -> bool:
        return self.opens <= day <= self.closes


def review_window(earliest_delivery: dt.date, latest_delivery: dt.date) -> Window:
    return Window(earliest_delivery + OPENS_AFTER, latest_delivery + CLOSES_AFTER)


@dataclass(frozen=True)
class OrderFacts:
    already_requested: bool = False
    returned: bool = False
    refunded: bool = False
    cancelled: bool = False
    complaint: bool = False
    """A complaint, an A-to-z claim or a chargeback."""


@dataclass(frozen=True)
class Verdict:
    send: bool
    why: str


def review_verdict(facts: OrderFacts, window: Window | None, today: dt.date) -> Verdict:
    """Send now, or why not (wait, or skip for good)."""
    if facts.already_requested:
        return Verdict(False, "a review was already requested for this order")
    for fact, why in (
        (facts.cancelled, "the order was cancelled"),
        (facts.returned, "the order was returned"),
        (facts.refunded, "the order was refunded"),
        (facts.complaint, "the buyer complained or claimed"),
    ):
        if fact:
            return Verdict(False, why)
    if window is None:
        return Verdict(False, "the order has no delivery dates to count the window from")
    if today < window.opens:
        return Verdict(False, f"too early: the window opens on {window.opens:%d %b %Y}")
    if today > window.closes:
        return Verdict(False, f"too late: the window closed on {window.closes:%d %b %Y}")
    return Verdict(True, f"inside the window ({window.opens:%d %b} to {window.closes:%d %b %Y})")
