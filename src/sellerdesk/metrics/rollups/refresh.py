"""Keeping the rollups current.

Database triggers (`triggers`) mark the UTC day of every change as stale, whatever wrote it.
Before the rollups are read, `refresh` recounts the stale days from the orders themselves and
clears their marks, in one transaction: a reader never sees a half-counted day. A change not
yet committed has a mark of its own that no refresh can see, so it is counted by the refresh
after it commits (on SQLite no change can be open while a refresh holds the write lock).
Recounting a whole day, rather than adding and taking away each change, keeps the rollups
exactly what a full count would give, which a test holds them to.

A UTC day's orders fall on the seller's day before, the same day or the day after, so those
three of the seller's days are recounted for sales. Rollups never built, built in another
time zone, or whose triggers had gone missing are rebuilt whole.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import OperationalError, connection, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Exists

from sellerdesk.core import bulk, clock

from . import amazon_days, sales_days, triggers
from . import days as days_of
from .models import ROLLUPS, RollupState, StaleDay

logger = logging.getLogger(__name__)

VERSION = 3  # 3: the SKU days count the margins' parts
"""How the rollups are counted: raise it with any change to what they count, and every
install recounts them once, on its first refresh after the upgrade."""

# Refreshes take turns on PostgreSQL (SQLite's write lock already serialises them).
_LOCK_KEY = 7_410_231


_fresh: ContextVar[bool] = ContextVar("sellerdesk_rollups_fresh", default=False)


@contextmanager
def refreshed() -> Iterator[None]:
    """Refresh once for all the reads inside: a page that sums many windows asks once."""
    refresh()
    token = _fresh.set(True)
    try:
        yield
    finally:
        _fresh.reset(token)


def refresh() -> None:
    """Bring the rollups up to date; one lookup when nothing has changed. Never waits long
    for another writer (an import, another refresh): the rollups are served as they are,
    and the next read refreshes."""
    if _fresh.get():
        return
    seen = (
        RollupState.objects.annotate(stale=Exists(StaleDay.objects.all()))
        .values_list("zone", "version", "stale")
        .first()
    )
    if seen == (*_wanted(), False):
        return
    try:
        with _waiting_briefly(), transaction.atomic():
            if not _took_the_turn():
                return
            state = RollupState.objects.values_list("zone", "version").first()
            if state != _wanted():
                rebuild()
                return
            with connection.cursor() as cursor:
                # The marks this refresh can see, taken as they are removed: a change not
                # yet committed keeps its own mark for the next refresh.
                cursor.execute("DELETE FROM metrics_staleday RETURNING day")
                stale = {_date(day) for (day,) in cursor.fetchall()}
            recount(sorted(stale))
    except OperationalError as error:
        if connection.vendor != "sqlite" or "locked" not in str(error):
            raise
        logger.info("rollups not refreshed, the database is busy: %s", error)


def _wanted() -> tuple[str, int]:
    """The state rollups counted now would have: the seller's time zone, this version."""
    return settings.SELLERDESK_TIME_ZONE, VERSION


def _took_the_turn() -> bool:
    """PostgreSQL: one refresh at a time; another under way will have counted soon enough.
    (SQLite: the write lock taken at BEGIN already made this one the only one.)"""
    if connection.vendor != "postgresql":
        return True
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [_LOCK_KEY])
        return bool(cursor.fetchone()[0])


@contextmanager
def _waiting_briefly() -> Iterator[None]:
    """SQLite: wait a moment, not the usual 30 s, for a writer that holds the lock."""
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout = 250")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            usual = connection.settings_dict.get("OPTIONS", {}).get("timeout", 5)
            cursor.execute(f"PRAGMA busy_timeout = {int(usual * 1000)}")


def _date(value: dt.date | str) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def recount(days: list[dt.date]) -> None:
    one_day = dt.timedelta(days=1)
    for first, last in days_of.runs(days):
        amazon_days.recount((first, last))
    seller_days = {day + shift * one_day for day in days for shift in (-1, 0, 1)}
    for first, last in days_of.runs(seller_days):
        sales_days.recount((first, last))


def rebuild() -> None:
    """Count every rollup afresh, in the seller's time zone."""
    with transaction.atomic():
        StaleDay.objects.all().delete()
        amazon_days.recount(None)
        sales_days.recount(None)
        RollupState.objects.all().delete()
        zone, version = _wanted()
        RollupState.objects.create(zone=zone, version=version, built_at=clock.now())
        # Every row is new: the planner's figures for these tables are, too (PostgreSQL's;
        # SQLite is left without statistics, as core.bulk.analyze says why).
        bulk.analyze(*ROLLUPS)


def triggers_installed(db: BaseDatabaseWrapper) -> None:
    """After `migrate`: install missing triggers. Some were missing (set aside while the
    migrations ran, or gone): changes may have gone unmarked, so the rollups are counted
    afresh here, by `migrate`, rather than by the first page read after it. Before the
    tables they name exist (a migration run part way), there is nothing to install yet."""
    tables = set(db.introspection.table_names())
    if not triggers.tables() <= tables:
        return
    if triggers.install(db):
        RollupState.objects.using(db.alias).all().delete()
        if db.alias == "default":
            refresh()
