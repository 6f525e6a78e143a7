"""Write the demo shop to the database in one transaction: a failure leaves nothing behind.

The catalogue and locations go in first. The year of history is written in chunks through
`core.bulk` (COPY on PostgreSQL, executemany on SQLite) with explicit ids, so a million
orders load in minutes with bounded memory. Orders still waiting to ship are recorded last
through the real order service, so they hold real reservations.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from queue import Full, Queue

from django.db import connection, transaction
from django.db.models import Count, Sum

from sellerdesk.catalog.models import Listing, Product, Sku
from sellerdesk.channels.models import Marketplace, SalesChannel
from sellerdesk.channels.reference import seed_reference_data
from sellerdesk.core import bulk, clock
from sellerdesk.core.errors import DomainError
from sellerdesk.fulfillment.services import set_shop_profile
from sellerdesk.inventory.models import (
    Location,
    LocationKind,
    Reservation,
    StockLevel,
    StockMovement,
)
from sellerdesk.inventory.selectors import low_stock_sku_list
from sellerdesk.inventory.services import Actor
from sellerdesk.inventory.services.cost_replay import replay_costs
from sellerdesk.messaging.services.templates import add_standard_templates
from sellerdesk.metrics.rollups import triggers as rollup_triggers
from sellerdesk.metrics.rollups.refresh import rebuild as rebuild_rollups
from sellerdesk.orders.models import Order
from sellerdesk.orders.services import record_order
from sellerdesk.orders.services.costs import cost_lines_from_ledger

from .assemblies import add_sets_and_made_to_order
from .generator import DemoOrder, DemoShop
from .inbox import add_demo_messages
from .purchasing import add_suppliers
from .rows import ORDER_TABLES, Ids, OrderRows, open_order_data
from .stockbook import StockEvent

ACTOR = Actor(name="demo")
CHUNK = 10_000  # orders per bulk write: memory stays flat at any size
LOCATIONS = (
    ("STUDIO-A", "Studio shelf A", LocationKind.SHELF, "", 10),
    ("STUDIO-B", "Studio drawer B", LocationKind.SHELF, "", 20),
    ("FBA-NA", "FBA North America", LocationKind.FBA, "NA", 100),
    ("FBA-EU", "FBA Europe (UK)", LocationKind.FBA, "EU", 110),
)


class DatabaseNotEmpty(DomainError):
    """The demo loads only into an empty shop."""


@dataclass(frozen=True, slots=True)
class DemoSummary:
    skus: int
    orders: dict[tuple[str, str], int]  # (marketplace, status) -> orders
    open_orders: int
    short_lines: int
    movements: int
    low_stock: int
    seconds: float

    @property
    def total_orders(self) -> int:
        return sum(self.orders.values())


# Printed on the demo's packing slips and labels.
SHOP_PROFILE = {
    "shop_name": "Wren & Wire",
    "address_line1": "120 Foundry Street, Studio 4",
    "city": "Portland",
    "region": "OR",
    "postal_code": "97209",
    "country_code": "US",
    "email": "hello@wrenandwire.example",
    "slip_note": "Thank you for choosing handmade. Returns are free within 30 days.",
}


def database_has_data() -> bool:
    """Orders, SKUs or stock locations exist: the demo would collide with a real shop."""
    return Order.objects.exists() or Sku.objects.exists() or Location.objects.exists()


def load_demo(
    *,
    orders: int,
    seed: int,
    as_of: dt.datetime,
    on_progress: Callable[[int], None] | None = None,
    chunk_size: int = CHUNK,
) -> DemoSummary:
    """Load the demo shop: about 60 SKUs and `orders` orders over the year up to `as_of`, its
    suppliers, sets and made-to-order pieces."""
    started = time.perf_counter()
    shop = DemoShop(orders=orders, seed=seed, as_of=as_of)
    progress = on_progress or (lambda done: None)
    with (
        transaction.atomic(),
        _foreign_keys_checked_per_statement(),
        rollup_triggers.suspended(connection),  # all counted once, at the end
    ):
        if database_has_data():
            raise DatabaseNotEmpty(
                "This database already holds a shop (orders, SKUs or locations); the demo loads "
                "only into an empty one. Point DATABASE_URL at a new database to try it."
            )
        ids = _write_catalogue(shop)
        waiting: list[DemoOrder] = []
        chunks = _chunks(shop, ids, Ids.after_existing(), chunk_size)
        if connection.vendor == "postgresql":
            chunks = _ahead(chunks)
        for chunk in chunks:
            _flush(chunk.rows)
            waiting += chunk.waiting
            progress(chunk.done)
        bulk.reset_sequences(*ORDER_TABLES)
        _write_levels(shop, ids)
        replay_costs()
        cost_lines_from_ledger()
        short = 0
        for order in waiting:
            with clock.pinned(order.received_at):
                result = record_order(data=open_order_data(order), actor=ACTOR)
            short += len(result.short_lines)
        _retire_sold_pieces(shop)
        set_shop_profile(details=SHOP_PROFILE)
        add_standard_templates(actor=ACTOR)
        add_demo_messages(as_of)
    _analyze()
    # Counted now, while loading, rather than by the first page that reads them; after the
    # planner has its statistics, so the counting queries are planned for a million orders.
    rebuild_rollups()
    with transaction.atomic():
        add_suppliers(as_of=as_of, actor=ACTOR)
        add_sets_and_made_to_order(as_of=as_of, actor=ACTOR)
    return _summary(len(waiting), short, started)


@contextmanager
def _foreign_keys_checked_per_statement() -> Iterator[None]:
    """PostgreSQL: check foreign keys as each COPY ends, not all at COMMIT.

    Django declares them DEFERRABLE INITIALLY DEFERRED, so a million orders would queue
    some eight million checks in server memory until COMMIT; checked per statement, the
    load is about a fifth quicker. Parents are always written before their children.
    """
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    yield  # on an error the transaction rolls back, and the setting with it
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # Django's default again


def _analyze() -> None:
    """Fresh planner statistics, so the first pages over a million orders are quick."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


