"""Runs of days, and replacing a run's rows in a rollup table."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TypeVar

from sellerdesk.core import bulk

from .models import AmazonDay, DeliveryDay, SalesDay, SkuDay, TrackingDay, UnconfirmedHour

Row = TypeVar("Row", AmazonDay, UnconfirmedHour, TrackingDay, DeliveryDay, SalesDay, SkuDay)
Days = tuple[dt.date, dt.date] | None
"""First and last day, both counted; None: every day."""


def replace(model: type[Row], rows: list[Row], days: Days) -> None:
    stale = model.objects.all()
    if days is not None:
        stale = stale.filter(day__gte=days[0], day__lte=days[1])
    stale.delete()
    # The database's bulk path: a year of days is tens of thousands of rows, which
    # bulk_create would take seconds to prepare.
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    bulk.insert_rows(
        model,
        [field.name for field in fields],
        ([getattr(row, field.attname) for field in fields] for row in rows),
    )


def runs(days: Iterable[dt.date]) -> list[tuple[dt.date, dt.date]]:
    """Consecutive days joined: one query per run instead of one per day."""
    found: list[tuple[dt.date, dt.date]] = []
    for day in sorted(set(days)):
        if found and day - found[-1][1] == dt.timedelta(days=1):
            found[-1] = (found[-1][0], day)
        else:
            found.append((day, day))
    return found
