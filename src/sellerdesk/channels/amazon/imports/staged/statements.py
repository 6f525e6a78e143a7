"""The SQL over one staged All Orders report: checks, the orders table, the writes."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from django.db import connection

from sellerdesk.channels.models import SalesChannel
from sellerdesk.core import bulk, clock
from sellerdesk.core.staging import Dialect, StagingTable
from sellerdesk.inventory import selectors as stock_reads
from sellerdesk.inventory.services import Actor
from sellerdesk.metrics.rollups import triggers as rollup_triggers
from sellerdesk.orders import domain
from sellerdesk.orders.models import Order, OrderEvent, OrderEventKind, OrderLine
from sellerdesk.orders.services import record_orders
from sellerdesk.orders.services.bulk_recording import BulkRecordSummary, sync_new_orders

from ...flatfile.orders import OrderRows, SkippedOrder
from ...flatfile.reader import Row
from .decisions import CannotStage, Case, LineDecisions, OrderDecisions, case
from .loading import ADDS, COLUMNS, MONEY, SUBTRACTS, TAXES, forms

_DEFER_INDEXES_AT = 1_000  # new orders that make building the indexes once worth it
_EXISTING_CHUNK = 2_000  # stored orders read back from the staging table at a time


WORK_TABLES = (
    "amazon_staged_orders",
    "amazon_staged_sums",
    "amazon_staged_skus",
    "amazon_staged_stock",
)


@dataclass
class StagedResult(BulkRecordSummary):
    skipped: Counter[str] = field(default_factory=Counter)
    """Orders not imported, by why (another marketplace, a multi-channel order)."""


class Statements:
    """The SQL over one staged report, and the decisions made once per distinct value."""

    def __init__(
        self, table: StagingTable, rows: OrderRows, *, actor: Actor, note: str, large: bool
    ) -> None:
        self.table, self.rows, self.actor, self.large = table, rows, actor, large
        self.note, self.now = note[:500], clock.now()
        self.dialect: Dialect = table.dialect
        channel = SalesChannel.objects.filter(code="amazon").first()
        if channel is None:
            raise CannotStage  # record_orders says how to add it
        self.channel = channel
        self.result = StagedResult()

    def cell(self, name: str, alias: str = "s") -> str:
        """A staged cell as the reader's Cells.text gives it: stripped, "" when absent."""
        return self.dialect.trimmed(f"{alias}.{name}") if name in self.table.texts else "''"

    def raw(self, name: str, alias: str = "s") -> str:
        """A staged cell as the file has it, for the forms checked on the raw text and the
        values decided in Python (which strips them as the reader does)."""
        return f"{alias}.{name}" if name in self.table.texts else "''"

    def amount(self, name: str, convert: Callable[[str], str]) -> str:
        """A staged amount cell converted, 0 when empty (or Amazon's one space) or absent."""
        if name not in self.table.texts:
            return "0"
        return f"CASE WHEN s.{name} IN ('', ' ') THEN 0 ELSE {convert('s.' + name)} END"

    def run(self, done: Callable[[float], None]) -> StagedResult:
        """Check, decide, write; `done` hears the share of the work done so far."""
        self._check_forms()
        done(0.1)
        orders, lines = self._decisions()
        self._stage_orders(orders)
        done(0.3)
        new = self._count("SELECT count(*) FROM amazon_staged_orders WHERE id IS NOT NULL")
        if new:
            self._write(orders, lines, new, done)
        done(0.95)
        self._record_stored()
        done(1)
        return self.result

    # -- reading what the file holds

    def _check_forms(self) -> None:
        """One scan over the staged rows for any cell not in the form the SQL converts.
        (As CHECK constraints of the staging table, the same tests made the load slower.)"""
        tests = " AND ".join(f"({test})" for test in forms(self.dialect, self.table.texts))
        bad = self._rows(
            f"SELECT line FROM {self.table.name} "
            f"WHERE NOT (CASE WHEN {tests} THEN 1 ELSE 0 END) = 1 LIMIT 1"
        )
        if bad:
            raise CannotStage

    def _decisions(self) -> tuple[OrderDecisions, LineDecisions]:
        raw = self.raw
        orders = OrderDecisions(self.rows, self.channel)
        for status, fulfilment, site, business in self._rows(
            f"SELECT DISTINCT {raw('status')}, {raw('fulfilment')}, {raw('site')}, "
            f"{raw('business')} FROM {self.table.name} s WHERE s.first = 1"
        ):
            orders.add(status, fulfilment, site, business)
        lines = LineDecisions(self.channel, orders)
        for item_status, currency, site, sku in self._rows(
            f"SELECT DISTINCT {raw('item_status')}, {raw('currency')}, {raw('site', 'o')}, "
            f"{raw('sku')} FROM {self.table.name} s "
            f"JOIN {self.table.name} o ON o.run = s.run AND o.first = 1"
        ):
            lines.add(item_status, currency, site, sku)
        return orders, lines

    # -- the orders of the file, one row each

    def _stage_orders(self, orders: OrderDecisions) -> None:
        dialect, cell, raw = self.dialect, self.cell, self.raw
        # New orders take ids in the file's order, as the reader gives them: stock is held
        # in id order when it is short. SQLite has one writer, so the ids above the top are
        # free; PostgreSQL draws them from the sequence as the runs come, sorted.
        new_id = (
            "nextval(pg_get_serial_sequence('orders_order', 'id'))"
            if dialect.vendor == "postgresql"
            else f"{self._top_order_id()} + q.run"
        )
        imported = case(raw("site"), dict.fromkeys(orders.imported_sites, 1), default="0")
        stamp = connection.data_types["DateTimeField"]
        with connection.cursor() as cursor:
            cursor.execute(
                "CREATE TEMPORARY TABLE amazon_staged_orders (run bigint PRIMARY KEY, "
                "id bigint, order_id text NOT NULL UNIQUE CHECK (order_id <> ''), "
                "site text NOT NULL, imported integer NOT NULL, stored integer NOT NULL, "
                "unchanged integer NOT NULL, status text, fulfilment text, "
                f"purchased {stamp}, updated {stamp}, level text NOT NULL, business text)"
            )
            # An order recorded before is unchanged when the file's news of it is no newer
            # than what is stored (its lines are named by SKU: see record_orders), and goes
            # through record_orders otherwise. The UNIQUE order id refuses an order whose
            # rows are apart, which the reader names. The times are converted here, once:
            # `updated` is the order's news, never before its purchase (as the reader has it).
            purchased = dialect.utc_time(raw("purchased"))
            news = dialect.greatest(dialect.utc_time(raw("updated")), purchased)
            cursor.execute(
                "INSERT INTO amazon_staged_orders SELECT q.run, "
                f"CASE WHEN q.imported = 1 AND q.stored = 0 THEN {new_id} END, q.order_id, "
                "q.site, q.imported, q.stored, q.unchanged, q.status, q.fulfilment, "
                "q.purchased, q.updated, q.level, q.business "
                f"FROM (SELECT s.run, {cell('order_id')} AS order_id, {raw('site')} AS site, "
                f"{imported.sql} AS imported, CASE WHEN x.id IS NULL THEN 0 ELSE 1 END AS stored, "
                f"CASE WHEN {news} <= x.last_updated_at THEN 1 ELSE 0 END AS unchanged, "
                f"{raw('status')} AS status, {raw('fulfilment')} AS fulfilment, "
                f"{purchased} AS purchased, {news} AS updated, "
                f"substr({cell('level')}, 1, 64) AS level, {raw('business')} AS business "
                f"FROM {self.table.name} s LEFT JOIN orders_order x "
                f"ON x.channel_id = %s AND x.external_id = {cell('order_id')} "
                "WHERE s.first = 1 ORDER BY s.run) q",
                [*imported.params, self.channel.pk],
            )
        for site, orders_of_site in self._rows(
            "SELECT site, count(*) FROM amazon_staged_orders WHERE imported = 0 GROUP BY site"
        ):
            self.result.skipped[orders.skip_reasons[site]] += orders_of_site

    def _top_order_id(self) -> int:
        return self._count("SELECT coalesce(max(id), 0) FROM orders_order")

    # -- the new orders, written in a few statements

    def _write(
        self,
        orders: OrderDecisions,
        lines: LineDecisions,
        new: int,
        done: Callable[[float], None],
    ) -> None:
        new_ids = "SELECT id FROM amazon_staged_orders WHERE id IS NOT NULL"
        if self.large and new >= _DEFER_INDEXES_AT:
            tables = (Order, OrderLine, OrderEvent)
            with (
                rollup_triggers.marked_in_bulk(connection, new_ids),
                bulk.deferred_foreign_keys(*tables),
                bulk.deferred_indexes(*tables, keep=frozenset({"order_external_id_prefix"})),
            ):
                self._insert(orders, lines, done)
            bulk.analyze(Order, OrderLine, OrderEvent)
        else:
            with rollup_triggers.marked_in_bulk(connection, new_ids):
                self._insert(orders, lines, done)
        done(0.9)
        self.result.created += new
        self.result.short_of_stock += self._sync_stock(lines)

    def _insert(
        self, orders: OrderDecisions, lines: LineDecisions, done: Callable[[float], None]
    ) -> None:
        dialect, cell, raw, table = self.dialect, self.cell, self.raw, self.table.name
        now = connection.ops.adapt_datetimefield_value(self.now)
        market = case("o.site", orders.marketplace_ids)
        with_tax = case("o.site", orders.include_tax)
        default_currency = case("o.site", orders.currencies)
        currency = Case(f"coalesce(t.currency, {default_currency.sql})", default_currency.params)
        line_currency = case(raw("currency"), lines.currencies)
        status = case("o.status", orders.statuses)
        fulfilment = case("o.fulfilment", orders.fulfilments)
        business = case("o.business", orders.business, default="FALSE")

        def cents(names: Sequence[str]) -> str:
            return " + ".join(self.amount(name, dialect.cents) for name in names)

        discounts = " + ".join(f"abs({self.amount(name, dialect.cents)})" for name in SUBTRACTS)
        with connection.cursor() as cursor:
            cursor.execute(
                "CREATE TEMPORARY TABLE amazon_staged_sums (run bigint PRIMARY KEY, "
                "currency text, other_currency text, items bigint NOT NULL, "
                "with_tax integer NOT NULL, charged bigint NOT NULL)" + dialect.clustered
            )
            cursor.execute(
                "INSERT INTO amazon_staged_sums SELECT s.run, "
                f"min({line_currency.sql}) AS currency, "
                f"max({line_currency.sql}) AS other_currency, "
                f"sum(CAST({raw('quantity')} AS integer)) AS items, "
                f"{with_tax.sql} AS with_tax, "
                # What the buyer paid (domain.charged_amount): taxes inside the prices
                # where prices include them, added to them elsewhere.
                f"sum({cents(ADDS)} - ({discounts})) + CASE WHEN {with_tax.sql} = 1 "
                f"THEN 0 ELSE sum({cents(TAXES)}) END AS charged "
                f"FROM {table} s JOIN amazon_staged_orders o ON o.run = s.run "
                "WHERE o.id IS NOT NULL GROUP BY s.run, o.site",
                [
                    *line_currency.params,
                    *line_currency.params,
                    *with_tax.params,
                    *with_tax.params,
                ],
            )
            done(0.4)
            # The reader takes an order's currency from its first line that has one.
            mixed = self._rows(
                "SELECT 1 FROM amazon_staged_sums WHERE currency <> other_currency LIMIT 1"
            )
            if mixed:
                raise CannotStage
            cursor.execute(
                "INSERT INTO orders_order (id, channel_id, marketplace_id, external_id, "
                "received_at, prices_include_tax, total, item_count, status, fulfillment, "
                "purchased_at, last_updated_at, ship_service_level, is_prime, is_business, "
                "currency) "
                f"SELECT o.id, %s, {market.sql}, o.order_id, %s, t.with_tax = 1, "
                f"{dialect.from_cents('t.charged')}, t.items, {status.sql}, {fulfilment.sql}, "
                f"o.purchased, o.updated, o.level, FALSE, {business.sql}, {currency.sql} "
                "FROM amazon_staged_orders o JOIN amazon_staged_sums t ON t.run = o.run",
                [
                    self.channel.pk,
                    *market.params,
                    now,
                    *status.params,
                    *fulfilment.params,
                    *business.params,
                    *currency.params,
                ],
            )
            done(0.5)
            quantity = f"CAST({raw('quantity')} AS integer)"
            shipped, cancelled = lines.settled(
                "o.status", raw("item_status"), quantity, orders.statuses
            )
            sku_id = (
                "(SELECT k.sku_id FROM amazon_staged_skus k "
                f"WHERE k.site = o.site AND k.sku = {raw('sku')})"
            )
            lines.stage_skus()
            money = [self.amount(name, dialect.amount) for name in MONEY]
            cursor.execute(
                "INSERT INTO orders_orderline (order_id, sku_id, channel_sku, external_id, "
                "asin, title, quantity_ordered, quantity_shipped, quantity_cancelled, "
                "currency, item_price, item_tax, shipping_price, shipping_tax, "
                "promotion_discount, shipping_discount, is_gift, gift_message, "
                "personalisation) "
                f"SELECT o.id, {sku_id}, {cell('sku')}, %s || {cell('sku')}, "
                f"substr({cell('asin')}, 1, 10), substr({cell('title')}, 1, 500), "
                f"{quantity}, {shipped.sql}, {cancelled.sql}, "
                f"{currency.sql}, {money[0]}, {money[1]}, {money[2]}, {money[3]}, "
                f"abs({money[4]}), abs({money[5]}), FALSE, '', '' "
                f"FROM {table} s JOIN amazon_staged_orders o ON o.run = s.run "
                "JOIN amazon_staged_sums t ON t.run = s.run ORDER BY s.run, s.line",
                [
                    domain.SKU_LINE_PREFIX,
                    *shipped.params,
                    *cancelled.params,
                    *currency.params,
                ],
            )
            done(0.65)
            cursor.execute(
                "INSERT INTO orders_orderevent (order_id, at, kind, status_from, status_to, "
                f"message, actor) SELECT o.id, %s, %s, '', {status.sql}, %s, %s "
                "FROM amazon_staged_orders o WHERE o.id IS NOT NULL",
                [now, OrderEventKind.RECEIVED, *status.params, self.note, self.actor.name],
            )

    def _sync_stock(self, lines: LineDecisions) -> list[str]:
        """Hold or consume stock as record_orders does for new orders: the open ones, and
        shipments made since the SKU's shelf stock was first counted."""
        known = {sku_id for sku_id in lines.skus.values() if sku_id is not None}
        if not known:
            return []  # no line names a SKU sellerdesk has: nothing to hold
        since = stock_reads.shelf_stock_since(sorted(known))
        stamp = connection.data_types["DateTimeField"]
        with connection.cursor() as cursor:
            cursor.execute(
                "CREATE TEMPORARY TABLE amazon_staged_stock "
                f"(sku_id bigint PRIMARY KEY, since {stamp})"
            )
            cursor.executemany(
                "INSERT INTO amazon_staged_stock VALUES (%s, %s)",
                [
                    (sku_id, connection.ops.adapt_datetimefield_value(since.get(sku_id)))
                    for sku_id in sorted(known)
                ],
            )
        holding = sorted(domain.HOLDS_STOCK)
        needed = self._rows(
            "SELECT DISTINCT x.id FROM amazon_staged_orders o "
            "JOIN orders_order x ON x.id = o.id "
            "JOIN orders_orderline l ON l.order_id = x.id "
            "JOIN amazon_staged_stock k ON k.sku_id = l.sku_id "
            f"WHERE x.fulfillment = %s AND (x.status IN ({', '.join('%s' for _ in holding)}) "
            "OR x.last_updated_at >= k.since)",
            [domain.SELLER, *holding],
        )
        return sync_new_orders((order_id for (order_id,) in needed), self.actor, self.now)

    # -- the orders already recorded, through the reader's mapping

    def _record_stored(self) -> None:
        runs = [
            run
            for (run,) in self._rows(
                "SELECT run FROM amazon_staged_orders "
                "WHERE stored = 1 AND imported = 1 AND unchanged = 0 ORDER BY run"
            )
        ]
        self.result.unchanged += self._count(
            "SELECT count(*) FROM amazon_staged_orders "
            "WHERE stored = 1 AND imported = 1 AND unchanged = 1"
        )
        if not runs:
            return
        summary = record_orders(
            orders=self._stored_orders(runs),
            actor=self.actor,
            note=self.note,
            validated=True,
        )
        self.result.updated += summary.updated
        self.result.unchanged += summary.unchanged
        self.result.created += summary.created
        self.result.short_of_stock += summary.short_of_stock

    def _stored_orders(self, runs: list[int]) -> Iterator[domain.OrderData]:
        names = [COLUMNS[name] for name in self.table.texts]
        columns = {name: index for index, name in enumerate(names)}
        select = ", ".join(f"s.{name}" for name in self.table.texts)
        pending = iter(runs)
        while chunk := list(islice(pending, _EXISTING_CHUNK)):
            staged = self._rows(
                f"SELECT s.line, {select} FROM {self.table.name} s "
                f"WHERE s.run IN ({', '.join('%s' for _ in chunk)}) ORDER BY s.run, s.line",
                chunk,
            )
            for item in self.rows.orders_of(
                Row(line, list(values), columns) for line, *values in staged
            ):
                if not isinstance(item, SkippedOrder):
                    yield item.data

    # -- helpers

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with connection.cursor() as cursor:
            cursor.execute(sql, list(params))
            return list(cursor.fetchall())

    def _count(self, sql: str) -> int:
        ((value,),) = self._rows(sql)
        return int(value)
