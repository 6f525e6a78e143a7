"""Keeping the rollups current.

Database triggers (`triggers`) mark the UTC day of every change as stale, whatever wrote it.
Before the rollups are read, `refresh` recounts the stale days from the orders themselves and
clears their marks, in one transaction: a reader never sees a half-counted day. A change not
yet committed keeps its day marked for the next refresh: on SQLite a refresh waits for it (it
takes the write lock first); on PostgreSQL the change holds its mark locked and a refresh
skips that day. Recounting a whole day, rather than adding
and taking away each change, keeps the rollups exactly what a full count would give, which a
test holds them to.

A UTC day's orders fall on the seller's day before, the same day or the day after, so those
three of the seller's days are recounted for sales. Rollups never built, built in another
time zone, or whose triggers had gone missing are rebuilt whole.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import connection, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Exists

from sellerdesk.core import clock

from . import amazon_days, sales_days, triggers
from . import days as days_of
from .models import (
    AmazonDay,
    DeliveryDay,
    RollupState,
    SalesDay,
    SkuDay,
    StaleDay,
    TrackingDay,
    UnconfirmedHour,
)

ROLLUPS = (AmazonDay, UnconfirmedHour, TrackingDay, DeliveryDay, SalesDay, SkuDay)

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
    """Bring the rollups up to date; one lookup when nothing has changed."""
    if _fresh.get():
        return
    seen = (
        RollupState.objects.annotate(stale=Exists(StaleDay.objects.all()))
        .values_list("zone", "stale")
        .first()
    )
    if seen == (settings.SELLERDESK_TIME_ZONE, False):
        return
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_KEY])
        state = RollupState.objects.first()
        if state is None or state.zone != settings.SELLERDESK_TIME_ZONE:
            rebuild()
            return
        marks = StaleDay.objects.all()
        if connection.vendor == "postgresql":
            # Days a change not yet committed has marked wait for the next refresh.
            marks = marks.select_for_update(skip_locked=True)
        stale = list(marks.values_list("day", flat=True))
        StaleDay.objects.filter(day__in=stale).delete()
        recount(stale)


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
        RollupState.objects.create(zone=settings.SELLERDESK_TIME_ZONE, built_at=clock.now())
        # Every row is new: the planner's figures for these tables are, too.
        with connection.cursor() as cursor:
            for model in ROLLUPS:
                cursor.execute(f"ANALYZE {model._meta.db_table}")


def triggers_installed(db: BaseDatabaseWrapper) -> None:
    """Install missing triggers; when some were missing, changes may have gone unmarked, so
    the rollups are rebuilt when next read. Before the tables they name exist (a migration
    run part way), there is nothing to install yet."""
    tables = set(db.introspection.table_names())
    if not triggers.tables() <= tables:
        return
    if triggers.install(db):
        RollupState.objects.using(db.alias).all().delete()
