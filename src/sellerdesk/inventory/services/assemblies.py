"""Kits and made-to-order pieces: an order holds, ships and takes back their parts.

A gift set (a ring, two charms, a box) has no stock of its own: a sale reserves each part,
all or none, under the order line's reference, and shipping it takes the parts off the
shelf (so their FIFO costs make the set's cost). A made-to-order piece does the same with
its materials. Stocked SKUs go straight to the reservation services.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from sellerdesk.catalog.models import Assembly, Component, Sku
from sellerdesk.core.errors import DomainError

from ..models import Location, MovementKind, Reservation, StockLevel, StockMovement
from .counts import return_stock
from .ledger import Actor, OutOfStock
from .reservations import release_reservations, reserve_stock, ship_stock


def parts_of(sku: Sku) -> list[tuple[Sku, int]]:
    """(part, units per unit sold), in key order: stock rows are locked in that order."""
    rows = Component.objects.filter(parent=sku).select_related("part").order_by("part_id")
    return [(row.part, row.quantity) for row in rows]


@transaction.atomic
def reserve_units(
    *, sku: Sku, quantity: int, reference: str, actor: Actor, at: dt.datetime | None = None
) -> None:
    """Hold `quantity` of a SKU sold, as itself or as its parts; all or nothing."""
    if not sku.is_assembled:
        reserve_stock(sku=sku, quantity=quantity, reference=reference, actor=actor, at=at)
        return
    _fix_parts(sku)
    for part, per in _parts(sku):
        try:
            reserve_stock(
                sku=part, quantity=quantity * per, reference=reference, actor=actor, at=at,
                part_of=sku,
            )  # fmt: skip
        except OutOfStock as error:
            raise _short_of(sku, part, per, quantity, error) from None


@transaction.atomic
def release_units(
    *,
    sku: Sku,
    reference: str,
    actor: Actor,
    reason: str,
    quantity: int | None = None,
    at: dt.datetime | None = None,
) -> None:
    """Give back `quantity` (None: all) of what a sale of the SKU holds."""
    if not sku.is_assembled:
        release_reservations(
            reference=reference, actor=actor, reason=reason, quantity=quantity, at=at
        )
        return
    for part, per in _parts(sku):
        release_reservations(
            reference=reference, actor=actor, reason=reason, at=at, sku=part,
            quantity=None if quantity is None else quantity * per,
        )  # fmt: skip


@transaction.atomic
def ship_units(
    *, sku: Sku, quantity: int, reference: str, actor: Actor, at: dt.datetime | None = None
) -> list[StockMovement]:
    """Take the shipped units, or their parts, off the shelf."""
    if not sku.is_assembled:
        return ship_stock(sku=sku, quantity=quantity, reference=reference, actor=actor, at=at)
    _fix_parts(sku)
    movements = []
    for part, per in _parts(sku):
        try:
            movements += ship_stock(
                sku=part, quantity=quantity * per, reference=reference, actor=actor, at=at
            )
        except OutOfStock as error:
            raise _short_of(sku, part, per, quantity, error) from None
    return movements


@transaction.atomic
def return_units(
    *,
    sku: Sku,
    location: Location,
    quantity: int,
    reason: str,
    reference: str,
    actor: Actor,
    shipped_as: str = "",
    at: dt.datetime | None = None,
) -> list[StockMovement]:
    """Put returned units back on the shelf: a returned set goes back as its parts."""
    pieces = [(sku, 1)] if not sku.is_assembled else _parts(sku)
    return [
        return_stock(
            sku=part,
            location=location,
            quantity=quantity * per,
            reason=reason,
            reference=reference,
            actor=actor,
            at=at,
            shipped_as=shipped_as,
        )
        for part, per in pieces
    ]


def _short_of(sku: Sku, part: Sku, per: int, quantity: int, error: OutOfStock) -> OutOfStock:
    """A part's shortage told in sets of the SKU sold."""
    return OutOfStock(
        sku=f"{sku.code} (its part {part.code}, {per} a unit)",
        wanted=quantity,
        free=error.free // per,
    )


