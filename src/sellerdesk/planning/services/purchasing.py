"""Purchase orders: drafted from restock suggestions, edited, sent, received in parts, closed.

Receiving puts units on hand through inventory.services at their landed cost (the unit
price plus the order's freight and duty spread over the units, in the seller's cost
currency), which opens the FIFO layers every later shipment draws its cost from.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum

from sellerdesk.catalog.models import Sku
from sellerdesk.catalog.services import set_unit_cost
from sellerdesk.core import clock
from sellerdesk.core.errors import DomainError, InvalidTransition
from sellerdesk.inventory.models import Location, LocationKind
from sellerdesk.inventory.services import Actor, receive_stock

from .. import domain
from ..models import (
    OPEN_STATUSES,
    PurchaseOrder,
    PurchaseOrderLine,
    PurchaseOrderStatus,
    SpreadBy,
    SupplierItem,
)


@transaction.atomic
def create_purchase_orders(
    *, picks: Sequence[tuple[Sku, int]], actor: Actor, location: Location | None = None
) -> list[PurchaseOrder]:
    """Draft one purchase order per preferred supplier for the SKUs and quantities picked."""
    if not picks:
        raise DomainError("Pick at least one SKU to order.")
    if len({sku.pk for sku, _ in picks}) != len(picks):
        raise DomainError("Each SKU once, please: the same SKU was picked twice.")
    items = {
        item.sku_id: item
        for item in SupplierItem.objects.filter(
            sku__in=[sku for sku, _ in picks], is_preferred=True
        ).select_related("supplier")
    }
    missing = [sku.code for sku, _ in picks if sku.pk not in items]
    if missing:
        raise DomainError(
            f"No supplier for {', '.join(missing)}: add who sells it on the Suppliers page first."
        )
    for sku, quantity in picks:
        if quantity <= 0:
            raise DomainError(f"Order a positive number of {sku.code}, not {quantity}.")
    location = location or _receiving_shelf()
    by_supplier: dict[int, list[tuple[Sku, int]]] = defaultdict(list)
    for sku, quantity in picks:
        by_supplier[items[sku.pk].supplier_id].append((sku, quantity))
    now = clock.now()
    orders = []
    for lines in by_supplier.values():
        supplier = items[lines[0][0].pk].supplier
        _one_cost_currency(supplier.currency, [sku for sku, _ in lines])
        order = PurchaseOrder.objects.create(
            number=f"new-{uuid.uuid4().hex[:12]}",  # fits the column; replaced at once
            supplier=supplier,
            currency=supplier.currency,
            exchange_rate=Decimal(1)
            if all(s.cost_currency == supplier.currency for s, _ in lines)
            else None,
            location=location,
            created_at=now,
            created_by=actor.name,
        )
        # The key is unique and never reused: the number follows it.
        order.number = f"PO-{order.pk:05d}"
        order.save(update_fields=["number"])
        PurchaseOrderLine.objects.bulk_create(
            PurchaseOrderLine(
                order=order, sku=sku, quantity=quantity, unit_cost=items[sku.pk].unit_cost
            )
            for sku, quantity in lines
        )
        orders.append(order)
    return orders


def _one_cost_currency(currency: str, skus: Sequence[Sku]) -> None:
    """An order in another currency than its SKUs' costs converts at one rate: to one
    cost currency."""
    others = sorted({sku.cost_currency for sku in skus if sku.cost_currency != currency})
    if len(others) > 1:
        raise DomainError(
            f"One {currency} order cannot be costed in both {' and '.join(others)}: order the "
            "SKUs of each cost currency separately."
        )


def _receiving_shelf() -> Location:
    shelf = (
        Location.objects.filter(kind=LocationKind.SHELF, is_active=True)
        .order_by("pick_order", "code")
        .first()
    )
    if shelf is None:
        raise DomainError("Add a shelf location first: received stock needs somewhere to go.")
    return shelf


@dataclass(frozen=True, slots=True)
class LineChange:
    quantity: int
    unit_cost: Decimal


@transaction.atomic
def update_purchase_order(
    *,
    order: PurchaseOrder,
    lines: Mapping[int, LineChange],
    extra_costs: Decimal,
    spread_by: str,
    exchange_rate: Decimal | None,
    expected_on: dt.date | None,
    notes: str,
) -> PurchaseOrder:
    """Change an open order's quantities, prices, extra costs and rate (0 removes a line)."""
    order = _locked(order)
    if order.status not in OPEN_STATUSES:
        raise InvalidTransition(
            f"{order.number} is {order.get_status_display().lower()}: it cannot change."
        )
    if extra_costs < 0:
        raise DomainError("Extra costs cannot be negative.")
    if exchange_rate is not None and exchange_rate <= 0:
        raise DomainError("An exchange rate must be above 0.")
    if spread_by not in SpreadBy.values:
        raise DomainError(f"Spread extra costs by value or by units, not {spread_by!r}.")
    current = {line.pk: line for line in order.lines.select_related("sku")}
    received = any(line.quantity_received for line in current.values())
    costs_change = (
        extra_costs != order.extra_costs
        or spread_by != order.spread_by
        or exchange_rate != order.exchange_rate
        or any(
            change.unit_cost != current[pk].unit_cost
            for pk, change in lines.items()
            if pk in current
        )
    )
    if received and costs_change:
        raise DomainError(
            f"Units of {order.number} are on the shelf at their landed cost already: its prices, "
            "extra costs and rate are fixed now. Record a later bill on a new order."
        )
    for pk, change in lines.items():
        line = current.get(pk)
        if line is None:
            raise DomainError(f"Line {pk} is not on {order.number}.")
        if change.unit_cost < 0:
            raise DomainError(f"{line.sku.code}: a unit cost cannot be negative.")
        if change.quantity < line.quantity_received:
            raise DomainError(
                f"{line.sku.code}: {line.quantity_received} are received already; order at least that many."
            )
        if change.quantity == 0:
            line.delete()
            continue
        line.quantity, line.unit_cost = change.quantity, change.unit_cost
        line.save(update_fields=["quantity", "unit_cost"])
    _one_cost_currency(order.currency, [line.sku for line in current.values()])
    order.extra_costs, order.spread_by, order.exchange_rate = extra_costs, spread_by, exchange_rate
    order.expected_on, order.notes = expected_on, notes
    order.save(update_fields=["extra_costs", "spread_by", "exchange_rate", "expected_on", "notes"])
    return order


