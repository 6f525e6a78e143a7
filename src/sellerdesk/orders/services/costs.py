"""What a line's shipped units cost, kept on the line as they ship (from their FIFO draws)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.db import connection
from django.db.models import F, Value
from django.db.models.functions import Coalesce

from sellerdesk.inventory.models import StockMovement
from sellerdesk.inventory.selectors import cost_of

from ..models import LINE_REFERENCE_PREFIX, OrderLine


def add_shipped_cost(line: OrderLine, movements: Sequence[StockMovement]) -> None:
    """Add the cost the shipment's ledger lines drew to the line's cost of goods."""
    cost, currency = cost_of(movements)
    if not currency:
        return
    OrderLine.objects.filter(pk=line.pk).update(
        cost_of_goods=Coalesce(F("cost_of_goods"), Value(Decimal(0))) + cost,
        cost_currency=currency,
    )


# Every line's cost from the ledger at once, for lines whose stock was costed in bulk
# (the demo's replay; an upgrade). Same SQL on SQLite (3.33+) and PostgreSQL; joined on the
# line's key (the reference's number), which both find by index.
COSTS_FROM_LEDGER = """
UPDATE orders_orderline SET cost_of_goods = c.cost, cost_currency = c.currency
FROM (
    SELECT CAST(SUBSTR(m.reference, %s) AS INTEGER) AS line_id,
           SUM(d.quantity * d.unit_cost) AS cost, MAX(d.currency) AS currency
    FROM inventory_costdraw d JOIN inventory_stockmovement m ON m.id = d.movement_id
    WHERE m.kind = 'shipment' AND m.reference LIKE %s
    GROUP BY m.reference
) c
WHERE orders_orderline.id = c.line_id
"""


def cost_lines_from_ledger() -> int:
    """Set every shipped line's cost of goods from the ledger's draws; returns lines set."""
    with connection.cursor() as cursor:
        start = len(LINE_REFERENCE_PREFIX) + 1  # SQL counts from 1
        cursor.execute(COSTS_FROM_LEDGER, [start, f"{LINE_REFERENCE_PREFIX}%"])
        return int(cursor.rowcount)