def _fix_parts(sku: Sku) -> None:
    """Once sold as its parts, a set keeps them: a shipped line's sets are counted from them."""
    if not sku.sold_as_parts:
        Sku.objects.filter(pk=sku.pk, sold_as_parts=False).update(sold_as_parts=True)
        sku.sold_as_parts = True


def _parts(sku: Sku) -> list[tuple[Sku, int]]:
    parts = parts_of(sku)
    if not parts:
        raise DomainError(
            f"{sku.code} is sold as {sku.get_assembly_display().split(':')[0].lower()} but has "
            "no parts: add them on the SKU's page."
        )
    return parts


@transaction.atomic
def set_assembly(
    *,
    sku: Sku,
    assembly: str,
    parts: list[tuple[Sku, int]],
    weekly_capacity: int | None = None,
    production_days: int | None = None,
) -> Sku:
    """Make a SKU stocked, a kit of `parts`, or made to order from `parts` (materials)."""
    if assembly not in Assembly.values:
        raise DomainError(f"Not a way of stocking a SKU: {assembly!r}.")
    if assembly == Assembly.STOCKED:
        parts = []
    elif not parts:
        raise DomainError(f"Name the parts {sku.code} is made of.")
    for part, per in parts:
        if per <= 0:
            raise DomainError(f"{part.code}: a part is needed at least once a unit.")
        if part.pk == sku.pk:
            raise DomainError(f"{sku.code} cannot be a part of itself.")
        if part.is_assembled:
            raise DomainError(f"{part.code} is itself a kit or made to order: use its parts.")
    if len({part.pk for part, _ in parts}) != len(parts):
        raise DomainError("Each part once: give its quantity instead.")
    if assembly == Assembly.MADE_TO_ORDER and not (weekly_capacity and production_days):
        raise DomainError(
            "Say how many you can make a week and your production time in days: they set "
            "how many can be offered."
        )
    locked = Sku.objects.select_for_update().get(pk=sku.pk)  # no order holds it meanwhile
    if locked.sold_as_parts:
        raise DomainError(
            f"{sku.code} has been sold as its parts: what it is made of is fixed, so shipped "
            "and returned sets stay counted right. Make a new SKU for the new set."
        )
    if assembly != Assembly.STOCKED:
        _not_stocked_before(sku)
    if Reservation.objects.filter(sku=sku).exists():
        raise DomainError(
            f"Orders hold {sku.code} now: ship or release them before changing what it is made of."
        )
    Component.objects.filter(parent=sku).delete()
    Component.objects.bulk_create(
        Component(parent=sku, part=part, quantity=per) for part, per in parts
    )
    made = assembly == Assembly.MADE_TO_ORDER
    Sku.objects.filter(pk=sku.pk).update(
        assembly=assembly,
        weekly_capacity=weekly_capacity if made else None,
        production_days=production_days if made else None,
    )
    sku.assembly = assembly
    sku.weekly_capacity = weekly_capacity if made else None
    sku.production_days = production_days if made else None
    return sku


def _not_stocked_before(sku: Sku) -> None:
    if StockLevel.objects.filter(sku=sku, on_hand__gt=0).exists():
        raise DomainError(
            f"{sku.code} has stock of its own on the shelves: count it to 0 (or move it) "
            "before selling it as its parts."
        )
    if StockMovement.objects.filter(sku=sku).exclude(kind=MovementKind.ADJUSTMENT).exists():
        raise DomainError(
            f"{sku.code} has been stocked and sold as itself: make a new SKU for the set, so "
            "its past orders keep counting right."
        )
    if Component.objects.filter(part=sku).exists():
        raise DomainError(f"{sku.code} is a part of another set: it must stay a stocked SKU.")
