"""Shipped and delivered dates as the seller types them: a day, or a day and a time.

A day alone is kept as a day until the change is applied, so the preview and the apply work
out the same change whatever the clock says between them; applying turns it into an instant
inside that day (in the seller's time zone, daylight saving included), no earlier than what
must come before it (the order, its shipping) and no later than now.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sellerdesk.core import clock

from . import cells
from .reading import Row, Table


@dataclass(frozen=True)
class Typed:
    day: dt.date | None = None
    at: dt.datetime | None = None
    """A UTC instant, to the second, where a time was given."""
    wall: dt.datetime | None = None
    """The time as typed, on the seller's clock: in the hour repeated when clocks go back,
    the instant alone cannot say which of the two it was."""

    def data(self) -> str:
        return self.day.isoformat() if self.day else self.at.isoformat() if self.at else ""

    def local_day(self) -> dt.date:
        if self.day is not None:
            return self.day
        assert self.at is not None
        return self.at.astimezone(clock.seller_zone()).date()

    def shown(self) -> str:
        if self.day is not None:
            return f"{self.day:%Y-%m-%d}"
        assert self.at is not None
        return f"{self.at.astimezone(clock.seller_zone()):%Y-%m-%d %H:%M}"

    def matches(self, stored: dt.datetime | None) -> bool:
        """Says what sellerdesk has: the same day, or the same instant to the second."""
        if stored is None:
            return False
        local = stored.astimezone(clock.seller_zone()).replace(tzinfo=None, microsecond=0)
        if self.day is not None:
            return local.date() == self.day
        return local == self.wall if self.wall is not None else self.at == stored


def typed(table: Table, row: Row, key: str) -> Typed | None:
    value = row.cells.get(key, "")
    if value in ("", None):
        return None
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return Typed(day=value)
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return Typed(day=value.date())
    if isinstance(value, str):
        day = cells.typed_day(value)
        if day is not None:
            return Typed(day=day)
    at = cells.moment(table, row, key)
    assert at is not None
    wall = at.astimezone(clock.seller_zone()).replace(tzinfo=None)
    if isinstance(value, dt.datetime) and value.tzinfo is None:
        wall = value.replace(microsecond=0)
    return Typed(at=at, wall=wall)


def reader(stored: dt.datetime | None) -> Any:
    """A column reader for `_one`: a typed date that says what is stored reads as unchanged."""

    def read(table: Table, row: Row, key: str) -> Typed | dt.datetime | None:
        found = typed(table, row, key)
        return stored if found is not None and found.matches(stored) else found

    return read


def resolve(data: str, *, after: dt.datetime, end_of_day: bool) -> dt.datetime:
    """The instant to record for a typed date (`Typed.data()`; empty: now), kept between
    `after` and now."""
    now = clock.now()
    if not data:
        return now
    if len(data) > len("2026-11-27"):
        return dt.datetime.fromisoformat(data)
    start, end = clock.day_bounds(dt.date.fromisoformat(data), clock.seller_zone())
    at = end - dt.timedelta(seconds=1) if end_of_day else start
    return min(max(at, after), now)
