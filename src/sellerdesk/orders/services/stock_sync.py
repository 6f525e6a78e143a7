"""Keeping an order's stock in step with its lines: hold what is open, consume what shipped.

Everything is computed from the ledger (what a line holds, what it has shipped), so
running it again for the same order changes nothing: channel resends are harmless.
"""

from __future__ import annotations

import datetime as dt

from sellerdesk.inventory import selectors as stock_reads
from sellerdesk.inventory import services as stock
from sellerdesk.inventory.selectors.assembled import units_held, units_shipped
from sellerdesk.inventory.services import Actor, OutOfStock

from .. import domain
from ..models import Order, OrderEvent, OrderEventKind, OrderLine
from .costs import add_shipped_cost
from .timeline import add_event


def sync_stock(order: Order, actor: Actor, now: dt.datetime) -> tuple[str, ...]:
    """Consume shipped units, then hold exactly the open units; returns the lines short of stock."""
    short: list[str] = []
    holds = domain.holds_stock(status=order.status, fulfillment=order.fulfillment)
    # Stock rows are always touched in SKU order, so two orders sharing SKUs cannot deadlock.
    lines = sorted(order.lines.select_related("sku"), key=lambda line: (line.sku_id or 0, line.pk))
    for line in lines:
        if line.sku is None:
            if holds:
                short.append(line.channel_sku)
                _stock_event(
                    order,
                    now,
                    actor,
                    f"SKU {line.channel_sku} is not in the catalogue: map it to a product to "
                    "reserve stock",
                )
            continue
        if order.fulfillment == domain.SELLER:
            _consume_shipped(order, line, actor, now)
        if not _hold_open(line, holds, actor, now, order):
            short.append(line.channel_sku)
    return tuple(short)


def _consume_shipped(order: Order, line: OrderLine, actor: Actor, now: dt.datetime) -> None:
    assert line.sku is not None
    unrecorded = line.quantity_shipped - units_shipped(line.reference, line.sku)
    if unrecorded <= 0:
        return
    stock_since = stock_reads.shelf_stock_since([line.sku.pk]).get(line.sku.pk)
    if not units_held(line.reference, line.sku) and domain.shipment_predates_stock(
        changed_at=order.last_updated_at, stock_since=stock_since
    ):
        return
    try:
        movements = stock.ship_units(
            sku=line.sku, quantity=unrecorded, reference=line.reference, actor=actor, at=now
        )
        add_shipped_cost(line, movements)
    except OutOfStock as error:
        _stock_event(
            order,
            now,
            actor,
            f"The channel reports {unrecorded} x {line.sku.code} shipped, but the shelves do not "
            f"have them ({error.free} free): count the stock and adjust it.",
        )


def _hold_open(line: OrderLine, holds: bool, actor: Actor, now: dt.datetime, order: Order) -> bool:
    """Reserve or release so the line holds its open units; False when stock is short."""
    assert line.sku is not None
    wanted = line.quantity_open if holds else 0
    held = units_held(line.reference, line.sku)
    if held > wanted:
        stock.release_units(
            sku=line.sku,
            reference=line.reference,
            actor=actor,
            quantity=held - wanted,
            at=now,
            reason=f"order {order.status.lower()}" if not holds else "fewer units open",
        )
    elif held < wanted:
        try:
            stock.reserve_units(
                sku=line.sku, quantity=wanted - held, reference=line.reference, actor=actor, at=now
            )
        except OutOfStock as error:
            _stock_event(order, now, actor, error.message)
            return False
    return True


def _stock_event(order: Order, at: dt.datetime, actor: Actor, message: str) -> None:
    """Add a stock note unless it repeats the last one: resends must not flood the timeline."""
    last = (
        OrderEvent.objects.filter(order=order, kind=OrderEventKind.STOCK)
        .order_by("-at", "-id")
        .values_list("message", flat=True)
        .first()
    )
    if last != message[:500]:
        add_event(order, at, OrderEventKind.STOCK, message, actor.name)
