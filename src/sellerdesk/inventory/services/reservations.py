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
) -> list[Reservation]:
    """Hold `quantity` units of a SKU on the seller's own shelves for `reference`.

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
        movement = apply_change(
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
    require_positive(quantity)
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
        movement = apply_change(
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