@dataclass(slots=True)
class _Chunk:
    rows: OrderRows
    waiting: list[DemoOrder]
    done: int  # orders generated so far


def _chunks(
    shop: DemoShop, refs: dict[str, dict[str, int]], ids: Ids, size: int
) -> Iterator[_Chunk]:
    """The year as table rows, `size` orders at a time; open orders are set aside.

    On PostgreSQL it runs in a thread of its own: it must not touch the database.
    """
    chunk, done = _Chunk(OrderRows(refs, ids), [], 0), 0
    for item in shop.items():
        if isinstance(item, StockEvent):
            chunk.rows.stock_event(item)
            continue
        done += 1
        if item.is_open:
            chunk.waiting.append(item)
        else:
            chunk.rows.order(item)
        if chunk.rows.pending >= size:
            chunk.done = done
            yield chunk
            chunk = _Chunk(OrderRows(refs, ids), [], done)
    chunk.done = done
    yield chunk


def _ahead(chunks: Iterator[_Chunk]) -> Iterator[_Chunk]:
    """Generate the next chunk in a thread while PostgreSQL digests this one.

    The generator is pure Python and touches no database; psycopg waits for the server
    without the GIL, so the two overlap: a million orders load about a fifth quicker. Not
    on SQLite: sqlite3 drops and retakes the GIL for every row, and the two threads then
    slow each other down (measured: 58 s alone, 69 s with the thread, for 300k orders).
    One chunk waits in memory at most.
    """
    queue: Queue[_Chunk | BaseException | None] = Queue(maxsize=1)
    stop = threading.Event()

    def offer(item: _Chunk | BaseException | None) -> bool:
        """Queue an item unless the writer has stopped listening."""
        while not stop.is_set():
            try:
                queue.put(item, timeout=0.2)
                return True
            except Full:
                continue
        return False

    def produce() -> None:
        try:
            for chunk in chunks:
                if not offer(chunk):
                    return
            offer(None)
        except BaseException as error:  # handed to the writer, which raises it
            offer(error)

    thread = threading.Thread(target=produce, name="demo-generator", daemon=True)
    thread.start()
    try:
        while (chunk := queue.get()) is not None:
            if isinstance(chunk, BaseException):
                raise chunk
            yield chunk
    finally:
        stop.set()
        thread.join()


def _flush(rows: OrderRows) -> None:
    for model, fields, table_rows in rows.tables():
        if table_rows:
            bulk.insert_rows(model, fields, table_rows)
    rows.clear()


