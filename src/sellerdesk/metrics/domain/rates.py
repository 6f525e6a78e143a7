"""A metric's window, target and rate, and how a rate is judged against its target.

Amazon states targets two ways (amazon-rules.md section 10): "under X%" fails at exactly X%,
"at least X%" passes at exactly X%. A rate between the target and its warning line is at risk.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum


class Status(StrEnum):
    PASS = "pass"
    AT_RISK = "at-risk"
    FAIL = "fail"
    NO_DATA = "no-data"


class Condition(StrEnum):
    UNDER = "under"  # the rate of bad things must stay under the target
    AT_LEAST = "at-least"  # the rate of good things must reach the target


@dataclass(frozen=True)
class Target:
    value: Decimal
    condition: Condition
    # The rate from which a passing metric is shown at risk.
    warn_at: Decimal

    def status(self, rate: Decimal) -> Status:
        if self.condition is Condition.UNDER:
            if rate >= self.value:
                return Status.FAIL
            return Status.AT_RISK if rate >= self.warn_at else Status.PASS
        if rate < self.value:
            return Status.FAIL
        return Status.AT_RISK if rate < self.warn_at else Status.PASS

    def describe(self) -> str:
        word = "under" if self.condition is Condition.UNDER else "at least"
        return f"{word} {percent(self.value)}"


@dataclass(frozen=True)
class Window:
    """Whole UTC days, both ends included."""

    first: dt.date
    last: dt.date

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        """The instants [start, end) that cover the window's days."""
        start = dt.datetime.combine(self.first, dt.time(), tzinfo=dt.UTC)
        return start, start + dt.timedelta(days=self.days)

    def __str__(self) -> str:
        return f"{self.first:%Y-%m-%d} to {self.last:%Y-%m-%d}"


def window_ending(as_of: dt.date, *, days: int, offset_days: int = 0) -> Window:
    """The `days` whole days ending `offset_days` before `as_of` (section 1.1: end = as_of - 14)."""
    if days < 1 or offset_days < 0:
        raise ValueError("a window needs at least one day and an offset of zero or more")
    last = as_of - dt.timedelta(days=offset_days)
    return Window(last - dt.timedelta(days=days - 1), last)


@dataclass(frozen=True)
class Rate:
    numerator: int
    denominator: int
    target: Target

    @property
    def value(self) -> Decimal | None:
        if not self.denominator:
            return None
        return Decimal(self.numerator) / Decimal(self.denominator)

    @property
    def status(self) -> Status:
        value = self.value
        return Status.NO_DATA if value is None else self.target.status(value)

    @property
    def on_the_line(self) -> bool:
        """Exactly on the target: Amazon's wording and its API disagree there (VTR, section 2.3)."""
        return self.value == self.target.value

    def __str__(self) -> str:
        value = self.value
        return "no orders" if value is None else percent(value)


def percent(value: Decimal, places: int = 2) -> str:
    exponent = Decimal(1).scaleb(-places)
    return f"{(value * 100).quantize(exponent, rounding=ROUND_HALF_UP)}%"


def more_to_fail(rate: Rate) -> int:
    """How many more bad orders, in the same denominator, would make the rate fail.

    For an "under" target it is the smallest k with (numerator + k) / denominator >= target.
    """
    if rate.target.condition is not Condition.UNDER or not rate.denominator:
        raise ValueError("only a rate of bad things over some orders can be pushed to fail")
    needed = math.ceil(rate.target.value * rate.denominator)
    return max(0, needed - rate.numerator)
