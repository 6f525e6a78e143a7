"""Stock rules with no database: availability and where to take units from."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class LocationStock:
    location_id: int
    pick_order: int
    on_hand: int
    reserved: int

    @property
    def free(self) -> int:
        return self.on_hand - self.reserved


def available(*, on_hand: int, reserved: int, safety_stock: int) -> int:
    """What channels may be offered: on hand less reserved less the safety buffer, never below 0."""
    return max(0, on_hand - reserved - safety_stock)


def is_low_stock(*, available_quantity: int, threshold: int) -> bool:
    return available_quantity <= threshold


def plan_allocation(stock: Sequence[LocationStock], quantity: int) -> list[tuple[int, int]] | None:
    """Split `quantity` over locations, lowest pick order first; None when they cannot cover it.

    A real order may use the safety stock: the buffer exists to absorb exactly such orders,
    so only free units (on hand less reserved) limit a reservation.
    """
    if quantity <= 0:
        raise ValueError("quantity to allocate must be positive")
    plan: list[tuple[int, int]] = []
    remaining = quantity
    for level in sorted(stock, key=lambda s: (s.pick_order, s.location_id)):
        if remaining == 0:
            break
        take = min(level.free, remaining)
        if take > 0:
            plan.append((level.location_id, take))
            remaining -= take
    return plan if remaining == 0 else None


def plan_consumption(reserved: Sequence[tuple[int, int]], quantity: int) -> list[tuple[int, int]]:
    """Which reservations (location id, quantity) a shipment of `quantity` uses up, in order."""
    plan: list[tuple[int, int]] = []
    remaining = quantity
    for location_id, held in reserved:
        if remaining == 0:
            break
        take = min(held, remaining)
        plan.append((location_id, take))
        remaining -= take
    return plan


def kit_available(parts: Sequence[tuple[int, int]]) -> int:
    """Sets that can be made up from parts given as (units available, units per set)."""
    if not parts:
        return 0
    return max(0, min(available // per for available, per in parts))


def made_to_order_available(
    *, materials: int, weekly_capacity: int, production_days: int, in_progress: int
) -> int:
    """What a made-to-order piece can be offered at (Amazon Handmade's quantity): no more
    than the materials make, nor than can be made within the production time at the
    week's capacity, less what is already being made for orders. One piece at least: the
    production time is the seller's own promise for a piece, so a capacity below one piece
    per production time (3 a week, 2 days) still makes one, not none (which would take the
    listing off sale)."""
    capacity = max(1, weekly_capacity * production_days // 7) if weekly_capacity else 0
    return max(0, min(materials, capacity - in_progress))
