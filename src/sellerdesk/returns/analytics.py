"""Reads for returns analytics: how often each SKU comes back and why, and what it costs.

The rate is units returned over units shipped in the same months (by the order's purchase
date, so a return counts against the month its unit was sold). Costs are the refunds paid,
the return labels (each shared over its units) and the cost of units written off.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Sum
from django.db.models.functions import TruncMonth

from sellerdesk.orders.models import OrderLine

from .domain.policy import REASONS
from .models import RefundLine, ReturnLine, ReturnUnit


@dataclass
class SkuReturns:
    sku: str
    shipped: int = 0
    returned: int = 0
    reasons: dict[str, int] = field(default_factory=dict)
    refunded: dict[str, Decimal] = field(default_factory=dict)
    """By currency."""
    labels: dict[str, Decimal] = field(default_factory=dict)
    """Return labels paid, each return's shared over its units, by currency."""
    written_off: Decimal = Decimal(0)

    @property
    def rate(self) -> float:
        return self.returned / self.shipped if self.shipped else 0.0


@dataclass(frozen=True)
class ReturnsReport:
    since: dt.datetime
    skus: list[SkuReturns]
    by_month: list[tuple[dt.date, dict[str, int]]]
    """Each month's returned units by reason."""


def returns_report(*, since: dt.datetime) -> ReturnsReport:
    """SKUs by how often they come back (most first), and each month's returns by reason."""
    skus: dict[str, SkuReturns] = {}

    def of(code: str) -> SkuReturns:
        return skus.setdefault(code, SkuReturns(code))

    for code, units in (
        OrderLine.objects.filter(order__purchased_at__gte=since, quantity_shipped__gt=0)
        .values_list("channel_sku")
        .annotate(units=Sum("quantity_shipped"))
    ):
        of(code).shipped = units
    returned = ReturnLine.objects.filter(order_line__order__purchased_at__gte=since).exclude(
        ret__rejected_at__isnull=False
    )
    for code, reason, units in returned.values_list(
        "order_line__channel_sku", "ret__reason"
    ).annotate(units=Sum("quantity")):
        entry = of(code)
        entry.returned += units
        entry.reasons[REASONS.get(reason, reason)] = units
    for code, currency, item, shipping in (
        RefundLine.objects.filter(order_line__order__purchased_at__gte=since)
        .values_list("order_line__channel_sku", "refund__currency")
        .annotate(item=Sum("item"), shipping=Sum("shipping"))
    ):
        entry = of(code)
        entry.refunded[currency] = entry.refunded.get(currency, Decimal(0)) + item + shipping
    for code, cost in (
        ReturnUnit.objects.filter(line__order_line__order__purchased_at__gte=since)
        .values_list("line__order_line__channel_sku")
        .annotate(cost=Sum("written_off"))
    ):
        of(code).written_off = cost or Decimal(0)
    labelled = (
        ReturnLine.objects.filter(order_line__order__purchased_at__gte=since, ret__label_cost__gt=0)
        .select_related("ret", "order_line")
        .order_by("ret_id", "pk")
    )
    by_return: dict[int, list[ReturnLine]] = defaultdict(list)
    for line in labelled:
        by_return[line.ret_id].append(line)
    for lines in by_return.values():
        cost, units = lines[0].ret.label_cost, sum(line.quantity for line in lines)
        for line in lines:
            entry, currency = of(line.order_line.channel_sku), line.order_line.currency
            share = cost * line.quantity / units
            entry.labels[currency] = entry.labels.get(currency, Decimal(0)) + share
    months: dict[dt.date, dict[str, int]] = defaultdict(dict)
    for month, reason, units in (
        returned.annotate(month=TruncMonth("ret__created_at"))
        .values_list("month", "ret__reason")
        .annotate(units=Sum("quantity"))
    ):
        day = month.date() if isinstance(month, dt.datetime) else month
        months[day][REASONS.get(reason, reason)] = units
    ranked = sorted(
        (entry for entry in skus.values() if entry.returned),
        key=lambda entry: (-entry.rate, -entry.returned, entry.sku),
    )
    return ReturnsReport(since, ranked, sorted(months.items()))
