"""The ledger's one write path: a guarded level update plus its movement, and who made it.

Levels change only through conditional UPDATEs whose WHERE clause re-checks the rule
(nothing negative, nothing reserved beyond on hand), so concurrent workers cannot
oversell on either database: a losing worker updates no row and gets OutOfStock.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import User
from django.db.models import F, Q

from sellerdesk.catalog.models import Sku
from sellerdesk.core import clock
from sellerdesk.core.errors import DomainError

from .. import domain
from ..models import Location, LocationKind, MovementKind, StockLevel, StockMovement
from . import costing


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


def ensure_level(sku: Sku, location: Location, at: dt.datetime) -> None:
    # Idempotent creation that is safe under concurrency: never check-then-insert.
    StockLevel.objects.bulk_create(
        [StockLevel(sku=sku, location=location, on_hand=0, reserved=0, updated_at=at)],
        ignore_conflicts=True,
    )


_COMMIT_GRACE = dt.timedelta(hours=1)


def apply_change(
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
    unit_cost: Decimal | None = None,
) -> StockMovement | None:
    """Change one level and write its ledger line; None if the guard refused the change.

    Units coming in cost `unit_cost` (None: the SKU's unit cost, or for a return what the
    units cost when they left).
    """
    ensure_level(sku, location, at)
    # Counted in the same transaction as the change, so a reader of the past (Restock's
    # demand kept for the day) sees it exactly when it sees the change; in the day's last
    # hour against the next day, for a change that commits after midnight.
    ahead = clock.seller_today(clock.now() + _COMMIT_GRACE)
    late = at < clock.day_bounds(ahead, clock.seller_zone())[0]
    updated = StockLevel.objects.filter(
        Q(sku=sku, location=location)
        & Q(on_hand__gte=-on_hand_change)
        & Q(reserved__gte=-reserved_change)
        & Q(on_hand__gte=F("reserved") + reserved_change - on_hand_change)
    ).update(
        on_hand=F("on_hand") + on_hand_change,
        reserved=F("reserved") + reserved_change,
        updated_at=at,
        backdated=F("backdated") + int(late),
    )
    if not updated:
        return None
    movement = StockMovement.objects.create(
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
    costing.follow(movement, unit_cost)
    return movement


def require_positive(quantity: int) -> None:
    if quantity <= 0:
        raise DomainError(f"Quantity must be a positive whole number, got {quantity}.")


def shelf_stock(sku: Sku) -> list[domain.LocationStock]:
    rows = StockLevel.objects.filter(
        sku=sku, location__kind=LocationKind.SHELF, location__is_active=True
    ).values_list("location_id", "location__pick_order", "on_hand", "reserved")
    return [domain.LocationStock(*row) for row in rows]


def lock_levels(sku_ids: list[int]) -> None:
    """Lock the stock levels of these SKUs, in key order, for the rest of the transaction.

    A use case that changes several SKUs in steps of its own (parcel by parcel) takes them
    all first, so it cannot lock them in another order than a concurrent one and deadlock.
    """
    list(
        StockLevel.objects.select_for_update()
        .filter(sku_id__in=sku_ids)
        .order_by("sku_id", "location_id")
        .values_list("pk", flat=True)
    )
