"""Cost layers built from a whole ledger at once, for stock loaded in bulk (the demo shop).

The same rules as costing.follow, applied to every ledger line oldest first in one pass:
receipts open a layer (at `costs[reference]` or the SKU's unit cost), shipments and
write-offs draw the oldest layers, returns come back at what their units cost when
they shipped (given which order line that was).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from itertools import islice

from django.db import connection, transaction
from django.db.models import Q

from sellerdesk.catalog.models import Sku
from sellerdesk.core import bulk
from sellerdesk.core.errors import DomainError

from ..models import CostDraw, CostLayer, MovementKind, StockMovement

_DRAW_FIELDS = ["movement", "layer", "sku", "quantity", "unit_cost", "currency", "at"]
_LAYER_FIELDS = [
    "id", "sku", "movement", "received_at", "quantity", "remaining", "unit_cost", "currency",
    "reference",
]  # fmt: skip


@dataclass(slots=True)
class _Layer:
    pk: int
    sku_id: int
    movement_id: int
    received_at: object
    quantity: int
    remaining: int
    unit_cost: Decimal
    currency: str
    reference: str

    def row(self) -> tuple[object, ...]:
        return (
            self.pk, self.sku_id, self.movement_id, self.received_at, self.quantity,
            self.quantity, self.unit_cost, self.currency, self.reference,
        )  # fmt: skip


@transaction.atomic
def replay_costs(
    *, costs: Mapping[str, Decimal] | None = None, shipped_as: Mapping[str, str] | None = None
) -> tuple[int, int]:
    """Open and draw every layer the ledger implies; returns (layers, draws) written.

    `costs` gives receipts' unit costs by reference; `shipped_as` the order line (its
    reference) each return's units shipped under, by the return's reference.
    """
    if CostLayer.objects.exists() or CostDraw.objects.exists():
        raise DomainError("Cost layers exist already: a replay would count stock twice.")
    costs = costs or {}
    standard = {
        pk: (cost, currency)
        for pk, cost, currency in Sku.objects.values_list("pk", "unit_cost", "cost_currency")
    }
    shipped_as = shipped_as or {}
    returned = set(shipped_as.values())
    incoming = StockMovement.objects.filter(on_hand_change__gt=0).exclude(
        kind=MovementKind.TRANSFER_IN
    )
    ids = iter(bulk.next_ids(CostLayer, incoming.count()))
    layers: list[_Layer] = []
    open_layers: dict[int, deque[_Layer]] = {}
    left_at: dict[str, tuple[int, Decimal]] = {}  # units and cost shipped, for returns

    def draws() -> Iterator[tuple[object, ...]]:
        for pk, sku_id, kind, change, at, reference in _lines():
            cost, currency = standard[sku_id]
            if change > 0:
                shipped = shipped_as.get(reference, "") if kind == MovementKind.RETURN else ""
                if shipped in left_at:
                    units, total = left_at[shipped]
                    cost = (total / units).quantize(Decimal("0.0001"))
                cost = costs.get(reference, cost)
                layer = _Layer(next(ids), sku_id, pk, at, change, change, cost, currency, reference)
                layers.append(layer)
                open_layers.setdefault(sku_id, deque()).append(layer)
                continue
            wanted, queue = -change, open_layers.get(sku_id, deque())
            while wanted and queue:
                take = min(wanted, queue[0].remaining)
                layer = queue[0]
                layer.remaining -= take
                wanted -= take
                if not layer.remaining:
                    queue.popleft()
                if reference in returned:
                    units, total = left_at.get(reference, (0, Decimal(0)))
                    left_at[reference] = (units + take, total + take * layer.unit_cost)
                yield (pk, layer.pk, sku_id, take, layer.unit_cost, currency, at)
            if wanted:
                yield (pk, None, sku_id, wanted, cost, currency, at)

    drawn = written = 0
    stream = draws()
    # Layers go in before the draws that name them (foreign keys may be checked per
    # statement), at their full quantity; what was drawn is set once at the end.
    while batch := list(islice(stream, 20_000)):
        written += bulk.insert_rows(CostLayer, _LAYER_FIELDS, (x.row() for x in layers[written:]))
        drawn += bulk.insert_rows(CostDraw, _DRAW_FIELDS, batch)
    bulk.insert_rows(CostLayer, _LAYER_FIELDS, (layer.row() for layer in layers[written:]))
    drawn_from = [
        (layer.remaining, layer.pk) for layer in layers if layer.remaining < layer.quantity
    ]
    table, columns = bulk.table_columns(CostLayer, ["remaining", "id"])
    remaining, pk = (connection.ops.quote_name(column) for column in columns)
    sql = f"UPDATE {connection.ops.quote_name(table)} SET {remaining} = %s WHERE {pk} = %s"
    with connection.cursor() as cursor:
        cursor.executemany(sql, drawn_from)
    bulk.reset_sequences(CostLayer, CostDraw)
    return len(layers), drawn


def _lines() -> Iterator[tuple[int, int, str, int, object, str]]:
    moves = (
        StockMovement.objects.exclude(on_hand_change=0)
        .exclude(Q(kind=MovementKind.TRANSFER_IN) | Q(kind=MovementKind.TRANSFER_OUT))
        .order_by("created_at", "id")
        .values_list("pk", "sku_id", "kind", "on_hand_change", "created_at", "reference")
    )
    yield from moves.iterator(chunk_size=20_000)
