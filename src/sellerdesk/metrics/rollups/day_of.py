"""The calendar day of an instant, in the database's own SQL.

Django's TruncDate calls back into Python for every row on SQLite, which has no time zones:
a few seconds per query over a million orders. A UTC day is SQLite's own `date()`; a day in
the seller's zone is `date()` shifted by the zone's offset, which is constant between its
transitions, so a CASE over the few transitions of the days counted gives it exactly.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django.db import connection
from django.db.models import Case, DateField, F, Func, Value, When
from django.db.models.functions import TruncDate

HOUR = dt.timedelta(hours=1)
MINUTE = dt.timedelta(minutes=1)


class UTCDate(Func):
    output_field = DateField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(compiler, connection, template="date(%(expressions)s)", **extra)

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        template = "((%(expressions)s) AT TIME ZONE 'UTC')::date"
        return self.as_sql(compiler, connection, template=template, **extra)


def local_date(field: str, zone: ZoneInfo, start: dt.datetime, end: dt.datetime) -> Any:
    """The day in `zone` of `field`, for instants in [start, end)."""
    if connection.vendor != "sqlite":
        return TruncDate(field, tzinfo=zone)
    spans = offsets(zone, start, end)
    whens = [
        When(**{f"{field}__lt": until}, then=Value(_shift(minutes)))
        for until, minutes in spans[:-1]
    ]
    shift = Case(*whens, default=Value(_shift(spans[-1][1])))
    return Func(F(field), shift, function="date", output_field=DateField())


def _shift(minutes: int) -> str:
    return f"{minutes:+d} minutes"


def offsets(zone: ZoneInfo, start: dt.datetime, end: dt.datetime) -> list[tuple[dt.datetime, int]]:
    """The zone's UTC offset in minutes from `start`, each with the instant it lasts until
    (the last one's is `end`)."""

    def minutes(at: dt.datetime) -> int:
        offset = at.astimezone(zone).utcoffset()
        assert offset is not None
        return int(offset.total_seconds()) // 60

    spans: list[tuple[dt.datetime, int]] = []
    at, current = start, minutes(start)
    while at < end:
        step = min(at + HOUR, end)
        if minutes(step) != current:
            low, high = at, step  # the change is in (low, high]: find its minute
            while high - low > MINUTE:
                middle = low + (high - low) / 2
                low, high = (middle, high) if minutes(middle) == current else (low, middle)
            spans.append((high.replace(second=0, microsecond=0), current))
            current = minutes(high)
        at = step
    spans.append((end, current))
    return spans