@transaction.atomic
def mark_purchase_order_sent(*, order: PurchaseOrder, actor: Actor) -> PurchaseOrder:
    """The order went to the supplier (emailed by sellerdesk or sent by the seller)."""
    order = _locked(order)
    if order.status == PurchaseOrderStatus.DRAFT:
        if not order.lines.exists():
            raise DomainError(f"{order.number} has no lines to send.")
        order.status = PurchaseOrderStatus.SENT
        order.sent_at = clock.now()
        order.save(update_fields=["status", "sent_at"])
    elif order.status not in OPEN_STATUSES:
        raise InvalidTransition(f"{order.number} is {order.get_status_display().lower()}.")
    return order


def landed_costs(order: PurchaseOrder, lines: Sequence[PurchaseOrderLine]) -> dict[int, Decimal]:
    """Each line's landed unit cost in its SKU's cost currency."""
    landed = domain.landed_unit_costs(
        [domain.CostLine(line.pk, line.quantity, line.unit_cost) for line in lines],
        order.extra_costs,
        by=order.spread_by,
    )
    converted = {}
    for line in lines:
        if line.sku.cost_currency == order.currency:
            converted[line.pk] = landed[line.pk]
        elif order.exchange_rate is None:
            raise DomainError(
                f"{order.number} is in {order.currency} but {line.sku.code} is costed in "
                f"{line.sku.cost_currency}: enter the exchange rate on the order first."
            )
        else:
            converted[line.pk] = (landed[line.pk] * order.exchange_rate).quantize(Decimal("0.0001"))
    return converted


@transaction.atomic
def receive_purchase_order(
    *,
    order: PurchaseOrder,
    quantities: Mapping[int, int],
    actor: Actor,
    received_before: int | None = None,
    at: dt.datetime | None = None,
) -> list[PurchaseOrderLine]:
    """Put the units that arrived on hand at their landed cost; the rest stays due.

    `received_before` is how many units the seller saw received when she filled in the
    form: if another receipt came in meanwhile (a second tab, a double click) nothing is
    received twice.
    """
    order = _locked(order)
    if order.status not in OPEN_STATUSES:
        raise InvalidTransition(
            f"{order.number} is {order.get_status_display().lower()}: nothing is due."
        )
    lines = list(order.lines.select_related("sku").order_by("sku__code"))
    already = sum(line.quantity_received for line in lines)
    if received_before is not None and received_before != already:
        raise DomainError(
            f"{order.number} changed since you opened it ({already} units received now, "
            f"{received_before} then). Check what is received and enter only what is new."
        )
    by_pk = {line.pk: line for line in lines}
    wanted = {pk: quantity for pk, quantity in quantities.items() if quantity}
    if not wanted:
        raise DomainError("Enter how many of each line arrived.")
    for pk, quantity in wanted.items():
        line = by_pk.get(pk)
        if line is None:
            raise DomainError(f"Line {pk} is not on {order.number}.")
        if quantity < 0 or quantity > line.quantity_due:
            raise DomainError(
                f"{line.sku.code}: {quantity} cannot be received, {line.quantity_due} are due. "
                "Raise the ordered quantity first if the supplier sent more."
            )
    costs = landed_costs(order, lines)
    at = at or clock.now()
    received = []
    for pk, quantity in wanted.items():
        line = by_pk[pk]
        receive_stock(
            sku=line.sku, location=order.location, quantity=quantity,
            reason=f"received on {order.number}", reference=line.reference, actor=actor, at=at,
            unit_cost=costs[pk],
        )  # fmt: skip
        line.quantity_received += quantity
        line.save(update_fields=["quantity_received"])
        set_unit_cost(sku=line.sku, unit_cost=costs[pk])
        received.append(line)
    due = sum(line.quantity_due for line in lines)
    order.status = PurchaseOrderStatus.PARTIAL if due else PurchaseOrderStatus.RECEIVED
    order.sent_at = order.sent_at or at
    order.closed_at = None if due else at
    order.save(update_fields=["status", "sent_at", "closed_at"])
    return received


@transaction.atomic
def close_purchase_order(*, order: PurchaseOrder, actor: Actor) -> PurchaseOrder:
    """Nothing more will come: cancelled if nothing arrived, else closed short."""
    order = _locked(order)
    if order.status not in OPEN_STATUSES:
        raise InvalidTransition(f"{order.number} is closed already.")
    received = order.lines.aggregate(units=Sum("quantity_received"))["units"] or 0
    order.status = PurchaseOrderStatus.RECEIVED if received else PurchaseOrderStatus.CANCELLED
    order.closed_at = clock.now()
    order.save(update_fields=["status", "closed_at"])
    return order


def _locked(order: PurchaseOrder) -> PurchaseOrder:
    return (
        PurchaseOrder.objects.select_for_update()
        .select_related("supplier", "location")
        .get(pk=order.pk)
    )
