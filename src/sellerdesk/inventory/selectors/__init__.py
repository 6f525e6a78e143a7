"""Reads of stock: levels per SKU and location, the low-stock list, one SKU's ledger.

Low stock is judged per SKU on the seller's own shelves (FBA stock cannot fill a
seller-fulfilled order): shelf on hand less reserved less safety stock, at or below the
SKU's threshold. The SQL here mirrors domain.available / domain.is_low_stock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    BooleanField,
    Case,
    Count,
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

from sellerdesk.catalog.models import Assembly, Listing, Sku

from .. import domain
from ..models import (
    ChannelBuffer,
    ChannelQuantity,
    CostDraw,
    CostLayer,
    Location,
    LocationKind,
    MovementKind,
    Reservation,
    StockCount,
    StockCountLine,
    StockLevel,
    StockMovement,
)
from . import assembled


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
    """Active stocked SKUs at or below their low-stock threshold, emptiest first (a kit is
    low when one of its parts is, and that part is listed)."""
    return (
        Sku.objects.filter(is_active=True, assembly=Assembly.STOCKED)
        .annotate(available=_sellable())
        .filter(available__lte=F("low_stock_threshold"))
        .order_by("available", "code")
    )


def publishable_quantities(sku_ids: list[int]) -> dict[int, int]:
    """What each SKU can offer for the seller to ship: shelf stock free of reservations,
    less its safety stock, never below 0; a kit or made-to-order SKU, what its parts make."""
    skus = list(Sku.objects.filter(pk__in=sku_ids).annotate(available=_sellable()))
    found = {sku.pk: sku.available for sku in skus if not sku.is_assembled}
    found |= assembled.assembled_quantities(
        [sku for sku in skus if sku.is_assembled], _stocked_quantities
    )
    return found


def _stocked_quantities(sku_ids: list[int]) -> dict[int, int]:
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
    """When the ledger first saw shelf stock of each SKU (of every part of a kit); SKUs
    never stocked are left out."""
    return _first_shelf_stock(sku_ids) | assembled.stocked_since(sku_ids, _first_shelf_stock)


def _first_shelf_stock(sku_ids: list[int]) -> dict[int, dt.datetime]:
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
        .select_related("location", "sku")
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


def stock_count_list() -> QuerySet[StockCount]:
    return StockCount.objects.select_related("location").annotate(
        skus=Count("lines"), counted=Count("lines", filter=Q(lines__counted__isnull=False))
    )


def stock_count_get(pk: int) -> tuple[StockCount, list[StockCountLine]]:
    """A count with its lines, each with the location's on hand now (`on_hand_now`)."""
    count = StockCount.objects.select_related("location").get(pk=pk)
    now = StockLevel.objects.filter(location=count.location, sku=OuterRef("sku")).values("on_hand")
    lines = list(
        count.lines.select_related("sku")
        .annotate(on_hand_now=Coalesce(Subquery(now, output_field=IntegerField()), 0))
        .order_by("sku__code")
    )
    return count, lines


# What each listing may be offered at. A listing's quantity is its SKU's available stock
# (own shelves, less reservations, less the SKU's safety stock) less its channel's buffer.
# A one-of-a-kind piece is offered as 1 on each channel it is listed on while it is free,
# and as 0 everywhere the moment an order anywhere holds it. Listings the channel fulfils
# itself (FBA) are the channel's to count: callers leave them out.


def listing_quantities(listings: Iterable[Listing]) -> dict[int, int]:
    """The quantity to offer for each listing, by listing id."""
    listings = list(listings)
    available = publishable_quantities(sorted({listing.sku_id for listing in listings}))
    buffers = dict(ChannelBuffer.objects.values_list("channel_id", "units"))
    skus = Sku.objects.in_bulk({listing.sku_id for listing in listings})
    wanted = {}
    for listing in listings:
        sku = skus[listing.sku_id]
        free = available.get(listing.sku_id, 0)
        if not (listing.is_active and sku.is_active):
            wanted[listing.pk] = 0
        elif sku.is_one_of_a_kind:
            wanted[listing.pk] = min(1, free)
        else:
            wanted[listing.pk] = max(0, free - buffers.get(listing.channel_id, 0))
    return wanted


def published_quantities(listings: Iterable[Listing]) -> dict[int, int | None]:
    rows = ChannelQuantity.objects.filter(listing__in=list(listings))
    return {row.listing_id: row.published for row in rows}


@dataclass(frozen=True, slots=True)
class ListingQuantity:
    listing: Listing
    to_offer: int
    published: int | None
    published_at: dt.datetime | None
    reported: int | None
    reported_at: dt.datetime | None

    @property
    def needs_publishing(self) -> bool:
        return self.published != self.to_offer

    @property
    def drift(self) -> int | None:
        """What the channel says it offers less what it was last told to."""
        if self.published is None or self.reported is None:
            return None
        return self.reported - self.published


def listing_quantity_list(*, channel_code: str = "") -> list[ListingQuantity]:
    """Every listing the seller ships herself, with what to offer and what was said."""
    listings = Listing.objects.filter(fulfilled_by_channel=False).select_related(
        "sku", "channel", "marketplace", "channel_quantity"
    )
    if channel_code:
        listings = listings.filter(channel__code=channel_code)
    found = list(listings.order_by("channel__name", "marketplace__code", "channel_sku"))
    wanted = listing_quantities(found)
    rows = []
    for listing in found:
        said = getattr(listing, "channel_quantity", None)
        rows.append(
            ListingQuantity(
                listing, wanted[listing.pk],
                said.published if said else None, said.published_at if said else None,
                said.reported if said else None, said.reported_at if said else None,
            )
        )  # fmt: skip
    return rows


def cost_of(movements: Iterable[StockMovement]) -> tuple[Decimal, str]:
    """What these ledger lines took off the shelf cost (their FIFO draws), and its currency."""
    draws = CostDraw.objects.filter(movement__in=[movement.pk for movement in movements])
    found = draws.values("currency").annotate(cost=Sum(F("quantity") * F("unit_cost")))
    rows = list(found)
    if not rows:
        return Decimal(0), ""
    if len(rows) > 1:  # a SKU's layers in two currencies: the cost is not one amount
        raise ValueError("the units drawn are costed in more than one currency")
    return Decimal(str(rows[0]["cost"])).quantize(Decimal("0.0001")), rows[0]["currency"]
