"""Reads of stock: levels per SKU and location, the low-stock list, one SKU's ledger.

Low stock is judged per SKU on the seller's own shelves (FBA stock cannot fill a
seller-fulfilled order): shelf on hand less reserved less safety stock, at or below the
SKU's threshold. The SQL here mirrors domain.available / domain.is_low_stock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    BooleanField,
    Case,
    F,
    IntegerField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.expressions import Combinable
from django.db.models.functions import Coalesce, Greatest

from sellerdesk.catalog.models import Sku

from . import domain
from .models import (
    CostLayer,
    Location,
    LocationKind,
    MovementKind,
    Reservation,
    StockLevel,
    StockMovement,
)


def _shelf_free(sku_ref: Combinable) -> Coalesce:
    """On hand less reserved over a SKU's active shelves (0 where it has none).

    The same stock reservations draw on: FBA and inactive shelves cannot fill an order
    the seller ships herself.
    """
    levels = (
        StockLevel.objects.filter(
            sku=sku_ref, location__kind=LocationKind.SHELF, location__is_active=True
        )
        .order_by()
        .values("sku")
        .annotate(free_units=Sum(F("on_hand") - F("reserved")))
        .values("free_units")
    )
    return Coalesce(Subquery(levels, output_field=IntegerField()), 0)


def _at_least_zero(expression: Combinable) -> Greatest:
    return Greatest(expression, Value(0), output_field=IntegerField())


def _sellable() -> Greatest:
    """A SKU's free shelf stock less its safety stock, never below 0."""
    return _at_least_zero(_shelf_free(OuterRef("pk")) - F("safety_stock"))


def low_stock_sku_list() -> QuerySet[Sku]:
    """Active SKUs at or below their low-stock threshold, emptiest first."""
    return (
        Sku.objects.filter(is_active=True)
        .annotate(available=_sellable())
        .filter(available__lte=F("low_stock_threshold"))
        .order_by("available", "code")
    )


def publishable_quantities(sku_ids: list[int]) -> dict[int, int]:
    """What each SKU can offer for the seller to ship: shelf stock free of reservations,
    less its safety stock, never below 0."""
    rows = (
        Sku.objects.filter(pk__in=sku_ids)
        .annotate(available=_sellable())
        .values_list("pk", "available")
    )
    return dict(rows)


@dataclass(frozen=True, slots=True)
class StockFilters:
    location: str = ""
    q: str = ""
    low_only: bool = False


def stock_level_list(filters: StockFilters) -> QuerySet[StockLevel]:
    """Levels per SKU and location: `available` is the location's free units; `is_low` and
    `sku_available` judge the SKU over its shelves, less its safety stock (held back once
    per SKU, not once per location)."""
    sku_available = _at_least_zero(_shelf_free(OuterRef("sku_id")) - F("sku__safety_stock"))
    levels = StockLevel.objects.select_related("sku", "location").annotate(
        available=_at_least_zero(F("on_hand") - F("reserved")),
        sku_available=sku_available,
        is_low=Case(
            When(
                Q(sku__is_active=True, sku_available__lte=F("sku__low_stock_threshold")),
                then=Value(True),
            ),
            default=Value(False),
            output_field=BooleanField(),
        ),
    )
    if filters.location:
        levels = levels.filter(location__code=filters.location)
    if filters.q:
        levels = levels.filter(
            Q(sku__code__istartswith=filters.q) | Q(sku__title__icontains=filters.q)
        )
    if filters.low_only:
        levels = levels.filter(is_low=True)
    return levels.order_by("sku__code", "location__pick_order", "location__code")


@dataclass(frozen=True, slots=True)
class SkuStockSummary:
    sku: Sku
    levels: Sequence[StockLevel]
    shelf_on_hand: int
    shelf_reserved: int
    fba_on_hand: int
    fba_reserved: int
    available: int
    """Shelf stock channels may be offered: on hand less reserved less safety stock."""
    is_low: bool


