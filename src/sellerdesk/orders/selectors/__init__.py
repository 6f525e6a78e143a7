"""Reads of orders for the dashboard: the filtered list, one order in full, and the home feed.

Filters and sorts are shaped to walk one of Order's indexes in order and stop after a page,
so they cost about the same at a million orders as at a thousand. Searching and sorting by
total have no index to walk; docs/benchmarks.md has what they cost.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import reduce

from django.contrib.auth.models import AbstractBaseUser
from django.db import connection
from django.db.models import (
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce

from sellerdesk.catalog.models import Listing, Sku
from sellerdesk.channels.models import Marketplace, SalesChannel
from sellerdesk.core import clock
from sellerdesk.core.money import Money
from sellerdesk.core.paging import capped_count
from sellerdesk.inventory.models import Reservation
from sellerdesk.inventory.selectors import reservation_list, reservation_movements

from ..models import (
    LINE_REFERENCE_PREFIX,
    BuyerDetails,
    Order,
    OrderEvent,
    OrderEventKind,
    OrderFeedCursor,
    OrderLine,
    Shipment,
    ShipmentLine,
)
from .to_ship import StatedShipBy as StatedShipBy
from .to_ship import stated_ship_by_summary as stated_ship_by_summary
from .to_ship import to_ship_orders as to_ship_orders
from .to_ship import unstated_to_ship_orders as unstated_to_ship_orders

# Sort keys the list accepts, each with a unique tie-breaker so offset pages never overlap.
# Purchase date and status orderings match the (…, -purchased_at) indexes exactly; so
# descending status walks its index backwards and lists each status oldest first.
ORDER_SORTS: dict[str, tuple[str, ...]] = {
    "-purchased": ("-purchased_at", "-id"),
    "purchased": ("purchased_at", "id"),
    "-total": ("-total", "-id"),
    "total": ("total", "id"),
    "status": ("status", "-purchased_at", "-id"),
    "-status": ("-status", "purchased_at", "id"),
    "ship_by": ("latest_ship_at", "id"),
    "-ship_by": ("-latest_ship_at", "-id"),
}
DEFAULT_ORDER_SORT = "-purchased"

# Up to this many search matches are passed to the list query as ids (within SQLite's
# 32,766 bound parameters; PostgreSQL plans a list this long in milliseconds).
SEARCH_IDS_CAP = 10_000

NEW_ORDERS_WINDOW = dt.timedelta(hours=24)
# A new order is news: one bought long before the marker and recorded only now (last year's
# orders from an imported report) is history catching up, not a sale to be told of.
HISTORY_MARGIN = dt.timedelta(days=2)
"""What counts as new for a user who has never marked orders as seen."""


@dataclass(frozen=True, slots=True)
class OrderFilters:
    status: str = ""
    channel: str = ""
    marketplace: str = ""
    fulfillment: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    """Seller-local calendar dates, both inclusive."""
    q: str = ""
    sort: str = DEFAULT_ORDER_SORT


def order_list(filters: OrderFilters) -> QuerySet[Order]:
    """Orders matching the filters, sorted, with what a list row shows already joined."""
    orders = Order.objects.select_related("channel", "marketplace", "buyer").prefetch_related(
        Prefetch("lines", queryset=OrderLine.objects.select_related("sku"))
    )
    if filters.status:
        orders = orders.filter(status=filters.status)
    if filters.fulfillment:
        orders = orders.filter(fulfillment=filters.fulfillment)
    if filters.channel:
        orders = orders.filter(channel_id__in=_ids(SalesChannel, filters.channel))
    if filters.marketplace:
        orders = orders.filter(marketplace_id__in=_ids(Marketplace, filters.marketplace))
    zone = clock.seller_zone()
    if filters.date_from:
        orders = orders.filter(purchased_at__gte=clock.day_bounds(filters.date_from, zone)[0])
    if filters.date_to:
        orders = orders.filter(purchased_at__lt=clock.day_bounds(filters.date_to, zone)[1])
    if filters.q:
        orders = orders.filter(_search(filters.q))
    return orders.order_by(*ORDER_SORTS.get(filters.sort, ORDER_SORTS[DEFAULT_ORDER_SORT]))


def _ids(model: type[SalesChannel] | type[Marketplace], code: str) -> list[int]:
    # Resolved first (a tiny table) so the order query compares plain ids: PostgreSQL then
    # walks the (channel, -purchased_at) index in order instead of joining and sorting.
    return list(model.objects.filter(code=code).values_list("pk", flat=True))


def _order_id_prefix(q: str) -> Q:
    if connection.vendor == "postgresql":
        return Q(external_id__startswith=q)
    # SQLite cannot serve LIKE ... ESCAPE from an index, but it can serve a range; order ids
    # are digits and dashes, so the case-sensitivity of the range changes nothing.
    return Q(external_id__gte=q, external_id__lt=q + "\U0010ffff")


def _search(q: str) -> Q:
    """An order id (exact or its start), a SKU (its start, any case), or part of the buyer's name.

    Each part is looked up once here, without sorting, and the matching ids passed on
    (part of a name has no index and is scanned); walking the purchase-date index while
    testing every order against the search took seconds at a million orders.
    """
    # SKUs are matched in the small catalogue tables first, any case and by their start, so
    # the million-row lines table is then read only through its indexes.
    sku_ids = list(Sku.objects.filter(code__istartswith=q).values_list("pk", flat=True)[:50])
    channel_skus = {q} | set(
        Listing.objects.filter(channel_sku__istartswith=q).values_list("channel_sku", flat=True)[
            :50
        ]
    )
    sources = [
        Order.objects.filter(_order_id_prefix(q)).values_list("pk", flat=True),
        OrderLine.objects.filter(
            Q(channel_sku__in=channel_skus) | Q(sku_id__in=sku_ids)
        ).values_list("order_id", flat=True),
    ]
    # Order ids are digits and dashes, and a SKU code is nobody's name: skip the name scan.
    if not sku_ids and any(char.isalpha() for char in q):
        sources.append(
            BuyerDetails.objects.filter(name__icontains=q).values_list("order_id", flat=True)
        )
    found: set[int] = set()
    for source in sources:
        found.update(source.order_by()[: SEARCH_IDS_CAP + 1])
        if len(found) > SEARCH_IDS_CAP:
            # So many match that the list's own index walk meets a page of them quickly.
            return reduce(operator.or_, (Q(pk__in=source) for source in sources))
    return Q(pk__in=sorted(found))


@dataclass(frozen=True, slots=True)
class LineDetail:
    line: OrderLine
    reservations: list[Reservation]

    @property
    def tax(self) -> Money:
        return Money(self.line.item_tax + self.line.shipping_tax, self.line.currency)

    @property
    def discounts(self) -> Money:
        line = self.line
        return Money(line.promotion_discount + line.shipping_discount, line.currency)


@dataclass(frozen=True, slots=True)
class CurrencyTotals:
    """An order's money in one currency; an order's lines may in principle mix currencies."""

    currency: str
    items: Money
    tax: Money
    shipping: Money
    discounts: Money
    charged: Money


@dataclass(frozen=True, slots=True)
class OrderDetail:
    order: Order
    buyer: BuyerDetails | None
    lines: list[LineDetail]
    events: list[OrderEvent]
    totals: list[CurrencyTotals]
    shipments: list[Shipment]
    """Each package sent, with its lines, first sent first."""


def order_get(pk: int) -> OrderDetail | None:
    """One order with its lines, buyer, timeline and the stock held for its lines."""
    order = (
        Order.objects.select_related("channel", "marketplace", "buyer")
        .prefetch_related(
            Prefetch("lines", queryset=OrderLine.objects.select_related("sku")),
            "events",
            Prefetch(
                "shipments",
                queryset=Shipment.objects.prefetch_related(
                    Prefetch("lines", queryset=ShipmentLine.objects.select_related("order_line"))
                ),
            ),
        )
        .filter(pk=pk)
        .first()
    )
    if order is None:
        return None
    lines = list(order.lines.all())
    held: dict[str, list[Reservation]] = defaultdict(list)
    for reservation in reservation_list([line.reference for line in lines]):
        held[reservation.reference].append(reservation)
    return OrderDetail(
        order=order,
        buyer=getattr(order, "buyer", None),
        lines=[LineDetail(line, held[line.reference]) for line in lines],
        events=_timeline(order, lines),
        totals=_totals(lines),
        shipments=list(order.shipments.all()),
    )


def _timeline(order: Order, lines: list[OrderLine]) -> list[OrderEvent]:
    """The order's events, with the stock reserved for it from the ledger as steps too
    (shown, not stored: the ledger is the record of it)."""
    reserved = [
        OrderEvent(
            order=order,
            at=movement.created_at,
            kind=OrderEventKind.RESERVED,
            message=f"{movement.reserved_change} of {movement.sku.code} held at "
            f"{movement.location.name}",
            actor=movement.actor,
        )
        for movement in reservation_movements([line.reference for line in lines])
    ]
    return sorted([*order.events.all(), *reserved], key=lambda event: event.at)


def _totals(lines: list[OrderLine]) -> list[CurrencyTotals]:
    sums: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for line in lines:
        sums[line.currency]["items"] += line.item_price
        sums[line.currency]["tax"] += line.item_tax + line.shipping_tax
        sums[line.currency]["shipping"] += line.shipping_price
        sums[line.currency]["discounts"] += line.promotion_discount + line.shipping_discount
        sums[line.currency]["charged"] += line.charged.amount
    return [
        CurrencyTotals(currency, **{key: Money(amount, currency) for key, amount in parts.items()})
        for currency, parts in sorted(sums.items())
    ]


@dataclass(frozen=True, slots=True)
class NewOrders:
    since: dt.datetime
    until: dt.datetime
    has_marker: bool
    """False until the user first marks orders as seen: then `since` is a day before `until`."""
    count: int
    is_capped: bool
    latest: list[Order]

    @property
    def count_label(self) -> str:
        return f"{self.count:,}+" if self.is_capped else f"{self.count:,}"


def new_order_summary(*, user: AbstractBaseUser, now: dt.datetime, limit: int = 10) -> NewOrders:
    """Orders recorded after the user's seen marker (or in the last day) and up to `now`."""
    cursor = OrderFeedCursor.objects.filter(user_id=user.pk).first()
    since = cursor.seen_until if cursor else now - NEW_ORDERS_WINDOW
    # Bounded above by `now` so "Mark as seen" (which moves the marker to `now`) covers
    # exactly the orders the page showed, not one that arrived while it was open.
    new = Order.objects.filter(
        received_at__gt=since, received_at__lte=now, purchased_at__gte=since - HISTORY_MARGIN
    )
    count, is_capped = capped_count(new)
    latest = new.select_related("channel", "marketplace", "buyer").order_by("-received_at", "-id")
    return NewOrders(since, now, cursor is not None, count, is_capped, list(latest[:limit]))


def new_order_count(*, user: AbstractBaseUser, now: dt.datetime, cap: int) -> tuple[int, bool]:
    """Just the count of new orders, for a badge: one query, the marker read as a subquery."""
    seen = OrderFeedCursor.objects.filter(user_id=user.pk).values("seen_until")
    since = Coalesce(Subquery(seen[:1]), Value(now - NEW_ORDERS_WINDOW))
    recent = Order.objects.filter(
        received_at__gt=since, received_at__lte=now, purchased_at__gte=since - HISTORY_MARGIN
    )
    return capped_count(recent, cap)


def orders_by_line_reference(references: Iterable[str]) -> dict[str, Order]:
    """The order behind each `order-line:<id>` reference inventory wrote (others are skipped)."""
    line_ids = {
        int(ref.removeprefix(LINE_REFERENCE_PREFIX))
        for ref in references
        if ref.startswith(LINE_REFERENCE_PREFIX)
        and ref.removeprefix(LINE_REFERENCE_PREFIX).isdigit()
    }
    if not line_ids:
        return {}
    lines = OrderLine.objects.filter(pk__in=line_ids).select_related("order")
    return {line.reference: line.order for line in lines}
