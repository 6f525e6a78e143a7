"""Runs of days, and replacing a run's rows in a rollup table."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TypeVar

from .models import AmazonDay, DeliveryDay, SalesDay, SkuDay, TrackingDay, UnconfirmedHour

Row = TypeVar("Row", AmazonDay, UnconfirmedHour, TrackingDay, DeliveryDay, SalesDay, SkuDay)
Days = tuple[dt.date, dt.date] | None
"""First and last day, both counted; None: every day."""


def replace(model: type[Row], rows: list[Row], days: Days) -> None:
    stale = model.objects.all()
    if days is not None:
        stale = stale.filter(day__gte=days[0], day__lte=days[1])
    stale.delete()
    model.objects.bulk_create(rows, batch_size=2000)


def runs(days: Iterable[dt.date]) -> list[tuple[dt.date, dt.date]]:
    """Consecutive days joined: one query per run instead of one per day."""
    found: list[tuple[dt.date, dt.date]] = []
    for day in sorted(set(days)):
        if found and day - found[-1][1] == dt.timedelta(days=1):
            found[-1] = (found[-1][0], day)
        else:
            found.append((day, day))
    return found
