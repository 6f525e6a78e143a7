"""Reads for returns: what each order line was paid and refunded, what may still come back."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.db.models import Q, Sum

from sellerdesk.orders.models import OrderLine

from .domain import lifecycle
from .domain.refunds import PaidLine
from .models import RefundLine, ReturnLine


def paid_lines(lines: Iterable[OrderLine]) -> dict[int, PaidLine]:
    """What the buyer paid for each line (tax added where prices exclude it), and refunds
    made for it so far; lines loaded with their order."""
    chosen = list(lines)
    refunded = {
        row["order_line"]: (row["item"], row["shipping"])
        for row in RefundLine.objects.filter(order_line__in=chosen)
        .values("order_line")
        .annotate(item=Sum("item"), shipping=Sum("shipping"))
    }
    paid = {}
    for line in chosen:
        taxed = not line.order.prices_include_tax
        item = line.item_price - line.promotion_discount + (line.item_tax if taxed else 0)
        shipping = (
            line.shipping_price - line.shipping_discount + (line.shipping_tax if taxed else 0)
        )
        done_item, done_shipping = refunded.get(line.pk, (Decimal(0), Decimal(0)))
        paid[line.pk] = PaidLine(
            line_id=line.pk,
            sku=line.channel_sku,
            units=line.quantity_ordered - line.quantity_cancelled,
            item=max(item, Decimal(0)),
            shipping=max(shipping, Decimal(0)),
            refunded_item=done_item,
            refunded_shipping=done_shipping,
        )
    return paid


def units_in_returns(line_ids: Iterable[int], *, excluding: int | None = None) -> dict[int, int]:
    """Units of each line already in a return that was not rejected."""
    rows = ReturnLine.objects.filter(order_line__in=list(line_ids)).exclude(
        ret__status=lifecycle.REJECTED
    )
    if excluding is not None:
        rows = rows.exclude(Q(ret_id=excluding))
    return {
        row["order_line"]: row["units"]
        for row in rows.values("order_line").annotate(units=Sum("quantity"))
    }
