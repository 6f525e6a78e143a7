"""What the workbook shows, read in the shapes its sheets are written in.

Orders stream line by line (a workbook may hold a hundred thousand of them); the rest is
small. Times are the seller's (SELLERDESK_TIME_ZONE), without a zone, as Excel keeps them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.db.models import F, OuterRef, QuerySet, Subquery, Sum

from sellerdesk.core import clock
from sellerdesk.inventory.models import LocationKind, StockLevel
from sellerdesk.orders.models import Fulfillment, Order, OrderLine, OrderStatus, Shipment
from sellerdesk.orders.selectors.charged import line_charged
from sellerdesk.returns.models import Refund, RefundLine, Return, ReturnLine

from .wall_clock import reader, wall_clock

STATUS_LABELS = dict(OrderStatus.choices)
FULFILLED_BY: dict[str, str] = {Fulfillment.SELLER: "Seller", Fulfillment.AMAZON: "Amazon"}
CANCELLED = STATUS_LABELS[OrderStatus.CANCELED]
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Period:
    first: dt.date
    last: dt.date

    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        """The UTC instants [start, end) of the seller's days first to last."""
        zone = clock.seller_zone()
        start, _ = clock.day_bounds(self.first, zone)
        _, end = clock.day_bounds(self.last, zone)
        return start, end

    def orders(self) -> QuerySet[Order]:
        start, end = self.bounds()
        return Order.objects.filter(purchased_at__gte=start, purchased_at__lt=end)


def seller_time(value: dt.datetime | None) -> dt.datetime | None:
    """A stored time as the seller's wall clock, to the second, without a zone."""
    if value is None:
        return None
    return value.astimezone(clock.seller_zone()).replace(tzinfo=None, microsecond=0)


@dataclass(frozen=True, slots=True)
class OrderRow:
    order_pk: int
    order_id: str
    line: int
    order_date: dt.datetime
    customer: str
    sku: str
    product: str
    quantity: int
    unit_price: Decimal
    total: Decimal
    currency: str
    status: str
    fulfilled_by: str
    ship_by: dt.datetime | None
    shipped: dt.datetime | None
    carrier: str
    tracking: str
    expected: dt.datetime | None
    delivered: dt.datetime | None
    notes: str


def order_count(period: Period) -> int:
    start, end = period.bounds()
    return OrderLine.objects.filter(
        order__purchased_at__gte=start, order__purchased_at__lt=end
    ).count()


def order_rows(period: Period) -> Iterator[OrderRow]:
    """Every line of the orders placed in the period, oldest order first, its lines in turn.

    Units are those ordered less those cancelled, except on a cancelled order, which shows
    what was ordered."""
    start, end = period.bounds()
    latest = Shipment.objects.filter(order=OuterRef("order_id")).order_by("-shipped_at", "-pk")
    fields = (
        "order_id", "order__external_id", "purchased", "order__buyer__name",
        "sku__code", "channel_sku", "title", "quantity_ordered", "quantity_cancelled",
        "item_price", "paid", "currency", "order__status", "order__fulfillment",
        "ship_by", "shipped", "carrier", "tracking", "expected", "delivered", "order__note",
    )  # fmt: skip
    rows = (
        OrderLine.objects.filter(order__purchased_at__gte=start, order__purchased_at__lt=end)
        .annotate(
            paid=line_charged(),
            purchased=wall_clock("order__purchased_at"),
            ship_by=wall_clock("order__latest_ship_at"),
            shipped=wall_clock("order__shipped_at"),
            expected=wall_clock("order__latest_delivery_at"),
            delivered=wall_clock("order__delivered_at"),
            carrier=Subquery(latest.values("carrier")[:1]),
            tracking=Subquery(latest.values("tracking_number")[:1]),
        )
        .order_by("order__purchased_at", "order_id", "pk")
        .values_list(*fields)
    )
    local = reader(connection.vendor)
    current, number = None, 0
    for (
        order_pk, order_id, purchased, customer, code, channel_sku, title, ordered, cancelled,
        item_price, charged, currency, status, fulfillment, ship_by, shipped, carrier, tracking,
        expected, delivered, note,
    ) in rows.iterator(chunk_size=5000):  # fmt: skip
        number = number + 1 if order_pk == current else 1
        current = order_pk
        yield OrderRow(
            order_pk=order_pk,
            order_id=order_id,
            line=number,
            order_date=local(purchased),  # type: ignore[arg-type]
            customer=customer or "",
            sku=code or channel_sku,
            product=title,
            quantity=ordered if status == OrderStatus.CANCELED else ordered - cancelled,
            unit_price=(item_price / ordered).quantize(CENT) if ordered else item_price,
            total=charged,
            currency=currency,
            status=STATUS_LABELS.get(status, status),
            fulfilled_by=FULFILLED_BY.get(fulfillment, fulfillment),
            ship_by=local(ship_by),
            shipped=local(shipped),
            carrier=carrier or "",
            tracking=tracking or "",
            expected=local(expected),
            delivered=local(delivered),
            notes=note,
        )


