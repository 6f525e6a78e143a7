"""Times read as the seller's wall clock straight from the database, as text.

A big export reads five times per order line; turning each into an aware datetime (Django's
loaders) and then into the seller's wall clock took a fifth of the whole export on
PostgreSQL. The database gives the text, Python's C parser the datetime.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db import connection
from django.db.models import CharField, F, Func, Value

from sellerdesk.core import clock


def wall_clock(field: str) -> Func:
    """A stored time as 'YYYY-MM-DD HH:MM:SS': the seller's on PostgreSQL, UTC's on SQLite
    (which keeps UTC text); `reader()` makes either the seller's datetime."""
    if connection.vendor == "postgresql":
        return Func(
            Value(clock.seller_zone().key), F(field), output_field=CharField(),
            template="to_char(timezone(%(expressions)s), 'YYYY-MM-DD HH24:MI:SS')",
        )  # fmt: skip
    return Func(F(field), template="substr(%(expressions)s, 1, 19)", output_field=CharField())


def reader(vendor: str) -> Callable[[str | None], dt.datetime | None]:
    """WallClock's text as the seller's datetime, without a zone."""
    parse = dt.datetime.fromisoformat
    zone = clock.seller_zone()
    if vendor == "postgresql" or zone.key == "UTC":
        return lambda text: parse(text) if text else None

    def from_utc(text: str | None) -> dt.datetime | None:
        if not text:
            return None
        return parse(text).replace(tzinfo=dt.UTC).astimezone(zone).replace(tzinfo=None)

    return from_utc
