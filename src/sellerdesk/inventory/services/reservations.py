"""Holding stock for orders: reserve (all or nothing), release, and consume on shipment."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import F

from sellerdesk.catalog.models import Sku
from sellerdesk.core import clock

from .. import domain
from ..models import Location, MovementKind, Reservation, StockMovement
from .ledger import (
    Actor,
    OutOfStock,
    StockRuleViolation,
    apply_change,
    require_positive,
    shelf_stock,
)

_RETRIES = 5


def reserve_stock(
    *,
    sku: Sku,
    quantity: int,
    reference: str,
    actor: Actor,
    at: dt.datetime | None = None,
    part_of: Sku | None = None,
) -> list[Reservation]:
    """Hold `quantity` units of a SKU on the seller's own shelves for `reference`
    (`part_of`: the kit or made-to-order SKU sold, when this is one of its parts).

    All or nothing: either every unit is reserved, or OutOfStock is raised and nothing changed.
    """
    require_positive(quantity)
    at = at or clock.now()
    free = 0
    for _attempt in range(_RETRIES):
        stock = shelf_stock(sku)
        free = sum(max(0, level.free) for level in stock)
        plan = domain.plan_allocation(stock, quantity)
        if plan is None:
            break
        try:
            with transaction.atomic():
                return [
                    _reserve_at(sku, location_id, take, reference, actor, at, part_of)
                    for location_id, take in plan
                ]
        except _LostRace:
            continue  # another worker took units between our read and our write: re-plan
    raise OutOfStock(sku=sku.code, wanted=quantity, free=free)


class _LostRace(Exception):
    pass


def _reserve_at(
    sku: Sku,
    location_id: int,
    quantity: int,
    reference: str,
    actor: Actor,
    at: dt.datetime,
    part_of: Sku | None,
) -> Reservation:
    location = Location.objects.get(pk=location_id)
    movement = apply_change(
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
        defaults={"quantity": quantity, "created_at": at, "part_of": part_of},
    )
    if not created:
        Reservation.objects.filter(pk=reservation.pk).update(quantity=F("quantity") + quantity)
        reservation.refresh_from_db()
    return reservation


def _consume_reservations(
    *,
    reference: str,
    quantity: int | None,
    kind: MovementKind,
    takes_stock: bool,
    reason: str,
    actor: Actor,
    at: dt.datetime,
    sku: Sku | None = None,
) -> tuple[int, list[StockMovement]]:
    """Use up to `quantity` (None: all) of what `reference` holds, in pick order.

    Shipping also takes the units off the shelf; releasing only frees them.
    """
    held = Reservation.objects.select_for_update().filter(reference=reference)
    if sku is not None:
        held = held.filter(sku=sku)
    reservations = list(
        held.select_related("sku", "location").order_by("location__pick_order", "pk")
    )
    wanted = sum(r.quantity for r in reservations) if quantity is None else quantity
    plan = domain.plan_consumption([(r.pk, r.quantity) for r in reservations], wanted)
    by_pk = {r.pk: r for r in reservations}
    movements: list[StockMovement] = []
    for reservation_pk, take in plan:
        reservation = by_pk[reservation_pk]
        movement = apply_change(
            sku=reservation.sku,
            location=reservation.location,
            kind=kind,
            on_hand_change=-take if takes_stock else 0,
            reserved_change=-take,
            reason=reason,
            reference=reference,
            actor=actor,
            at=at,
        )
        if movement is None:  # the cache disagrees with the reservations: never paper over it
            raise StockRuleViolation(f"Stock level for {reservation.sku.code} is inconsistent.")
        movements.append(movement)
        if take == reservation.quantity:
            reservation.delete()
        else:
            Reservation.objects.filter(pk=reservation.pk).update(quantity=F("quantity") - take)
    return sum(take for _, take in plan), movements


@transaction.atomic
def release_reservations(
    *,
    reference: str,
    actor: Actor,
    reason: str,
    quantity: int | None = None,
    at: dt.datetime | None = None,
    sku: Sku | None = None,
) -> int:
    """Give back units held for `reference` (all, or `quantity`; of one SKU only when
    `sku` is given); returns the units freed."""
    if quantity is not None:
        require_positive(quantity)
    released, _ = _consume_reservations(
        reference=reference,
        quantity=quantity,
        kind=MovementKind.RELEASE,
        takes_stock=False,
        reason=reason,
        actor=actor,
        at=at or clock.now(),
        sku=sku,
    )
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
    from free stock, or OutOfStock is raised and nothing changes.
    """
    require_positive(quantity)
    at = at or clock.now()
    shipped, movements = _consume_reservations(
        reference=reference,
        quantity=quantity,
        kind=MovementKind.SHIPMENT,
        takes_stock=True,
        reason="shipped",
        actor=actor,
        at=at,
        sku=sku,
    )
    remaining = quantity - shipped
    if remaining:
        for location_id, take in _take_free(sku, remaining):
            movement = apply_change(
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
    stock = shelf_stock(sku)
    plan = domain.plan_allocation(stock, quantity)
    if plan is None:
        raise OutOfStock(sku=sku.code, wanted=quantity, free=sum(max(0, s.free) for s in stock))
    return plan
