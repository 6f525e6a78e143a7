"""The one place sellerdesk reads the clock, so tests and demo runs can pin it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from .errors import DomainError

UTC = dt.UTC

_pinned: ContextVar[dt.datetime | None] = ContextVar("sellerdesk_clock_pinned", default=None)


def now() -> dt.datetime:
    """The current time, timezone-aware UTC (the pinned time inside `pinned`)."""
    return _pinned.get() or timezone.now()


@contextmanager
def pinned(at: dt.datetime) -> Iterator[dt.datetime]:
    """Make `now()` return `at` inside the block: the demo replays history through the services."""
    token = _pinned.set(ensure_aware(at))
    try:
        yield at
    finally:
        _pinned.reset(token)


def seller_zone() -> ZoneInfo:
    return ZoneInfo(settings.SELLERDESK_TIME_ZONE)


def seller_today(at: dt.datetime | None = None) -> dt.date:
    """The seller's calendar date at `at` (default: now)."""
    return (at or now()).astimezone(seller_zone()).date()


def day_bounds(day: dt.date, zone: ZoneInfo) -> tuple[dt.datetime, dt.datetime]:
    """The UTC instants [start, end) of a calendar day in a time zone."""
    start = dt.datetime.combine(day, dt.time.min, tzinfo=zone)
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    return start.astimezone(UTC), end.astimezone(UTC)


def ensure_aware(value: dt.datetime) -> dt.datetime:
    """Refuse naive datetimes at the boundary instead of guessing their zone."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"naive datetime {value.isoformat()} has no time zone")
    return value.astimezone(UTC)


CLOCK_SKEW = dt.timedelta(minutes=5)
"""How far ahead of this machine's clock a time the seller gives may be (another device's)."""


def past(moment: dt.datetime, *, what: str, where: str = "") -> dt.datetime:
    """A time the seller says something happened: aware, and not ahead of now; DomainError
    (prefixed with `where`, a file's line say) naming `what` it is the time of."""
    try:
        moment = ensure_aware(moment)
    except ValueError:
        raise DomainError(f"{where}The time {what} needs its time zone.") from None
    if moment > now() + CLOCK_SKEW:
        raise DomainError(f"{where}The time {what} is in the future: check the date.")
    return moment
