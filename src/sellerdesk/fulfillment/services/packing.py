"""The pack screen: each scan ticks off a unit or is refused; a full scan marks it packed."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.db.models.functions import Greatest

from sellerdesk.core import clock
from sellerdesk.inventory.services import Actor
from sellerdesk.orders.models import Order, OrderEventKind
from sellerdesk.orders.services import add_order_events

from ..domain import packing
from ..models import PackingSettings, PackScan
from ..selectors.packing import pack_lines


@dataclass(frozen=True)
class ScanOutcome:
    accepted: bool
    message: str
    complete: bool
    """Every open unit of the order is scanned."""


def record_scan(*, order: Order, code: str, actor: Actor) -> ScanOutcome:
    """Tick off one unit of the order for a scanned code, or say why not."""
    with transaction.atomic():
        # One scan at a time per order: two scanners on one parcel must not both take the
        # last unit of a line.
        order = Order.objects.select_for_update().get(pk=order.pk)
        lines = pack_lines(order)
        result = packing.scan(code, lines)
        if result.line_id is None:
            return ScanOutcome(False, result.message, packing.is_complete(lines))
        now = clock.now()
        # Created if missing without check-then-insert (two scanners, SQLite without locks).
        PackScan.objects.bulk_create(
            [PackScan(order_line_id=result.line_id, order=order, updated_at=now)],
            ignore_conflicts=True,
        )
        PackScan.objects.filter(order_line_id=result.line_id).update(
            scanned=F("scanned") + 1, updated_at=now
        )
        complete = packing.is_complete(pack_lines(order))
        if complete:
            add_order_events(
                orders=[order],
                at=now,
                kind=OrderEventKind.PACKED,
                message="Packed: every unit scanned",
                actor=actor.name,
            )
    return ScanOutcome(True, result.message, complete)


def reset_scans(*, order: Order) -> None:
    """Start the order's scan again (a parcel unpacked, say)."""
    PackScan.objects.filter(order=order).delete()


def consume_scans(*, quantities: dict[int, int]) -> None:
    """Units shipped are no longer waiting in the parcel: take them off their scans."""
    for line_id, quantity in quantities.items():
        PackScan.objects.filter(order_line_id=line_id).update(
            scanned=Greatest(F("scanned") - quantity, 0)
        )


def set_packing_settings(*, require_scan: bool) -> PackingSettings:
    chosen, _ = PackingSettings.objects.update_or_create(
        pk=1, defaults={"require_scan": require_scan}
    )
    return chosen
