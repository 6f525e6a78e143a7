"""Reads for kits and made-to-order pieces: what they can offer, what a sale of one holds
and has shipped, all from their parts' stock."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable

from django.db.models import Sum

from sellerdesk.catalog.models import Assembly, Component, Sku

from .. import domain
from ..models import MovementKind, Reservation, StockMovement


def parts_by_parent(sku_ids: Iterable[int]) -> dict[int, list[tuple[int, int]]]:
    """(part id, units per unit sold) of each assembled SKU among `sku_ids`."""
    found: dict[int, list[tuple[int, int]]] = defaultdict(list)
    rows = Component.objects.filter(parent_id__in=list(sku_ids)).order_by("part_id")
    for parent, part, per in rows.values_list("parent_id", "part_id", "quantity"):
        found[parent].append((part, per))
    return dict(found)


def assembled_quantities(
    skus: list[Sku], parts_available: Callable[[list[int]], dict[int, int]]
) -> dict[int, int]:
    """What kits and made-to-order SKUs can offer, from their parts' available units
    (`parts_available`: the stocked SKUs' publishable quantities)."""
    parts = parts_by_parent(sku.pk for sku in skus)
    available = parts_available(sorted({part for rows in parts.values() for part, _ in rows}))
    making = in_progress([sku.pk for sku in skus if sku.assembly == Assembly.MADE_TO_ORDER])
    found = {}
    for sku in skus:
        sets = domain.kit_available(
            [(available.get(part, 0), per) for part, per in parts.get(sku.pk, [])]
        )
        if sku.assembly == Assembly.MADE_TO_ORDER:
            sets = domain.made_to_order_available(
                materials=sets,
                weekly_capacity=sku.weekly_capacity or 0,
                production_days=sku.production_days or 0,
                in_progress=making.get(sku.pk, 0),
            )
        found[sku.pk] = max(0, sets - sku.safety_stock)
    return found


def in_progress(sku_ids: list[int]) -> dict[int, int]:
    """Units of made-to-order SKUs that orders hold materials for: being made."""
    if not sku_ids:
        return {}
    parts = parts_by_parent(sku_ids)
    held = (
        Reservation.objects.filter(part_of_id__in=sku_ids)
        .values("part_of_id", "reference", "sku_id")
        .annotate(units=Sum("quantity"))
    )
    by_line: dict[tuple[int, str], dict[int, int]] = defaultdict(dict)
    for row in held:
        by_line[(row["part_of_id"], row["reference"])][row["sku_id"]] = row["units"]
    making: dict[int, int] = defaultdict(int)
    for (sku_id, _), units in by_line.items():
        making[sku_id] += max(
            (-(-units.get(part, 0) // per) for part, per in parts.get(sku_id, [])), default=0
        )
    return dict(making)


def units_held(reference: str, sku: Sku) -> int:
    """Units of a sale (order line) of `sku` held: for a kit, the sets its parts make up."""
    rows = (
        Reservation.objects.filter(reference=reference).values("sku_id").annotate(n=Sum("quantity"))
    )
    held = {row["sku_id"]: row["n"] for row in rows}
    if not sku.is_assembled:
        return held.get(sku.pk, 0)
    parts = parts_by_parent([sku.pk]).get(sku.pk, [])
    return domain.kit_available([(held.get(part, 0), per) for part, per in parts])


def units_shipped(reference: str, sku: Sku) -> int:
    """Units of a sale of `sku` the ledger shows shipped: for a kit, whole sets shipped."""
    rows = (
        StockMovement.objects.filter(reference=reference, kind=MovementKind.SHIPMENT)
        .values("sku_id")
        .annotate(n=Sum("on_hand_change"))
    )
    shipped = {row["sku_id"]: -row["n"] for row in rows}
    if not sku.is_assembled:
        return shipped.get(sku.pk, 0)
    parts = parts_by_parent([sku.pk]).get(sku.pk, [])
    return domain.kit_available([(shipped.get(part, 0), per) for part, per in parts])


def stocked_since(
    sku_ids: list[int], since: Callable[[list[int]], dict[int, dt.datetime]]
) -> dict[int, dt.datetime]:
    """When assembled SKUs could first be sold from stock: once every part had been stocked."""
    parts = parts_by_parent(sku_ids)
    first = since(sorted({part for rows in parts.values() for part, _ in rows}))
    found = {}
    for sku_id, rows in parts.items():
        stamps = [first.get(part) for part, _ in rows]
        if rows and all(stamps):
            found[sku_id] = max(stamp for stamp in stamps if stamp)
    return found
