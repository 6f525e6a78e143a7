"""Reads for returns: what each order line was paid and refunded, what may still come back."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.db.models import F, Prefetch, Q, QuerySet, Sum

from sellerdesk.inventory.models import Location, LocationKind
from sellerdesk.orders.models import Order, OrderLine

from .domain import lifecycle
from .domain.refunds import PaidLine
from .models import Refund, RefundLine, Return, ReturnLine, ReturnUnit


def paid_lines(lines: Iterable[OrderLine]) -> dict[int, PaidLine]:
    """What the buyer paid for each line's units not cancelled (tax only where prices
    include it), and refunds made for it so far."""
    chosen = list(lines)
    refunded = {
        row["order_line"]: (row["item"], row["shipping"])
        for row in RefundLine.objects.filter(order_line__in=chosen)
        .values("order_line")
        .annotate(item=Sum("item"), shipping=Sum("shipping"))
    }
    paid = {}
    for line in chosen:
        # Tax stays out where prices exclude it: Amazon works out the tax to refund itself,
        # and a seller typing these amounts into Seller Central would refund it twice.
        # Units cancelled were never charged: the line's amounts shrink by their share.
        kept = line.quantity_ordered - line.quantity_cancelled
        share = Decimal(kept) / line.quantity_ordered if line.quantity_ordered else Decimal(0)
        item = (line.item_price - line.promotion_discount) * share
        shipping = (line.shipping_price - line.shipping_discount) * share
        done_item, done_shipping = refunded.get(line.pk, (Decimal(0), Decimal(0)))
        paid[line.pk] = PaidLine(
            line_id=line.pk,
            sku=line.channel_sku,
            units=kept,
            item=max(item, Decimal(0)),
            shipping=max(shipping, Decimal(0)),
            refunded_item=done_item,
            refunded_shipping=done_shipping,
        )
    return paid


def units_in_returns(line_ids: Iterable[int], *, excluding: int | None = None) -> dict[int, int]:
    """Units of each line already in a return that was not rejected (closed or not)."""
    rows = ReturnLine.objects.filter(order_line__in=list(line_ids)).exclude(
        ret__rejected_at__isnull=False
    )
    if excluding is not None:
        rows = rows.exclude(Q(ret_id=excluding))
    return {
        row["order_line"]: row["units_back"]
        for row in rows.values("order_line").annotate(units_back=Sum("quantity"))
    }


OPEN = (
    lifecycle.REQUESTED,
    lifecycle.AUTHORISED,
    lifecycle.LABEL_ISSUED,
    lifecycle.IN_TRANSIT,
    lifecycle.RECEIVED,
    lifecycle.INSPECTED,
    lifecycle.DISPOSED,
)
AWAITING_REFUND = (lifecycle.RECEIVED, lifecycle.INSPECTED, lifecycle.DISPOSED)


def return_list(*, open_only: bool) -> QuerySet[Return]:
    """Returns, open ones first by their nearest deadline, with their lines' orders."""
    chosen = Return.objects.filter(status__in=OPEN) if open_only else Return.objects.all()
    lines = Prefetch(
        "lines", queryset=ReturnLine.objects.select_related("order_line__order").order_by("pk")
    )
    return chosen.prefetch_related(lines).order_by(
        F("refund_by").asc(nulls_last=True), F("respond_by").asc(nulls_last=True), "-created_at"
    )


def overdue_returns(*, now: dt.datetime) -> QuerySet[Return]:
    """Requests not answered within 24 hours, and returns back but not refunded in time."""
    return Return.objects.filter(
        Q(status=lifecycle.REQUESTED, respond_by__lt=now)
        | Q(status__in=AWAITING_REFUND, refund_by__lt=now)
    )


def refunds_to_do() -> QuerySet[Refund]:
    """Refunds decided here for a channel where the seller must issue them herself."""
    return (
        Refund.objects.filter(channel_done_at__isnull=True)
        .select_related("ret")
        .prefetch_related(
            Prefetch("lines", queryset=RefundLine.objects.select_related("order_line__order"))
        )
        .order_by("created_at", "pk")
    )


def return_get(pk: int) -> Return | None:
    units = Prefetch(
        "units", queryset=ReturnUnit.objects.select_related("location").order_by("number")
    )
    lines = Prefetch(
        "lines",
        queryset=ReturnLine.objects.select_related("order_line__order", "order_line__sku")
        .prefetch_related(units)
        .order_by("pk"),
    )
    refunds = Prefetch("refunds", queryset=Refund.objects.prefetch_related("lines"))
    return Return.objects.prefetch_related(lines, refunds).filter(pk=pk).first()


def returnable_lines(order: Order) -> list[tuple[OrderLine, int]]:
    """Shipped lines that may still come back, of this order and of the same buyer's other
    orders on its channel (by email): one parcel may hold both."""
    orders = Order.objects.filter(pk=order.pk)
    buyer = getattr(order, "buyer", None)
    # By email only: two people may share a name and a postcode, never an email address.
    if buyer is not None and buyer.purged_at is None and buyer.email:
        orders = Order.objects.filter(
            Q(pk=order.pk) | Q(channel=order.channel_id, buyer__email=buyer.email)
        )
    lines = list(
        OrderLine.objects.filter(order__in=orders, quantity_shipped__gt=0)
        .select_related("order")
        .order_by("-order__purchased_at", "pk")
    )
    lines.sort(key=lambda line: line.order_id != order.pk)  # this order's lines first
    taken = units_in_returns([line.pk for line in lines])
    return [
        (line, line.quantity_shipped - taken.get(line.pk, 0))
        for line in lines
        if line.quantity_shipped - taken.get(line.pk, 0) > 0
    ]


def restock_shelves() -> list[Location]:
    """The seller's own shelves a returned unit may go back on."""
    return list(Location.objects.filter(kind=LocationKind.SHELF, is_active=True))
