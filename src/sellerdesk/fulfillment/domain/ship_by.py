"""When an order must ship: Amazon's handling time counted in business days.

amazon-rules.md section 4: the expected ship date is the order date plus the handling time in
business days (weekends and the marketplace's holidays do not count). With same-day handling,
an order placed before the seller's cut-off ships that day and a later one the next business
day. An order must ship by the end of its ship-by day, in the marketplace's time zone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

END_OF_DAY = dt.time(23, 59, 59)


@dataclass(frozen=True)
class ShippingCalendar:
    """A marketplace's working days, and the seller's handling time and cut-off there."""

    zone: ZoneInfo
    handling_days: int = 1
    cutoff: dt.time = dt.time(14, 0)
    holidays: Collection[dt.date] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        if self.handling_days < 0:
            raise ValueError("the handling time cannot be negative")

    def is_business_day(self, day: dt.date) -> bool:
        return day.weekday() < 5 and day not in self.holidays

    def next_business_day(self, day: dt.date) -> dt.date:
        day += dt.timedelta(days=1)
        while not self.is_business_day(day):
            day += dt.timedelta(days=1)
        return day

    def ship_by_day(self, ordered_at: dt.datetime) -> dt.date:
        """The local day by which an order placed at `ordered_at` must ship."""
        if ordered_at.tzinfo is None:
            raise ValueError("ordered_at must be an aware datetime")
        local = ordered_at.astimezone(self.zone)
        day = local.date()
        if self.handling_days == 0:
            if self.is_business_day(day) and local.time() < self.cutoff:
                return day
            return self.next_business_day(day)
        for _ in range(self.handling_days):
            day = self.next_business_day(day)
        return day

    def ship_by(self, ordered_at: dt.datetime) -> dt.datetime:
        """The latest ship time: the end of the ship-by day, local, as an aware UTC time."""
        end = dt.datetime.combine(self.ship_by_day(ordered_at), END_OF_DAY, tzinfo=self.zone)
        return end.astimezone(dt.UTC)
