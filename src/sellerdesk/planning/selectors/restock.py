"""What to reorder and why: each stocked SKU's demand, stock history and plan.

Demand is units ordered (less cancelled) per seller's day from the SKU rollup, over every
channel; stock is every location's on hand less reserved. A day counts as in stock when
the SKU had free units at its start or end, or sold that day: days out of stock say
nothing about demand. A year back only the sales are read (stock then is not replayed).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, F, Q, Sum

from sellerdesk.catalog.models import Assembly, Sku
from sellerdesk.core import clock
from sellerdesk.inventory.models import StockLevel, StockMovement
from sellerdesk.inventory.selectors.assembled import parts_by_parent
from sellerdesk.metrics.rollups.day_of import local_date
from sellerdesk.metrics.rollups.models import SkuDay
from sellerdesk.metrics.rollups.refresh import refresh

from .. import domain
from ..models import (
    OPEN_STATUSES,
    PurchaseOrderLine,
    RestockDemand,
    RestockPolicy,
    SupplierItem,
)

YEAR = dt.timedelta(days=364)  # 52 weeks: last year's same weekday


def restock_policy() -> domain.Policy:
    stored = RestockPolicy.objects.first() or RestockPolicy()
    return domain.Policy(
        windows=(
            domain.Window(stored.short_days, stored.short_weight),
            domain.Window(stored.medium_days, stored.medium_weight),
            domain.Window(stored.long_days, stored.long_weight),
        ),
        service_level=float(stored.service_level),
        cover_days=stored.cover_days,
        seasonal=stored.seasonal,
    )


@dataclass(frozen=True, slots=True)
class RestockRow:
    sku: Sku
    supplier_item: SupplierItem | None
    lead_time_days: int
    on_hand: int
    reserved: int
    on_order: int
    plan: domain.Plan

    @property
    def available(self) -> int:
        return self.on_hand - self.reserved

    @property
    def to_order(self) -> bool:
        return self.plan.quantity > 0


def restock_list(
    *, today: dt.date | None = None, policy: domain.Policy | None = None
) -> list[RestockRow]:
    """Every active SKU's plan, what to reorder first (soonest out of stock), then the rest."""
    today = today or clock.seller_today()
    policy = policy or restock_policy()
    skus = list(
        Sku.objects.filter(is_active=True, assembly=Assembly.STOCKED).select_related("product")
    )
    ids = [sku.pk for sku in skus]
    # Kits and made-to-order pieces are not reordered: their sales are their parts' demand.
    parts = parts_by_parent(
        Sku.objects.filter(is_active=True)
        .exclude(assembly=Assembly.STOCKED)
        .values_list("pk", flat=True)
    )
    items = {
        item.sku_id: item
        for item in SupplierItem.objects.filter(sku_id__in=ids, is_preferred=True).select_related(
            "supplier"
        )
    }
    lead = {
        sku.pk: items[sku.pk].lead_time if sku.pk in items else sku.lead_time_days for sku in skus
    }
    stock, backdated = _stock(ids)
    on_order = _on_order(ids)
    demands = _demands(skus, lead, parts, policy, today, stock, backdated)
    rows = []
    for sku in skus:
        on_hand, reserved = stock.get(sku.pk, (0, 0))
        item = items.get(sku.pk)
        plan = domain.plan_from(
            demand=demands[sku.pk], policy=policy, lead_time_days=lead[sku.pk],
            available=on_hand - reserved, on_order=on_order.get(sku.pk, 0),
            minimum=item.minimum_order if item else 1, multiple=item.case_pack if item else 1,
        )  # fmt: skip
        rows.append(
            RestockRow(sku, item, lead[sku.pk], on_hand, reserved, on_order.get(sku.pk, 0), plan)
        )
    never = float("inf")
    rows.sort(
        key=lambda row: (
            not row.to_order,
            row.plan.cover if row.plan.cover is not None else never,
            row.sku.code,
        )
    )
    return rows


