"""Every stock change: each writes the ledger and the cached level in one transaction.

Levels change only through conditional UPDATEs whose WHERE clause re-checks the rule
(nothing negative, nothing reserved beyond on hand), so concurrent workers cannot
oversell on either database: a losing worker updates no row and gets OutOfStock.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import F, Q

from sellerdesk.catalog.models import Sku
from sellerdesk.core import clock
from sellerdesk.core.errors import DomainError

from . import domain
from .models import Location, LocationKind, MovementKind, Reservation, StockLevel, StockMovement


class OutOfStock(DomainError):
    """Not enough free stock for the request."""

    def __init__(self, *, sku: str, wanted: int, free: int) -> None:
        super().__init__(
            f"Not enough stock of {sku}: {wanted} wanted, {free} free. "
            "Receive stock or release another reservation first."
        )
        self.sku = sku
        self.wanted = wanted
        self.free = free


class StockRuleViolation(DomainError):
    """A change would leave a level negative or reserved above on hand."""


@dataclass(frozen=True, slots=True)
class Actor:
    """Who made a change: a person (with their user) or a named job."""

    name: str
    user: User | None = None

    @classmethod
    def of(cls, user: User) -> Actor:
        return cls(name=user.get_username(), user=user)


SYSTEM = Actor(name="sellerdesk")

_RETRIES = 5


def _level_for_update(sku: Sku, location: Location, at: dt.datetime) -> None:
    # Idempotent creation that is safe under concurrency: never check-then-insert.
    StockLevel.objects.bulk_create(
        [StockLevel(sku=sku, location=location, on_hand=0, reserved=0, updated_at=at)],
        ignore_conflicts=True,
    )


def _apply(
    *,
    sku: Sku,
    location: Location,
    kind: MovementKind,
    on_hand_change: int,
    reserved_change: int,
    reason: str,
    reference: str,
    actor: Actor,
    at: dt.datetime,
) -> StockMovement | None:
    """Change one level and write its ledger line; None if the guard refused the change."""
    _level_for_update(sku, location, at)
    updated = StockLevel.objects.filter(
        Q(sku=sku, location=location)
        & Q(on_hand__gte=-on_hand_change)
        & Q(reserved__gte=-reserved_change)
        & Q(on_hand__gte=F("reserved") + reserved_change - on_hand_change)
    ).update(
        on_hand=F("on_hand") + on_hand_change,
        reserved=F("reserved") + reserved_change,
        updated_at=at,
    )
    if not updated:
        return None
    return StockMovement.objects.create(
        sku=sku,
        location=location,
        kind=kind,
        on_hand_change=on_hand_change,
        reserved_change=reserved_change,
        reason=reason,
        reference=reference,
        created_by=actor.user,
        actor=actor.name,
        created_at=at,
    )


def _positive(quantity: int) -> None:
    if quantity <= 0:
        raise DomainError(f"Quantity must be a positive whole number, got {quantity}.")


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
) -> StockMovement:
    """Put `quantity` units on hand at a location (a delivery from a supplier, opening stock)."""
    _positive(quantity)
    movement = _apply(
        sku=sku,
        location=location,
        kind=MovementKind.RECEIPT,
        on_hand_change=quantity,
        reserved_change=0,
        reason=reason,
        reference=reference,
        actor=actor,
        at=at or clock.now(),
    )
    assert movement is not None  # adding stock cannot break a rule
    return movement


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
    movement = _apply(
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
    _level_for_update(sku, location, at or clock.now())
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


def _shelf_stock(sku: Sku) -> list[domain.LocationStock]:
    rows = StockLevel.objects.filter(
        sku=sku, location__kind=LocationKind.SHELF, location__is_active=True
    ).values_list("location_id", "location__pick_order", "on_hand", "reserved")
    return [domain.LocationStock(*row) for row in rows]


def reserve_stock(
    *,
    sku: Sku,
    quantity: int,
    reference: str,
    actor: Actor,
    at: dt.datetime | None = None,
) -> list[Reservation]:
    """Hold `quantity` units of a SKU on the seller's own shelves for `reference`.

    All or nothing: either every unit is reserved, or OutOfStock is raised and nothing changed.
    """
    _positive(quantity)
    at = at or clock.now()
    free = 0
    for _attempt in range(_RETRIES):
        stock = _shelf_stock(sku)
        free = sum(max(0, level.free) for level in stock)
        plan = domain.plan_allocation(stock, quantity)
        if plan is None:
            break
        try:
            with transaction.atomic():
                return [
                    _reserve_at(sku, location_id, take, reference, actor, at)
                    for location_id, take in plan
                ]
        except _LostRace:
            continue  # another worker took units between our read and our write: re-plan
    raise OutOfStock(sku=sku.code, wanted=quantity, free=free)


class _LostRace(Exception):
    pass


def _reserve_at(
    sku: Sku, location_id: int, quantity: int, reference: str, actor: Actor, at: dt.datetime
) -> Reservation:
    location = Location.objects.get(pk=location_id)
    movement = _apply(
        sku=sku,
        location=location,
        kind=MovementKind.RESERVATION,
        on_hand_change=0,
        reserved_change=quantity,
        reason="reserved for order",
        reference=reference,
        actor=actor,
        at=at,
    )
    if movement is None:
        raise _LostRace
    reservation, created = Reservation.objects.get_or_create(
        reference=reference,
        sku=sku,
        location=location,
        defaults={"quantity": quantity, "created_at": at},
    )
    if not created:
        Reservation.objects.filter(pk=reservation.pk).update(quantity=F("quantity") + quantity)
        reservation.refresh_from_db()
    return reservation


@transaction.atomic
def release_reservations(
    *, reference: str, actor: Actor, reason: str, at: dt.datetime | None = None
) -> int:
    """Give back every unit held for `reference` (an order cancelled); returns the units freed."""
    at = at or clock.now()
    released = 0
    held = (
        Reservation.objects.select_for_update()
        .filter(reference=reference)
        .select_related("sku", "location")
        .order_by("pk")
    )
    for reservation in held:
        movement = _apply(
            sku=reservation.sku,
            location=reservation.location,
            kind=MovementKind.RELEASE,
            on_hand_change=0,
            reserved_change=-reservation.quantity,
            reason=reason,
            reference=reference,
            actor=actor,
            at=at,
        )
        if movement is None:  # the cache disagrees with the reservations: never paper over it
            raise StockRuleViolation(f"Stock level for {reservation.sku.code} is inconsistent.")
        released += reservation.quantity
        reservation.delete()
    return released


@transaction.atomic
def ship_stock(
    *,
    sku: Sku,
    quantity: int,
    reference: str,
    actor: Actor,
    at: dt.datetime | None = None,
) -> list[StockMovement]:
    """Take shipped units off the shelf, using the reference's reservations first.

    Units that were never reserved (the order arrived when stock was short) are taken
    from free stock, or OutOfStock is raised.
    """
    _positive(quantity)
    at = at or clock.now()
    held = list(
        Reservation.objects.select_for_update()
        .filter(reference=reference, sku=sku)
        .select_related("location")
        .order_by("location__pick_order", "pk")
    )
    movements: list[StockMovement] = []
    remaining = quantity
    for reservation in held:
        if remaining == 0:
            break
        take = min(reservation.quantity, remaining)
        movement = _apply(
            sku=sku,
            location=reservation.location,
            kind=MovementKind.SHIPMENT,
            on_hand_change=-take,
            reserved_change=-take,
            reason="shipped",
            reference=reference,
            actor=actor,
            at=at,
        )
        if movement is None:
            raise StockRuleViolation(f"Stock level for {sku.code} is inconsistent.")
        movements.append(movement)
        if take == reservation.quantity:
            reservation.delete()
        else:
            Reservation.objects.filter(pk=reservation.pk).update(quantity=F("quantity") - take)
        remaining -= take
    if remaining:
        for location_id, take in _take_free(sku, remaining):
            movement = _apply(
                sku=sku,
                location=Location.objects.get(pk=location_id),
                kind=MovementKind.SHIPMENT,
                on_hand_change=-take,
                reserved_change=0,
                reason="shipped without reservation",
                reference=reference,
                actor=actor,
                at=at,
            )
            if movement is None:
                raise OutOfStock(sku=sku.code, wanted=remaining, free=0)
            movements.append(movement)
    return movements


def _take_free(sku: Sku, quantity: int) -> list[tuple[int, int]]:
    stock = _shelf_stock(sku)
    plan = domain.plan_allocation(stock, quantity)
    if plan is None:
        raise OutOfStock(sku=sku.code, wanted=quantity, free=sum(max(0, s.free) for s in stock))
    return plan


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
) -> StockMovement:
    """Put returned, sellable units back on hand."""
    _positive(quantity)
    movement = _apply(
        sku=sku,
        location=location,
        kind=MovementKind.RETURN,
        on_hand_change=quantity,
        reserved_change=0,
        reason=reason,
        reference=reference,
        actor=actor,
        at=at or clock.now(),
    )
    assert movement is not None
    return movement


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
    _positive(quantity)
    if source.pk == destination.pk:
        raise DomainError("Choose two different locations for a transfer.")
    at = at or clock.now()
    reference = f"transfer:{source.code}->{destination.code}"
    out = _apply(
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
    into = _apply(
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