@dataclass(frozen=True, slots=True)
class ReturnRow:
    rma: str
    order_id: str
    sku: str
    quantity: int
    reason: str
    status: str
    requested: dt.datetime | None
    received: dt.datetime | None
    refunded: Decimal
    currency: str
    note: str


def return_rows(period: Period) -> list[ReturnRow]:
    """Each line of the returns started in the period."""
    start, end = period.bounds()
    returns = Return.objects.filter(created_at__gte=start, created_at__lt=end)
    lines = (
        ReturnLine.objects.filter(ret__in=returns)
        .select_related("ret", "order_line__order", "order_line__sku")
        .order_by("ret__created_at", "ret_id", "pk")
    )
    refunded: dict[int, Decimal] = {}
    for line_id, item, shipping in RefundLine.objects.filter(
        refund__in=Refund.objects.filter(ret__in=returns)
    ).values_list("order_line_id", "item", "shipping"):
        refunded[line_id] = refunded.get(line_id, Decimal(0)) + item + shipping
    reasons = dict(Return._meta.get_field("reason").choices or [])
    statuses = dict(Return._meta.get_field("status").choices or [])
    rows = []
    for line in lines:
        ret, order_line = line.ret, line.order_line
        rows.append(
            ReturnRow(
                rma=ret.rma or f"R{ret.pk}",
                order_id=order_line.order.external_id,
                sku=order_line.sku.code if order_line.sku else order_line.channel_sku,
                quantity=line.quantity,
                reason=str(reasons.get(ret.reason, ret.reason)),
                status=str(statuses.get(ret.status, ret.status)),
                requested=seller_time(ret.requested_at or ret.created_at),
                received=seller_time(ret.received_at),
                refunded=refunded.get(order_line.pk, Decimal(0)),
                currency=order_line.currency,
                note=ret.note,
            )
        )
    return rows


def fba_available(sku_ids: list[int]) -> dict[int, int]:
    """Free units of each SKU at Amazon's warehouses."""
    rows = (
        StockLevel.objects.filter(
            sku_id__in=sku_ids, location__is_active=True, location__kind=LocationKind.FBA
        )
        .values("sku_id")
        .annotate(free_units=Sum(F("on_hand") - F("reserved")))
        .values_list("sku_id", "free_units")
    )
    return dict(rows)


def shelf_stock(sku_ids: list[int]) -> dict[int, tuple[int, int]]:
    """Each SKU's units on the seller's own shelves: (on hand, held for orders)."""
    rows = (
        StockLevel.objects.filter(
            sku_id__in=sku_ids, location__is_active=True, location__kind=LocationKind.SHELF
        )
        .values("sku_id")
        .annotate(units=Sum("on_hand"), held=Sum("reserved"))
        .values_list("sku_id", "units", "held")
    )
    return {sku_id: (units, held) for sku_id, units, held in rows}


def notes_of(period: Period) -> dict[str, str]:
    """The period's orders that have a note: order id -> note."""
    start, end = period.bounds()
    return dict(
        Order.objects.filter(purchased_at__gte=start, purchased_at__lt=end)
        .exclude(note="")
        .values_list("external_id", "note")
    )
