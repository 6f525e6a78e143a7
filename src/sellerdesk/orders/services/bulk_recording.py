"""Recording many orders at once (a report file): the rules of record_order at bulk speed.

Orders new to sellerdesk, nearly all of a first import, are written in chunks through
core.bulk (COPY on PostgreSQL, executemany on SQLite), with their lines, buyer, a timeline
entry and, for the few that hold or consume stock, the same stock sync as record_order.
Orders already recorded go through record_order one by one, unless the channel's data is
no newer than what is stored: then nothing can change and no query is spent on them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from contextlib import ExitStack
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import islice
from typing import Any

from django.db import transaction

from sellerdesk.channels.models import Marketplace, SalesChannel
from sellerdesk.core import bulk, clock
from sellerdesk.core.errors import DomainError
from sellerdesk.inventory import selectors as stock_reads
from sellerdesk.inventory.services import Actor

from .. import domain
from ..models import BuyerDetails, Order, OrderEvent, OrderEventKind, OrderLine
from .recording import ORDER_DATA_FIELDS, record_order
from .sku_mapping import SkuResolver
from .stock_sync import sync_stock

CHUNK = 2_000  # orders per round trip: memory stays flat whatever the file's size
DEFER_INDEXES_AT = CHUNK // 2  # new orders in one chunk that make rebuilding indexes worth it

ORDER_FIELDS = (
    "id",
    "channel",
    "marketplace",
    "external_id",
    "received_at",
    "prices_include_tax",
    "total",
    "item_count",
    *ORDER_DATA_FIELDS,
)
LINE_FIELDS = (
    "order",
    "sku",
    "channel_sku",
    "external_id",
    "asin",
    "title",
    "quantity_ordered",
    "quantity_shipped",
    "quantity_cancelled",
    "currency",
    *domain.LINE_MONEY_FIELDS,
    "is_gift",
    "gift_message",
    "personalisation",
)
BUYER_FIELDS = ("order", *domain.BuyerData.__slots__)
_TABLES = (Order, OrderLine, OrderEvent)
_LOOKUP_INDEXES = frozenset({"order_external_id_prefix"})  # _stored_versions reads by it
EVENT_FIELDS = ("order", "at", "kind", "status_from", "status_to", "message", "actor")


@dataclass
class BulkRecordSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    short_of_stock: list[str] = field(default_factory=list)
    """Order ids with lines that could not reserve stock."""


def record_orders(
    *,
    orders: Iterable[domain.OrderData],
    actor: Actor,
    note: str,
    always_merge: bool = False,
    large: bool = False,
    validated: bool = False,
) -> BulkRecordSummary:
    """Record a stream of orders in one transaction; `note` goes on each new order's timeline.

    `always_merge` sends data no newer than what is stored through record_order anyway,
    for sources such as Amazon's Unshipped report whose snapshot fills in what others lack.
    `large` (a stream of a hundred thousand orders or more) builds the order tables'
    secondary indexes once at the end instead of row by row, from the first chunk that
    brings many new orders: a stream of orders already recorded leaves them in place.
    `validated` says the caller has run domain.validate on every order (to name the file
    line of an error), so it is not run twice.
    """
    summary = BulkRecordSummary()
    writer = _Writer(actor=actor, note=note, now=clock.now())
    with transaction.atomic():
        with ExitStack() as stack:
            if large:
                stack.enter_context(bulk.large_cache())
                deferred = False

                def before_insert(count: int) -> None:
                    nonlocal deferred
                    if not deferred and count >= DEFER_INDEXES_AT:
                        stack.enter_context(bulk.deferred_indexes(*_TABLES, keep=_LOOKUP_INDEXES))
                        deferred = True

                writer.before_insert = before_insert
            iterator = iter(orders)
            while chunk := list(islice(iterator, CHUNK)):
                writer.record(chunk, summary, always_merge=always_merge, validated=validated)
        if large and summary.created:
            bulk.analyze(*_TABLES)  # once the indexes are built again
    return summary


class _Writer:
    def __init__(self, *, actor: Actor, note: str, now: dt.datetime) -> None:
        self.actor, self.note, self.now = actor, note[:500], now
        self.before_insert: Callable[[int], None] = lambda count: None
        self._channels: dict[str, SalesChannel] = {}
        self._resolvers: dict[int, SkuResolver] = {}
        self._marketplaces: dict[tuple[int, str], Marketplace] = {}

    def record(
        self,
        chunk: list[domain.OrderData],
        summary: BulkRecordSummary,
        *,
        always_merge: bool,
        validated: bool,
    ) -> None:
        for data in [] if validated else chunk:
            try:
                domain.validate(data)
            except domain.InvalidOrderData as error:
                raise DomainError(str(error)) from error
        stored = self._stored_versions(chunk)
        fresh: list[domain.OrderData] = []
        later: list[domain.OrderData] = []
        for data in chunk:
            key = (data.channel, data.external_id)
            if key not in stored:
                stored[key] = None  # a second run of the same order in the file merges
                fresh.append(data)
            elif (
                (version := stored[key]) is not None
                and not always_merge
                and (
                    data.last_updated_at < version
                    or (data.last_updated_at == version and _named_by_sku_only(data))
                )
            ):
                summary.unchanged += 1
            else:
                later.append(data)
        self.before_insert(len(fresh))
        summary.short_of_stock += self._insert(fresh)
        summary.created += len(fresh)
        for data in later:
            result = record_order(data=data, actor=self.actor)
            if result.changed:
                summary.updated += 1
            else:
                summary.unchanged += 1
            if result.short_lines:
                summary.short_of_stock.append(data.external_id)

    def _stored_versions(
        self, chunk: list[domain.OrderData]
    ) -> dict[tuple[str, str], dt.datetime | None]:
        # By order id alone, the channel sorted out here: with the channel in the query, a
        # planner without statistics (SQLite before ANALYZE, a fresh PostgreSQL table) may
        # walk the channel's date index over every order, once per chunk.
        channels = {self._channel(data.channel).pk: data.channel for data in chunk}
        ids = {data.external_id for data in chunk}
        rows = Order.objects.filter(external_id__in=ids).values_list(
            "channel_id", "external_id", "last_updated_at"
        )
        return {
            (channels[channel_id], external_id): version
            for channel_id, external_id, version in rows
            if channel_id in channels
        }

    def _channel(self, code: str) -> SalesChannel:
        if code not in self._channels:
            try:
                self._channels[code] = SalesChannel.objects.get(code=code)
            except SalesChannel.DoesNotExist:
                raise DomainError(
                    f"Unknown sales channel {code!r}; add it under Settings."
                ) from None
            self._resolvers[self._channels[code].pk] = SkuResolver(self._channels[code])
        return self._channels[code]

    def _marketplace(self, channel: SalesChannel, code: str | None) -> Marketplace | None:
        if code is None:
            return None
        key = (channel.pk, code)
        if key not in self._marketplaces:
            try:
                self._marketplaces[key] = Marketplace.objects.get(channel=channel, code=code)
            except Marketplace.DoesNotExist:
                raise DomainError(f"Unknown marketplace {code!r} for {channel.name}.") from None
        return self._marketplaces[key]

    def _insert(self, fresh: list[domain.OrderData]) -> list[str]:
        """Write new orders in bulk; returns the ids of those short of stock."""
        if not fresh:
            return []
        ids = bulk.reserve_ids(Order, len(fresh))
        orders, lines, buyers, events = [], [], [], []
        stock_candidates: dict[int, list[tuple[int, domain.OrderData]]] = {}
        for pk, data in zip(ids, fresh, strict=True):
            channel = self._channel(data.channel)
            marketplace = self._marketplace(channel, data.marketplace)
            market_id = marketplace.pk if marketplace else None
            include_tax = (
                data.prices_include_tax
                if data.prices_include_tax is not None
                else bool(marketplace and marketplace.prices_include_tax)
            )
            total = Decimal(0)
            for line in data.lines:
                sku_id = self._resolvers[channel.pk].sku_id(market_id, line.channel_sku)
                row = _line_row(pk, sku_id, data, line)
                lines.append(row)
                total += _charged(row, include_tax)
                if sku_id is not None and data.fulfillment == domain.SELLER:
                    stock_candidates.setdefault(sku_id, []).append((pk, data))
            orders.append(_order_row(pk, channel, market_id, data, self.now, include_tax, total))
            if data.buyer is not None:
                buyers.append((pk, *(getattr(data.buyer, name) for name in BUYER_FIELDS[1:])))
            events.append(
                (pk, self.now, OrderEventKind.RECEIVED, "", data.status, self.note, self.actor.name)
            )
        bulk.insert_rows(Order, ORDER_FIELDS, orders)
        bulk.insert_rows(OrderLine, LINE_FIELDS, lines)
        bulk.insert_rows(BuyerDetails, BUYER_FIELDS, buyers)
        bulk.insert_rows(OrderEvent, EVENT_FIELDS, events)
        return self._sync_stock(stock_candidates)

    def _sync_stock(self, candidates: dict[int, list[tuple[int, domain.OrderData]]]) -> list[str]:
        """Hold or consume stock for the new orders that need it: open ones, and shipments
        made since the SKU's stock was first counted. History needs nothing."""
        since = stock_reads.shelf_stock_since(list(candidates))
        needed = {
            pk
            for sku_id, entries in candidates.items()
            for pk, data in entries
            if domain.holds_stock(status=data.status, fulfillment=data.fulfillment)
            or not domain.shipment_predates_stock(
                changed_at=data.last_updated_at, stock_since=since.get(sku_id)
            )
        }
        return sync_new_orders(needed, self.actor, self.now)


