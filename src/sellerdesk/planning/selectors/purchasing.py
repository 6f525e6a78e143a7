"""Reads of purchase orders and suppliers for the pages."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, F, Prefetch, QuerySet, Sum

from sellerdesk.inventory.models import CostLayer, MovementKind, StockMovement

from .. import domain
from ..models import (
    OPEN_STATUSES,
    PO_LINE_REFERENCE_PREFIX,
    PurchaseOrder,
    PurchaseOrderLine,
    Supplier,
    SupplierItem,
)


def purchase_order_list(*, open_only: bool = False) -> QuerySet[PurchaseOrder]:
    orders = PurchaseOrder.objects.select_related("supplier").annotate(
        units=Sum("lines__quantity"),
        received=Sum("lines__quantity_received"),
        goods=Sum(F("lines__quantity") * F("lines__unit_cost")),
    )
    if open_only:
        orders = orders.filter(status__in=OPEN_STATUSES)
    return orders.order_by("-created_at", "-pk")


@dataclass(frozen=True, slots=True)
class PurchaseOrderView:
    order: PurchaseOrder
    lines: list[PurchaseOrderLine]
    goods: Decimal
    receipts: list[StockMovement]
    """The ledger's receipts of this order, each with the cost layer it opened."""

    @property
    def received(self) -> int:
        return sum(line.quantity_received for line in self.lines)

    @property
    def is_open(self) -> bool:
        return self.order.status in OPEN_STATUSES

    @property
    def total(self) -> Decimal:
        return self.goods + self.order.extra_costs

    @property
    def extras_unplaced(self) -> Decimal:
        """Extra costs spread over units that did not come: on no unit's cost (yet)."""
        lines = [domain.CostLine(line.pk, line.quantity, line.unit_cost) for line in self.lines]
        landed = domain.landed_unit_costs(lines, self.order.extra_costs, by=self.order.spread_by)
        placed = sum(
            (line.quantity_received * (landed[line.pk] - line.unit_cost) for line in self.lines),
            Decimal(0),
        )
        return max(Decimal(0), self.order.extra_costs - placed)


def purchase_order_get(pk: int) -> PurchaseOrderView:
    order = PurchaseOrder.objects.select_related("supplier", "location").get(pk=pk)
    lines = list(order.lines.select_related("sku").order_by("sku__code"))
    receipts = list(
        StockMovement.objects.filter(
            reference__in=[line.reference for line in lines], kind=MovementKind.RECEIPT
        )
        .select_related("sku", "location")
        .prefetch_related(Prefetch("cost_layer", queryset=CostLayer.objects.all()))
        .order_by("created_at", "pk")
    )
    goods = sum((line.quantity * line.unit_cost for line in lines), Decimal(0))
    return PurchaseOrderView(order, lines, goods, receipts)


def supplier_list() -> QuerySet[Supplier]:
    return Supplier.objects.annotate(
        skus=Count("items", distinct=True), order_count=Count("orders", distinct=True)
    ).order_by("-is_active", "name")


def supplier_items(supplier: Supplier) -> QuerySet[SupplierItem]:
    return supplier.items.select_related("sku").order_by("sku__code")


def purchase_orders_by_line_reference(references: Iterable[str]) -> dict[str, PurchaseOrder]:
    """The purchase order behind each ledger reference to one of its lines (others left out)."""
    ids = {
        int(ref.removeprefix(PO_LINE_REFERENCE_PREFIX)): ref
        for ref in references
        if ref.startswith(PO_LINE_REFERENCE_PREFIX)
        and ref.removeprefix(PO_LINE_REFERENCE_PREFIX).isdigit()
    }
    lines = PurchaseOrderLine.objects.filter(pk__in=ids).select_related("order")
    return {ids[line.pk]: line.order for line in lines}