def _demands(
    skus: list[Sku],
    lead: dict[int, int],
    parts: dict[int, list[tuple[int, int]]],
    policy: domain.Policy,
    today: dt.date,
    stock: dict[int, tuple[int, int]],
    backdated: dict[int, int],
) -> dict[int, domain.Demand]:
    """Each SKU's demand: worked out once a day (the history ends yesterday), again when
    what it depends on changes: the settings, its lead time, the sets, the sales counted,
    a stock change dated before the day it was made (a delivery entered late)."""
    longest = max(window.days for window in policy.windows)
    refresh()
    counted = SkuDay.objects.filter(day__gte=today - YEAR - dt.timedelta(days=longest)).aggregate(
        units=Sum("units"), rows=Count("id")
    )
    basis = repr(
        (policy.windows, policy.seasonal, policy.cover_days, sorted(parts.items()), counted)
    )
    keys = {
        sku.pk: hashlib.sha256(
            f"{basis}|{lead[sku.pk]}|{backdated.get(sku.pk, 0)}".encode()
        ).hexdigest()[:40]
        for sku in skus
    }
    found = {}
    for row in RestockDemand.objects.filter(day=today, sku_id__in=list(keys)):
        if row.key == keys[row.sku_id]:
            season = domain.Season(row.season_factor, row.season_reason)
            found[row.sku_id] = domain.Demand(row.velocity, row.deviation, season)
    missing = [sku.pk for sku in skus if sku.pk not in found]
    if missing:
        worked = _work_out(missing, lead, parts, policy, today, stock)
        with transaction.atomic():
            RestockDemand.objects.filter(sku_id__in=missing).delete()
            RestockDemand.objects.filter(day__lt=today).delete()
            RestockDemand.objects.bulk_create(
                (
                    RestockDemand(
                        sku_id=pk,
                        day=today,
                        key=keys[pk],
                        velocity=demand.velocity,
                        deviation=demand.deviation,
                        season_factor=demand.season.factor,
                        season_reason=demand.season.reason[:200],
                    )
                    for pk, demand in worked.items()
                ),
                ignore_conflicts=True,  # another request worked them out at the same time
            )
        found |= worked
    return found


def _work_out(
    ids: list[int],
    lead: dict[int, int],
    parts: dict[int, list[tuple[int, int]]],
    policy: domain.Policy,
    today: dt.date,
    stock: dict[int, tuple[int, int]],
) -> dict[int, domain.Demand]:
    """Demand from three months of sales and of the ledger, and last year's season."""
    longest = max(window.days for window in policy.windows)
    horizon = max((lead[pk] for pk in ids), default=0) + policy.cover_days
    sold = _units_by_day(ids, today - dt.timedelta(days=longest), today, parts)
    year_ago = today - YEAR
    sold_before = _units_by_day(
        ids, year_ago - dt.timedelta(days=longest), year_ago + dt.timedelta(days=horizon), parts
    )
    free_at_end = _free_at_day_ends(ids, stock, today - dt.timedelta(days=longest + 1), today)
    found = {}
    for pk in ids:
        ahead = lead[pk] + policy.cover_days
        found[pk] = domain.demand_from(
            history=_history(sold[pk], free_at_end[pk], today, longest),
            last_year_base=_days(sold_before[pk], year_ago - dt.timedelta(days=longest), year_ago),
            last_year_ahead=_days(sold_before[pk], year_ago, year_ago + dt.timedelta(days=ahead)),
            policy=policy,
        )
    return found