def sync_new_orders(order_ids: Iterable[int], actor: Actor, now: dt.datetime) -> list[str]:
    """Hold or consume stock for orders just written in bulk; returns those short of stock."""
    short = []
    pending = iter(sorted(order_ids))
    while chunk := list(islice(pending, CHUNK)):
        for order in Order.objects.filter(pk__in=chunk).order_by("pk"):
            if sync_stock(order, actor, now):
                short.append(order.external_id)
    return short


def _named_by_sku_only(data: domain.OrderData) -> bool:
    """Data as old as what is stored can still bring the channel's line ids: it is skipped
    only when it has none to bring."""
    return all(domain.is_sku_line_id(line.external_id) for line in data.lines)


def _order_row(
    pk: int,
    channel: SalesChannel,
    market_id: int | None,
    data: domain.OrderData,
    now: dt.datetime,
    include_tax: bool,
    total: Decimal,
) -> tuple[Any, ...]:
    return (
        pk,
        channel.pk,
        market_id,
        data.external_id,
        now,
        include_tax,
        total,
        sum(line.quantity_ordered for line in data.lines),
        *(getattr(data, name) for name in ORDER_DATA_FIELDS),
    )


def _line_row(
    order_id: int, sku_id: int | None, data: domain.OrderData, line: domain.LineData
) -> tuple[Any, ...]:
    shipped, cancelled = domain.settled_quantities(
        status=data.status,
        ordered=line.quantity_ordered,
        shipped=line.quantity_shipped,
        cancelled=line.quantity_cancelled,
    )
    zero = Decimal(0)
    money = tuple(
        amount.amount if (amount := getattr(line, name)) is not None else zero
        for name in domain.LINE_MONEY_FIELDS
    )
    return (
        order_id,
        sku_id,
        line.channel_sku,
        line.external_id,
        line.asin,
        line.title,
        line.quantity_ordered,
        shipped,
        cancelled,
        data.currency,
        *money,
        line.is_gift,
        line.gift_message,
        line.personalisation,
    )


_MONEY_AT = LINE_FIELDS.index(domain.LINE_MONEY_FIELDS[0])


def _charged(row: tuple[Any, ...], include_tax: bool) -> Decimal:
    money = row[_MONEY_AT : _MONEY_AT + len(domain.LINE_MONEY_FIELDS)]
    return domain.charged_amount(
        **dict(zip(domain.LINE_MONEY_FIELDS, money, strict=True)),
        prices_include_tax=include_tax,
    )
