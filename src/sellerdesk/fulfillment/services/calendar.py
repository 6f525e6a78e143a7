"""The seller's shipping calendar per marketplace, as the Settings page sets it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction

from sellerdesk.channels.models import Marketplace
from sellerdesk.core.errors import DomainError

from ..models import Holiday, ShippingSettings

MAX_HANDLING_DAYS = 30


def set_shipping_calendar(
    *,
    marketplace: Marketplace,
    handling_days: int,
    cutoff: dt.time,
    holidays: Iterable[tuple[dt.date, str]],
) -> ShippingSettings:
    """Set a marketplace's handling time, same-day cut-off and holidays, all or nothing."""
    with transaction.atomic():
        chosen = set_shipping_settings(
            marketplace=marketplace, handling_days=handling_days, cutoff=cutoff
        )
        set_holidays(marketplace=marketplace, holidays=holidays)
    return chosen


def set_shipping_settings(
    *, marketplace: Marketplace, handling_days: int, cutoff: dt.time
) -> ShippingSettings:
    """Set the handling time and the same-day cut-off for one marketplace."""
    if not 0 <= handling_days <= MAX_HANDLING_DAYS:
        raise DomainError(
            f"handling time must be 0 (same day) to {MAX_HANDLING_DAYS} business days, "
            f"not {handling_days}"
        )
    chosen, _ = ShippingSettings.objects.update_or_create(
        marketplace=marketplace, defaults={"handling_days": handling_days, "cutoff": cutoff}
    )
    return chosen


def set_holidays(*, marketplace: Marketplace, holidays: Iterable[tuple[dt.date, str]]) -> int:
    """Replace a marketplace's holidays with these (day, name) pairs; returns their count."""
    days: dict[dt.date, str] = {}
    for day, name in holidays:
        if day in days:
            raise DomainError(f"{day.isoformat()} is listed twice")
        days[day] = name[:100]
    with transaction.atomic():
        Holiday.objects.filter(marketplace=marketplace).delete()
        Holiday.objects.bulk_create(
            Holiday(marketplace=marketplace, day=day, name=name)
            for day, name in sorted(days.items())
        )
    return len(days)
