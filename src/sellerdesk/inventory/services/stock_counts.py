"""Counting a location: start a count sheet, enter what is on the shelf, post the variances.

Each count is taken against the ledger's on hand at the moment it is entered, and posting
adjusts by the difference (not to the counted number), so an order shipped between counting
and posting is neither lost nor counted twice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from django.db import IntegrityError, transaction

from sellerdesk.catalog.models import Sku
from sellerdesk.core import clock
from sellerdesk.core.errors import DomainError, InvalidTransition

from ..models import (
    Location,
    StockCount,
    StockCountLine,
    StockCountStatus,
    StockLevel,
    StockMovement,
)
from .counts import adjust_stock
from .ledger import Actor


@transaction.atomic
def start_stock_count(
    *, location: Location, actor: Actor, skus: Sequence[Sku] | None = None
) -> StockCount:
    """A count sheet for the SKUs given, or every SKU the location has ever held."""
    if skus is None:
        skus = list(Sku.objects.filter(stock_levels__location=location).distinct().order_by("code"))
    try:
        with transaction.atomic():
            count = StockCount.objects.create(
                location=location, started_at=clock.now(), started_by=actor.name
            )
    except IntegrityError:
        raise DomainError(
            f"{location.name} is being counted already: finish or cancel that count first."
        ) from None
    StockCountLine.objects.bulk_create(StockCountLine(count=count, sku=sku) for sku in skus)
    return count


@transaction.atomic
def record_counts(
    *,
    count: StockCount,
    counted: Mapping[int, int | None],
    notes: Mapping[int, str] | None = None,
    at: dt.datetime | None = None,
) -> int:
    """Enter counts by SKU id (None clears one); returns how many lines changed.

    A line whose number is unchanged keeps the moment it was first counted.
    """
    count = _open(count)
    notes = notes or {}
    at = at or clock.now()
    lines = {line.sku_id: line for line in count.lines.select_for_update()}
    unknown = [sku_id for sku_id in counted if sku_id not in lines]
    if unknown:
        raise DomainError("A counted SKU is not on this count sheet: add it to the sheet first.")
    on_hand = dict(
        StockLevel.objects.filter(location=count.location, sku_id__in=list(counted)).values_list(
            "sku_id", "on_hand"
        )
    )
    changed = 0
    for sku_id, number in counted.items():
        line = lines[sku_id]
        if number is not None and number < 0:
            raise DomainError(f"{line.sku.code}: a count cannot be negative, got {number}.")
        note = notes.get(sku_id, line.note).strip()[:200]
        if number == line.counted and note == line.note:
            continue
        if number != line.counted:
            line.counted = number
            line.expected = None if number is None else on_hand.get(sku_id, 0)
            line.counted_at = None if number is None else at
        line.note = note
        line.save(update_fields=["counted", "expected", "counted_at", "note"])
        changed += 1
    return changed


@transaction.atomic
def add_to_count(*, count: StockCount, sku: Sku) -> StockCountLine:
    """Put a SKU on the sheet: one found where it was not expected."""
    count = _open(count)
    if sku.is_assembled:
        raise DomainError(f"{sku.code} has no stock of its own: count its parts instead.")
    line, _ = StockCountLine.objects.get_or_create(count=count, sku=sku)
    return line


@transaction.atomic
def post_stock_count(*, count: StockCount, reason: str, actor: Actor) -> list[StockMovement]:
    """Adjust on hand by each counted line's variance, all or none; lines left uncounted
    change nothing."""
    count = _open(count)
    if not reason.strip():
        raise DomainError("Say why the stock is counted (for example: quarterly count).")
    lines = list(count.lines.select_related("sku").exclude(counted=None).order_by("sku_id"))
    if not lines:
        raise DomainError("Nothing is counted yet: enter at least one count before posting.")
    at = clock.now()
    movements = []
    for line in lines:
        variance = line.variance
        assert variance is not None
        if not variance:
            continue
        why = f"stock count: {reason.strip()}" + (f" ({line.note})" if line.note else "")
        movements.append(
            adjust_stock(
                sku=line.sku, location=count.location, change=variance, reason=why[:200],
                actor=actor, reference=count.reference, at=at,
            )
        )  # fmt: skip
    count.status = StockCountStatus.POSTED
    count.reason = reason.strip()[:200]
    count.closed_at, count.closed_by = at, actor.name
    count.save(update_fields=["status", "reason", "closed_at", "closed_by"])
    return movements


@transaction.atomic
def cancel_stock_count(*, count: StockCount, actor: Actor) -> StockCount:
    count = _open(count)
    count.status = StockCountStatus.CANCELLED
    count.closed_at, count.closed_by = clock.now(), actor.name
    count.save(update_fields=["status", "closed_at", "closed_by"])
    return count


def _open(count: StockCount) -> StockCount:
    locked = StockCount.objects.select_for_update().select_related("location").get(pk=count.pk)
    if locked.status != StockCountStatus.OPEN:
        raise InvalidTransition(f"This count is {locked.get_status_display().lower()} already.")
    return locked
