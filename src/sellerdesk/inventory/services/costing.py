"""What stock cost: FIFO layers that follow every on-hand change of the ledger.

Units coming in (receipts, returns, found units) open a layer at their cost; units going
out (shipments, write-offs) draw from the oldest layers first. Transfers change neither:
moving a ring to Amazon's warehouse does not change what it cost. Called from the
ledger's one write path, so no stock change can leave the layers behind.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import F, Sum

from .. import domain
from ..models import CostDraw, CostLayer, MovementKind, StockMovement

# Kinds that move units without changing what the seller owns.
_MOVES_ONLY = {MovementKind.TRANSFER_IN, MovementKind.TRANSFER_OUT}


def follow(movement: StockMovement, unit_cost: Decimal | None) -> None:
    """Open or draw layers for one ledger line (nothing for reservations and transfers)."""
    if movement.on_hand_change == 0 or movement.kind in _MOVES_ONLY:
        return
    if movement.on_hand_change > 0:
        _open_layer(movement, unit_cost)
    else:
        _draw(movement)


def _open_layer(movement: StockMovement, unit_cost: Decimal | None) -> None:
    if unit_cost is None:
        unit_cost = movement.sku.unit_cost  # found units and opening stock: the SKU's cost
    if unit_cost < 0:
        raise ValueError(f"a unit cost cannot be negative, got {unit_cost}")
    CostLayer.objects.create(
        sku_id=movement.sku_id,
        movement=movement,
        received_at=movement.created_at,
        quantity=movement.on_hand_change,
        remaining=movement.on_hand_change,
        unit_cost=unit_cost,
        currency=movement.sku.cost_currency,
        reference=movement.reference,
    )


def _draw(movement: StockMovement) -> None:
    quantity = -movement.on_hand_change
    layers = list(
        CostLayer.objects.select_for_update()
        .filter(sku_id=movement.sku_id, remaining__gt=0)
        .order_by("received_at", "id")
    )
    by_id = {layer.pk: layer for layer in layers}
    plan = domain.plan_consumption([(layer.pk, layer.remaining) for layer in layers], quantity)
    draws = []
    for layer_id, take in plan:
        layer = by_id[layer_id]
        CostLayer.objects.filter(pk=layer_id).update(remaining=F("remaining") - take)
        draws.append(_draw_row(movement, take, layer.unit_cost, layer.currency, layer))
    uncovered = quantity - sum(take for _, take in plan)
    if uncovered:
        sku = movement.sku
        draws.append(_draw_row(movement, uncovered, sku.unit_cost, sku.cost_currency, None))
    CostDraw.objects.bulk_create(draws)


def _draw_row(
    movement: StockMovement,
    quantity: int,
    unit_cost: Decimal,
    currency: str,
    layer: CostLayer | None,
) -> CostDraw:
    return CostDraw(
        movement=movement,
        layer=layer,
        sku_id=movement.sku_id,
        quantity=quantity,
        unit_cost=unit_cost,
        currency=currency,
        at=movement.created_at,
    )


def cost_drawn_for(sku_id: int, reference: str) -> Decimal | None:
    """The average cost at which a reference's units of a SKU left stock (None: none did).

    Returned units go back on the shelf at what they cost when they left, so a return
    neither makes nor loses money on paper.
    """
    if not reference:
        return None
    found = CostDraw.objects.filter(
        sku_id=sku_id,
        movement__reference=reference,
        movement__kind=MovementKind.SHIPMENT,
    ).aggregate(units=Sum("quantity"), cost=Sum(F("quantity") * F("unit_cost")))
    if not found["units"]:
        return None
    average: Decimal = Decimal(found["cost"]) / found["units"]
    return average.quantize(Decimal("0.0001"))