def _stock(ids: list[int]) -> tuple[dict[int, tuple[int, int]], dict[int, int]]:
    """Each SKU's on hand and reserved where it is sold from, and its count of changes
    dated before the day they were made, at every location (a count that only grows)."""
    active = Q(location__is_active=True)
    rows = (
        StockLevel.objects.filter(sku_id__in=ids)
        .values("sku_id")
        .annotate(
            on_hand=Sum("on_hand", filter=active),
            reserved=Sum("reserved", filter=active),
            late=Sum("backdated"),
        )
        .values_list("sku_id", "on_hand", "reserved", "late")
    )
    stock, backdated = {}, {}
    for sku_id, on_hand, reserved, late in rows:
        stock[sku_id], backdated[sku_id] = (on_hand or 0, reserved or 0), late
    return stock, backdated


def _on_order(ids: list[int]) -> dict[int, int]:
    rows = (
        PurchaseOrderLine.objects.filter(sku_id__in=ids, order__status__in=OPEN_STATUSES)
        .values("sku_id")
        .annotate(due=Sum(F("quantity") - F("quantity_received")))
        .values_list("sku_id", "due")
    )
    return dict(rows)


def _units_by_day(
    ids: list[int], start: dt.date, end: dt.date, parts: dict[int, list[tuple[int, int]]]
) -> dict[int, dict[dt.date, int]]:
    """Units sold per SKU and seller's day in [start, end), each kit sold counted as its
    parts (the rollups refreshed first)."""
    rows = (
        SkuDay.objects.filter(sku_id__in=[*ids, *parts], day__gte=start, day__lt=end)
        .values("sku_id", "day")
        .annotate(units=Sum("units"))
        .values_list("sku_id", "day", "units")
    )
    found: dict[int, dict[dt.date, int]] = defaultdict(dict)
    for sku_id, day, units in rows:
        for part, per in parts.get(sku_id, [(sku_id, 1)]):
            found[part][day] = found[part].get(day, 0) + units * per
    return found


def _free_at_day_ends(
    ids: list[int], stock: dict[int, tuple[int, int]], start: dt.date, today: dt.date
) -> dict[int, dict[dt.date, int]]:
    """Each SKU's free units (on hand less reserved) at the end of each day from `start`
    to yesterday: today's level walked back through the ledger's daily changes."""
    zone = clock.seller_zone()
    since = clock.day_bounds(start, zone)[1]  # from the end of `start`
    now = clock.now()
    changes = (
        StockMovement.objects.filter(
            sku_id__in=ids, created_at__gte=since, location__is_active=True
        )
        .filter(~Q(on_hand_change=F("reserved_change")))
        .annotate(day=local_date("created_at", zone, since, now + dt.timedelta(days=1)))
        .values("sku_id", "day")
        .annotate(change=Sum(F("on_hand_change") - F("reserved_change")))
        .values_list("sku_id", "day", "change")
    )
    by_day: dict[int, dict[dt.date, int]] = defaultdict(dict)
    for sku_id, day, change in changes:
        by_day[sku_id][day] = change
    free: dict[int, dict[dt.date, int]] = defaultdict(dict)
    for sku_id in ids:
        on_hand, reserved = stock.get(sku_id, (0, 0))
        level = on_hand - reserved
        day = today
        while day > start:
            level -= by_day[sku_id].get(day, 0)  # undo the day's changes: the level before it
            day -= dt.timedelta(days=1)
            free[sku_id][day] = level
    return free


def _history(
    sold: dict[dt.date, int], free_at_end: dict[dt.date, int], today: dt.date, days: int
) -> list[domain.Day]:
    history = []
    for back in range(days, 0, -1):
        day = today - dt.timedelta(days=back)
        units = sold.get(day, 0)
        opening = free_at_end.get(day - dt.timedelta(days=1), 0)
        closing = free_at_end.get(day, 0)
        history.append(domain.Day(units, in_stock=units > 0 or opening > 0 or closing > 0))
    return history


def _days(sold: dict[dt.date, int], start: dt.date, end: dt.date) -> list[domain.Day]:
    """Sales of [start, end) as days in stock: a year back the stock is not replayed."""
    count = (end - start).days
    return [domain.Day(sold.get(start + dt.timedelta(days=n), 0)) for n in range(count)]
