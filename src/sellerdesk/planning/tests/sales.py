"""Sales as they really happen, for restock tests: an order line, its stock held, then shipped."""

from __future__ import annotations

import datetime as dt

from sellerdesk.catalog.models import Sku
from sellerdesk.core import clock
from sellerdesk.inventory import services as stock
from sellerdesk.inventory.services import Actor
from sellerdesk.orders.services.costs import add_shipped_cost
from sellerdesk.orders.tests.factories import OrderFactory, OrderLineFactory


def sell(sku: Sku, units: int, at: dt.datetime, actor: Actor) -> None:
    line = OrderLineFactory(
        sku=sku, quantity_ordered=units, quantity_shipped=units,
        order=OrderFactory(purchased_at=at, status="Shipped"),
    )  # fmt: skip
    with clock.pinned(at):
        stock.reserve_stock(sku=sku, quantity=units, reference=line.reference, actor=actor)
        shipped = stock.ship_stock(sku=sku, quantity=units, reference=line.reference, actor=actor)
        add_shipped_cost(line, shipped)