def sku_stock_summary(sku: Sku) -> SkuStockSummary:
    """A SKU's levels at every location and its totals, in one query."""
    levels = list(
        StockLevel.objects.filter(sku=sku)
        .select_related("location")
        .annotate(available=_at_least_zero(F("on_hand") - F("reserved")))
        # "shelf" sorts after "fba": descending kind lists the seller's own shelves first.
        .order_by("-location__kind", "location__pick_order", "location__code")
    )
    shelf = [level for level in levels if not level.location.is_fba and level.location.is_active]
    fba = [level for level in levels if level.location.is_fba]
    on_hand = sum(level.on_hand for level in shelf)
    reserved = sum(level.reserved for level in shelf)
    available = domain.available(on_hand=on_hand, reserved=reserved, safety_stock=sku.safety_stock)
    return SkuStockSummary(
        sku=sku,
        levels=levels,
        shelf_on_hand=on_hand,
        shelf_reserved=reserved,
        fba_on_hand=sum(level.on_hand for level in fba),
        fba_reserved=sum(level.reserved for level in fba),
        available=available,
        is_low=sku.is_active
        and domain.is_low_stock(available_quantity=available, threshold=sku.low_stock_threshold),
    )


def sku_movement_list(sku: Sku) -> QuerySet[StockMovement]:
    """The SKU's ledger, newest first (walks the (sku, -created_at) index)."""
    return (
        StockMovement.objects.filter(sku=sku)
        .select_related("location")
        .order_by("-created_at", "-id")
    )


def location_list() -> list[Location]:
    return list(Location.objects.filter(is_active=True))


def held_quantity(reference: str) -> int:
    """Units reserved for a reference (an order line) across all locations."""
    total = Reservation.objects.filter(reference=reference).aggregate(total=Sum("quantity"))
    return int(total["total"] or 0)


def shipped_quantity(reference: str) -> int:
    """Units the ledger shows shipped for a reference: what a resend must not ship again."""
    total = StockMovement.objects.filter(reference=reference, kind=MovementKind.SHIPMENT).aggregate(
        total=Sum("on_hand_change")
    )
    return -int(total["total"] or 0)


def shelf_stock_since(sku_ids: list[int]) -> dict[int, dt.datetime]:
    """When the ledger first saw shelf stock of each SKU; SKUs never stocked are left out."""
    rows = (
        StockMovement.objects.filter(sku_id__in=sku_ids, location__kind=LocationKind.SHELF)
        .values("sku_id")
        .annotate(first=Min("created_at"))
        .values_list("sku_id", "first")
    )
    return dict(rows)


def reservation_list(references: list[str]) -> list[Reservation]:
    """The reservations held for these references, with their locations, in pick order."""
    return list(
        Reservation.objects.filter(reference__in=references)
        .select_related("location")
        .order_by("location__pick_order", "pk")
    )


def reservation_movements(references: list[str]) -> list[StockMovement]:
    """The ledger's reservations made for these references (order lines), oldest first."""
    return list(
        StockMovement.objects.filter(reference__in=references, kind=MovementKind.RESERVATION)
        .select_related("sku", "location")
        .order_by("created_at", "pk")
    )


@dataclass(frozen=True, slots=True)
class CostLayers:
    layers: list[CostLayer]
    """The layers still holding units, oldest (next to be drawn) first."""
    units: int
    value: Decimal

    @property
    def average(self) -> Decimal | None:
        return (self.value / self.units).quantize(Decimal("0.0001")) if self.units else None


def sku_cost_layers(sku: Sku) -> CostLayers:
    """What the SKU's units on hand cost: its open FIFO layers and their value."""
    layers = list(CostLayer.objects.filter(sku=sku, remaining__gt=0).order_by("received_at", "id"))
    units = sum(layer.remaining for layer in layers)
    value = sum((layer.remaining * layer.unit_cost for layer in layers), Decimal(0))
    return CostLayers(layers, units, value)
