"""The demo shop's suppliers and what is on order from them today.

Pieces with a supplier's lead time (over two weeks) are bought in: pearls and opals from a
Paris wholesaler in euros, the rest from a findings house in dollars. What the shop makes
at its own bench has no supplier. One order is out with each supplier for what Restock
says to reorder today, so the demo shows stock on order.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sellerdesk.catalog.models import Sku
from sellerdesk.core import clock
from sellerdesk.inventory.services import Actor
from sellerdesk.planning.models import PurchaseOrder, Supplier, SupplierItem
from sellerdesk.planning.selectors.restock import restock_list
from sellerdesk.planning.services import create_purchase_orders, mark_purchase_order_sent
from sellerdesk.planning.services.purchasing import update_purchase_order

EUR_PER_USD = Decimal("0.92")
BOUGHT_IN_DAYS = 14


def add_suppliers(*, as_of: dt.datetime, actor: Actor) -> list[PurchaseOrder]:
    findings = Supplier.objects.create(
        name="Findings & Chains Co", email="orders@findings-chains.example",
        contact="Dana Ortiz", currency="USD", lead_time_days=18,
        address="220 Jewelers Row\nProvidence, RI 02903\nUSA",
    )  # fmt: skip
    paris = Supplier.objects.create(
        name="Perles de Paris", email="commandes@perles-de-paris.example",
        contact="Claire Martin", currency="EUR", lead_time_days=24,
        address="14 rue du Temple\n75004 Paris\nFrance",
    )  # fmt: skip
    items = []
    bought_in = Sku.objects.filter(
        is_active=True, is_one_of_a_kind=False, lead_time_days__gt=BOUGHT_IN_DAYS
    )
    for sku in bought_in.order_by("code"):
        from_paris = "PEARL" in sku.code or "OPAL" in sku.code
        items.append(
            SupplierItem(
                supplier=paris if from_paris else findings,
                sku=sku,
                supplier_code=f"{'PP' if from_paris else 'FC'}-{sku.pk:04d}",
                unit_cost=(sku.unit_cost * (EUR_PER_USD if from_paris else 1)).quantize(
                    Decimal("0.01")
                ),
                minimum_order=5,
                case_pack=5,
            )
        )
    SupplierItem.objects.bulk_create(items)
    with clock.pinned(as_of):
        picks = [
            (row.sku, row.plan.quantity)
            for row in restock_list(today=clock.seller_today(as_of))
            if row.to_order and row.supplier_item
        ]
        orders = create_purchase_orders(picks=picks, actor=actor) if picks else []
        for order in orders:
            if order.currency != "USD":  # priced in euros, costed in dollars
                update_purchase_order(
                    order=order, lines={}, extra_costs=Decimal("35.00"), spread_by="value",
                    exchange_rate=(1 / EUR_PER_USD).quantize(Decimal("0.0001")),
                    expected_on=(as_of + dt.timedelta(days=20)).date(), notes="",
                )  # fmt: skip
            mark_purchase_order_sent(order=order, actor=actor)
    return orders
