"""A batch's pick list: what to take from where, walked location by location, SKU by SKU."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

UNRESERVED = "Not reserved"
"""Units no location holds for their order (SKU not mapped, or none in stock when it came)."""


@dataclass(frozen=True, slots=True)
class PickItem:
    """Some units of one order line, to be taken from one location."""

    location: str
    """The location's name, or UNRESERVED."""
    location_rank: tuple[int, str]
    """Where the location comes in the walk: its pick order, then its code."""
    sku: str
    title: str
    order: str
    quantity: int
    personalisation: str = ""
    gift_message: str = ""


@dataclass(slots=True)
class PickSku:
    sku: str
    title: str
    items: list[PickItem] = field(default_factory=list)

    @property
    def quantity(self) -> int:
        return sum(item.quantity for item in self.items)


@dataclass(slots=True)
class PickLocation:
    name: str
    rank: tuple[int, str]
    skus: list[PickSku] = field(default_factory=list)

    @property
    def quantity(self) -> int:
        return sum(sku.quantity for sku in self.skus)


@dataclass(frozen=True, slots=True)
class PickList:
    locations: list[PickLocation]
    order_count: int

    @property
    def units(self) -> int:
        return sum(location.quantity for location in self.locations)

    @property
    def sku_count(self) -> int:
        return len({sku.sku for location in self.locations for sku in location.skus})


def pick_list(items: Iterable[PickItem]) -> PickList:
    """Group by location in walking order (unreserved units last), then SKU, then order."""
    chosen = [item for item in items if item.quantity > 0]

    def walk(item: PickItem) -> tuple[bool, tuple[int, str], str, str, str]:
        return (
            item.location == UNRESERVED,
            item.location_rank,
            item.location,
            item.sku,
            item.order,
        )

    locations: list[PickLocation] = []
    for item in sorted(chosen, key=walk):
        here = (item.location, item.location_rank)
        if not locations or (locations[-1].name, locations[-1].rank) != here:
            locations.append(PickLocation(*here))
        skus = locations[-1].skus
        if not skus or skus[-1].sku != item.sku:
            skus.append(PickSku(item.sku, item.title))
        skus[-1].items.append(item)
    return PickList(locations, order_count=len({item.order for item in chosen}))