def _write_catalogue(shop: DemoShop) -> dict[str, dict[str, int]]:
    """Channel, marketplaces, products, SKUs, listings and locations; returns ids by code."""
    seed_reference_data(SalesChannel, Marketplace)
    amazon = SalesChannel.objects.get(code="amazon")
    Marketplace.objects.filter(channel=amazon, code__in=["US", "UK"]).update(is_active=True)
    markets = dict(
        Marketplace.objects.filter(channel=amazon, code__in=["US", "UK"]).values_list("code", "pk")
    )
    opened = shop.start - dt.timedelta(days=30)
    product_ids: dict[str, int] = {}
    product_rows, sku_rows = [], []
    next_product = bulk.next_ids(Product, 0).start
    next_sku = bulk.next_ids(Sku, 0).start
    sku_ids: dict[str, int] = {}
    for sku in shop.skus:
        created = opened
        if sku.is_one_of_a_kind:
            created = shop.start + dt.timedelta(days=sku.listed_after_days)
        if sku.product not in product_ids:
            product_ids[sku.product] = next_product
            product_rows.append((next_product, sku.product, sku.category, "", created))
            next_product += 1
        sku_ids[sku.code] = next_sku
        sku_rows.append(
            (
                next_sku,
                product_ids[sku.product],
                sku.code,
                sku.title,
                shop.asins[sku.code],
                sku.unit_cost,
                "USD",
                sku.lead_time_days,
                shop.low_stock_threshold(sku),
                sku.safety_stock,
                sku.is_personalisable,
                sku.is_one_of_a_kind,
                True,
                created,
            )
        )
        next_sku += 1
    bulk.insert_rows(
        Product, ["id", "title", "category", "description", "created_at"], product_rows
    )
    sku_fields = [
        "id", "product", "code", "title", "asin", "unit_cost", "cost_currency", "lead_time_days",
        "low_stock_threshold", "safety_stock", "is_personalisable", "is_one_of_a_kind",
        "is_active", "created_at",
    ]  # fmt: skip
    bulk.insert_rows(Sku, sku_fields, sku_rows)
    bulk.reset_sequences(Product, Sku)
    listing_rows = []
    next_listing = bulk.next_ids(Listing, 0).start
    for sku in shop.skus:
        for code, price in (("US", sku.price_usd), ("UK", sku.price_gbp)):
            currency = "USD" if code == "US" else "GBP"
            names = [sku.code] + ([sku.old_code] if sku.old_code and code == "US" else [])
            for name in names:
                listing_rows.append(
                    (next_listing, sku_ids[sku.code], amazon.pk, markets[code], name,
                     shop.asins[sku.code], price, currency, False, True)
                )  # fmt: skip
                next_listing += 1
    listing_fields = [
        "id", "sku", "channel", "marketplace", "channel_sku", "external_id", "price", "currency",
        "fulfilled_by_channel", "is_active",
    ]  # fmt: skip
    bulk.insert_rows(Listing, listing_fields, listing_rows)
    first_location = bulk.next_ids(Location, 0).start
    location_rows = [
        (first_location + index, code, name, kind, region, pick, True)
        for index, (code, name, kind, region, pick) in enumerate(LOCATIONS)
    ]
    location_fields = ["id", "code", "name", "kind", "amazon_region", "pick_order", "is_active"]
    bulk.insert_rows(Location, location_fields, location_rows)
    # Explicit ids everywhere, sequences moved past them: the same seed gives the same ids.
    bulk.reset_sequences(Listing, Location)
    locations = {code: pk for pk, code, *_ in location_rows}
    return {
        "channel": {"amazon": amazon.pk},
        "market": markets,
        "sku": sku_ids,
        "location": locations,
    }


def _write_levels(shop: DemoShop, ids: dict[str, dict[str, int]]) -> None:
    """Cached levels from the simulation, checked against the ledger just written."""
    book = shop.book
    first = bulk.next_ids(StockLevel, 0).start
    keys = sorted(key for key in book.on_hand if key in book.changed_at)
    rows = [
        (first + index, ids["sku"][key[0]], ids["location"][key[1]], book.on_hand[key], 0,
         book.changed_at[key])
        for index, key in enumerate(keys)
    ]  # fmt: skip
    fields = ["id", "sku", "location", "on_hand", "reserved", "updated_at"]
    bulk.insert_rows(StockLevel, fields, rows)
    # The open orders' reservations come from the ORM: start their ids from the table too.
    bulk.reset_sequences(StockLevel, Reservation)
    ledger = {
        (row["sku_id"], row["location_id"]): row["total"]
        for row in StockMovement.objects.values("sku_id", "location_id").annotate(
            total=Sum("on_hand_change")
        )
    }
    levels = {(sku, location): on_hand for _, sku, location, on_hand, *_ in rows}
    if ledger != levels:
        raise RuntimeError("demo stock levels disagree with the ledger; nothing was loaded")


def _retire_sold_pieces(shop: DemoShop) -> None:
    """A one-of-a-kind piece that has sold is taken off sale."""
    sold = [
        sku.code
        for sku in shop.skus
        if sku.is_one_of_a_kind and not shop.book.can_take(sku.code, sku.shelf, 1)
    ]
    Sku.objects.filter(code__in=sold).update(is_active=False)
    Listing.objects.filter(sku__code__in=sold).update(is_active=False)


def _summary(open_orders: int, short: int, started: float) -> DemoSummary:
    counts = Counter(
        {
            (row["marketplace__code"] or "-", row["status"]): row["n"]
            for row in Order.objects.values("marketplace__code", "status").annotate(n=Count("id"))
        }
    )
    return DemoSummary(
        skus=Sku.objects.count(),
        orders=dict(sorted(counts.items())),
        open_orders=open_orders,
        short_lines=short,
        movements=StockMovement.objects.count(),
        low_stock=low_stock_sku_list().count(),
        seconds=time.perf_counter() - started,
    )
