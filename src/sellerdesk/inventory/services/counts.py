"""Stock arriving, leaving and being corrected: receipts, adjustments, counts, returns, transfers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction

from sellerdesk.catalog.models import Sku
from sellerdesk.core import clock
from sellerdesk.core.errors import DomainError

from ..models import Location, MovementKind, StockLevel, StockMovement
from . import costing
from .ledger import (
    Actor,
    OutOfStock,
    StockRuleViolation,
    apply_change,
    ensure_level,
    require_positive,
)


def _add_on_hand(
    *,
    kind: MovementKind,
    sku: Sku,
    location: Location,
    quantity: int,
    reason: str,
    reference: str,
    actor: Actor,
    at: dt.datetime | None,
    unit_cost: Decimal | None = None,
) -> StockMovement:
    require_positive(quantity)
    if not reason.strip():
        raise DomainError("Say where the stock came from (for example: supplier delivery).")
    movement = apply_change(
        sku=sku,
        location=location,
        kind=kind,
        on_hand_change=quantity,
        reserved_change=0,
        reason=reason,
        reference=reference,
        actor=actor,
        at=at or clock.now(),
        unit_cost=unit_cost,
    )
    assert movement is not None  # adding stock cannot break a rule
    return movement


@transaction.atomic
def receive_stock(
    *,
    sku: Sku,
    location: Location,
    quantity: int,
    reason: str,
    actor: Actor,
    reference: str = "",
    at: dt.datetime | None = None,
    unit_cost: Decimal | None = None,
) -> StockMovement:
    """Put `quantity` units on hand at a location (a delivery from a supplier, opening stock).

    They cost `unit_cost` each in the SKU's cost currency (None: the SKU's unit cost).
    """
    return _add_on_hand(
        kind=MovementKind.RECEIPT,
        sku=sku,
        location=location,
        quantity=quantity,
        reason=reason,
        reference=reference,
        actor=actor,
        at=at,
        unit_cost=unit_cost,
    )


@transaction.atomic
def adjust_stock(
    *,
    sku: Sku,
    location: Location,
    change: int,
    reason: str,
    actor: Actor,
    reference: str = "",
    at: dt.datetime | None = None,
) -> StockMovement:
    """Correct on-hand by a signed amount (a count, breakage, a found item); needs a reason."""
    if change == 0:
        raise DomainError("An adjustment must change the quantity; nothing to record.")
    if not reason.strip():
        raise DomainError("Say why the stock is adjusted (for example: stock count, damaged).")
    movement = apply_change(
        sku=sku,
        location=location,
        kind=MovementKind.ADJUSTMENT,
        on_hand_change=change,
        reserved_change=0,
        reason=reason,
        reference=reference,
        actor=actor,
        at=at or clock.now(),
    )
    if movement is None:
        level = StockLevel.objects.get(sku=sku, location=location)
        raise StockRuleViolation(
            f"Cannot take {-change} of {sku.code} off {location.name}: {level.on_hand} on hand, "
            f"{level.reserved} reserved for orders. Release or ship those orders first."
        )
    return movement


@transaction.atomic
def count_stock(
    *, sku: Sku, location: Location, counted: int, actor: Actor, at: dt.datetime | None = None
) -> StockMovement | None:
    """Record a physical count: adjusts on-hand to `counted`; None when it already matches."""
    if counted < 0:
        raise DomainError(f"A counted quantity cannot be negative, got {counted}.")
    ensure_level(sku, location, at or clock.now())
    level = StockLevel.objects.select_for_update().get(sku=sku, location=location)
    if level.on_hand == counted:
        return None
    return adjust_stock(
        sku=sku,
        location=location,
        change=counted - level.on_hand,
        reason="stock count",
        actor=actor,
        at=at,
    )


@transaction.atomic
def return_stock(
    *,
    sku: Sku,
    location: Location,
    quantity: int,
    reason: str,
    reference: str,
    actor: Actor,
    at: dt.datetime | None = None,
    shipped_as: str = "",
) -> StockMovement:
    """Put returned, sellable units back on hand, at what they cost when they shipped under
    `shipped_as` (the order line's reference; the SKU's unit cost when nothing shipped so)."""
    return _add_on_hand(
        kind=MovementKind.RETURN,
        sku=sku,
        location=location,
        quantity=quantity,
        reason=reason,
        reference=reference,
        actor=actor,
        at=at,
        unit_cost=costing.cost_drawn_for(sku.pk, shipped_as),
    )


@transaction.atomic
def transfer_stock(
    *,
    sku: Sku,
    source: Location,
    destination: Location,
    quantity: int,
    reason: str,
    actor: Actor,
    at: dt.datetime | None = None,
) -> tuple[StockMovement, StockMovement]:
    """Move free units between locations (shelf to shelf, or shelf to an FBA inbound)."""
    require_positive(quantity)
    if source.pk == destination.pk:
        raise DomainError("Choose two different locations for a transfer.")
    at = at or clock.now()
    reference = f"transfer:{source.code}->{destination.code}"
    out = apply_change(
        sku=sku,
        location=source,
        kind=MovementKind.TRANSFER_OUT,
        on_hand_change=-quantity,
        reserved_change=0,
        reason=reason,
        reference=reference,
        actor=actor,
        at=at,
    )
    if out is None:
        level = StockLevel.objects.get(sku=sku, location=source)
        raise OutOfStock(sku=sku.code, wanted=quantity, free=max(0, level.free))
    into = apply_change(
        sku=sku,
        location=destination,
        kind=MovementKind.TRANSFER_IN,
        on_hand_change=quantity,
        reserved_change=0,
        reason=reason,
        reference=reference,
        actor=actor,
        at=at,
    )
    assert into is not None
    return out, into
