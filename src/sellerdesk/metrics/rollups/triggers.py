"""The database triggers that mark a day stale whenever a row it counts changes.

Triggers, not signals: orders also arrive by bulk SQL (the staged report import), by
`QuerySet.update()` and by cascades, and every one of them must reach the rollups. A change
marks the UTC days of each order it touches: its purchase day (the order metrics and sales),
its promised delivery day (Valid Tracking Rate) and its delivery day (On-Time Delivery Rate).

They are set aside while migrations run (SQLite rebuilds a table to alter it and then checks
every trigger that names it; PostgreSQL will not change a column a trigger names) and put
back after every `migrate` (and flush), not by one migration. Finding one missing means
changes may have gone unmarked, so `install` says so and the rollups are counted afresh.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper

PREFIX = "sellerdesk_stale_"
ORDER_DAYS = ("purchased_at", "latest_delivery_at", "delivered_at")


@dataclass(frozen=True)
class Source:
    table: str
    orders: str
    """The orders a row touches: a WHERE condition on `o` (orders_order), `{row}` the row."""
    only: tuple[str, ...] = ()
    """Mark on updates of these columns only (and never on insert or delete)."""
    days: tuple[str, ...] = ORDER_DAYS


SOURCES = (
    # Every day: a line's SKU decides its package's category (Valid Tracking Rate).
    Source("orders_orderline", "o.id = {row}.order_id"),
    Source("orders_shipment", "o.id = {row}.order_id"),
    Source(
        "orders_shipmentline",
        "o.id = (SELECT s.order_id FROM orders_shipment s WHERE s.id = {row}.shipment_id)",
        days=("latest_delivery_at", "delivered_at"),
    ),
    Source("metrics_feedback", "o.id = {row}.order_id", days=("purchased_at",)),
    Source("metrics_claim", "o.id = {row}.order_id", days=("purchased_at",)),
    Source("metrics_chargeback", "o.id = {row}.order_id", days=("purchased_at",)),
    Source(
        "returns_returnline",
        "o.id = (SELECT l.order_id FROM orders_orderline l WHERE l.id = {row}.order_line_id)",
        days=("purchased_at",),
    ),
    Source(
        "returns_return",
        "o.id IN (SELECT l.order_id FROM returns_returnline r"
        " JOIN orders_orderline l ON l.id = r.order_line_id WHERE r.ret_id = {row}.id)",
        only=("rejected_at",),
        days=("purchased_at",),
    ),
    # A package's category is its first line's product's: the Valid Tracking Rate's parts.
    Source(
        "catalog_product",
        "o.id IN (SELECT l.order_id FROM orders_orderline l"
        " JOIN catalog_sku k ON k.id = l.sku_id WHERE k.product_id = {row}.id)",
        only=("category",),
        days=("latest_delivery_at",),
    ),
    Source(
        "catalog_sku",
        "o.id IN (SELECT l.order_id FROM orders_orderline l WHERE l.sku_id = {row}.id)",
        only=("product_id",),
        days=("latest_delivery_at",),
    ),
)
ORDERS = "orders_order"


def tables() -> set[str]:
    """Every table the triggers are on or write to."""
    return {ORDERS, "metrics_staleday", *(source.table for source in SOURCES)}


def drop(connection: BaseDatabaseWrapper) -> None:
    """Remove every trigger (the rollups' tables are going)."""
    with connection.cursor() as cursor:
        for name in installed(connection):
            _drop(cursor, connection.vendor, name)


@contextmanager
def suspended(connection: BaseDatabaseWrapper) -> Iterator[None]:
    """No marks while a whole shop is bulk-loaded into an empty database, to be counted in
    full after (inside the load's transaction: should it fail, the triggers come back with
    the rollback). A million orders load about twice as fast without them."""
    drop(connection)
    yield
    install(connection)


@contextmanager
def marked_in_bulk(connection: BaseDatabaseWrapper, orders: str) -> Iterator[None]:
    """Bulk inserts of new orders, marked as a whole: `orders` is SQL selecting their ids.

    On SQLite a trigger runs once per row, a third of a million-line import; the import holds
    the write lock throughout, so nothing else can write while the triggers are set aside, and
    a rollback brings them back. PostgreSQL's run once per statement already.
    """
    if connection.vendor != "sqlite":
        yield
        return
    with suspended(connection):
        yield
    days = " UNION ".join(
        f"SELECT date({column}) AS d FROM {ORDERS} WHERE id IN ({orders})" for column in ORDER_DAYS
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO metrics_staleday (day) SELECT DISTINCT d FROM ({days}) AS days"
            f" WHERE d IS NOT NULL AND NOT {_MARKED.format(day='d')}"
        )


def _drop(cursor: Any, vendor: str, name: str) -> None:
    if vendor == "postgresql":
        cursor.execute("SELECT tgrelid::regclass::text FROM pg_trigger WHERE tgname = %s", [name])
        for (table,) in cursor.fetchall():
            cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        cursor.execute(f"DROP FUNCTION IF EXISTS {name}()")
    else:
        cursor.execute(f"DROP TRIGGER IF EXISTS {name}")


_MARKED = "EXISTS (SELECT 1 FROM metrics_staleday marked WHERE marked.day = {day})"


def _utc_day(column: str) -> str:
    return f"(({column}) AT TIME ZONE 'UTC')::date"


def _mark(source: Source | None, row: str, rows: str = "") -> str:
    """PostgreSQL: one statement marking the days of the orders `row` (NEW or OLD) touches;
    with `rows` (a statement's transition table), those of every row in it, `row` naming
    each. Always a mark of its own: a refresh running alongside may be removing the one
    there is before this change commits."""
    each = f" FROM {rows} {row}" if rows else ""
    if source is None:  # a row of the orders table itself
        days = " UNION ".join(f"SELECT {_utc_day(f'{row}.{c}')} AS d{each}" for c in ORDER_DAYS)
    else:
        where = source.orders.format(row=row)
        joined = f"{rows} {row} JOIN {ORDERS} o ON {where}" if rows else f"{ORDERS} o"
        days = " UNION ".join(
            f"SELECT {_utc_day(f'o.{c}')} AS d FROM {joined}" + ("" if rows else f" WHERE {where}")
            for c in source.days
        )
    return (
        f"INSERT INTO metrics_staleday (day) SELECT DISTINCT d FROM ({days}) AS days"
        " WHERE d IS NOT NULL"
    )


def _mark_each_day(source: Source | None, row: str) -> list[str]:
    """SQLite, per row: one plain statement per day column, and none for a day marked
    already (one writer at a time: no refresh can be removing it). Cheaper per row than a
    UNION, which a bulk write pays a million times."""
    marks = []
    for column in source.days if source else ORDER_DAYS:
        value = f"{row}.{column}" if source is None else f"o.{column}"
        where = (
            f"{value} IS NOT NULL" if source is None
            else f"{source.orders.format(row=row)} AND {value} IS NOT NULL"
        )  # fmt: skip
        found = "" if source is None else f" FROM {ORDERS} o"
        marks.append(
            f"INSERT INTO metrics_staleday (day) SELECT date({value}){found} WHERE {where}"
            f" AND NOT {_MARKED.format(day=f'date({value})')}"
        )
    return marks


def _sqlite(table: str, source: Source | None) -> dict[str, list[str]]:
    only = source.only if source else ()
    events: dict[str, tuple[str, ...]] = {"update": ("OLD", "NEW")} if only else {
        "insert": ("NEW",), "update": ("OLD", "NEW"), "delete": ("OLD",),
    }  # fmt: skip
    created = {}
    for event, rows in events.items():
        name = f"{PREFIX}{table}_{event}"
        what = f"UPDATE OF {', '.join(only)}" if event == "update" and only else event.upper()
        # Only when the value changes: a save of every field must not mark a year of days.
        when = " WHEN " + " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in only) if only else ""
        body = " ".join(f"{mark};" for row in rows for mark in _mark_each_day(source, row))
        created[name] = [f"CREATE TRIGGER {name} AFTER {what} ON {table}{when} BEGIN {body} END"]
    return created


def _postgresql(table: str, source: Source | None) -> dict[str, list[str]]:
    """Per statement, with its rows as transition tables: a bulk insert (COPY, the report
    import) marks its days in one statement, not one per row. A column-limited trigger
    cannot see transition tables, so those few stay per row."""
    if source is not None and source.only:
        name = f"{PREFIX}{table}_update"
        old, new = _mark(source, "OLD"), _mark(source, "NEW")
        body = f"{old}; {new};"
        events = f"UPDATE OF {', '.join(source.only)}"
        changed = " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in source.only)
        trigger = (
            f"CREATE TRIGGER {name} AFTER {events} ON {table} FOR EACH ROW"
            f" WHEN ({changed}) EXECUTE FUNCTION {name}()"
        )
        return {name: [_function(name, body), trigger]}
    found = {}
    for event, tables in (
        ("insert", ("NEW",)), ("update", ("OLD", "NEW")), ("delete", ("OLD",)),
    ):  # fmt: skip
        name = f"{PREFIX}{table}_{event}"
        body = " ".join(f"{_mark(source, 'changed', f'{kind.lower()}_rows')};" for kind in tables)
        referencing = " ".join(f"{kind} TABLE AS {kind.lower()}_rows" for kind in tables)
        found[name] = [
            _function(name, body),
            f"CREATE TRIGGER {name} AFTER {event.upper()} ON {table} REFERENCING {referencing}"
            f" FOR EACH STATEMENT EXECUTE FUNCTION {name}()",
        ]
    return found


def _function(name: str, body: str) -> str:
    return (
        f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql"
        f" AS $$ BEGIN {body} RETURN NULL; END $$"
    )


def definitions(vendor: str) -> dict[str, list[str]]:
    """Each trigger's name and the statements that create it."""
    make = _postgresql if vendor == "postgresql" else _sqlite
    found: dict[str, list[str]] = {}
    found.update(make(ORDERS, None))
    for source in SOURCES:
        found.update(make(source.table, source))
    return found


def installed(connection: BaseDatabaseWrapper) -> dict[str, str]:
    """Each trigger there is, with what it runs (its SQL; on PostgreSQL its function's body)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT t.tgname, p.prosrc FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid"
                " WHERE t.tgname LIKE %s",
                [PREFIX + "%"],
            )
        else:
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s",
                [PREFIX + "%"],
            )
        return dict(cursor.fetchall())


def _runs(statements: list[str]) -> str:
    """What `installed` reads back of a trigger made by these statements."""
    first = statements[0]
    return first.split("$$")[1] if "$$" in first else first


def install(connection: BaseDatabaseWrapper) -> list[str]:
    """Create the triggers that are missing or out of date; return their names."""
    wanted = definitions(connection.vendor)
    there = installed(connection)
    changed = sorted(name for name in wanted if there.get(name) != _runs(wanted[name]))
    with connection.cursor() as cursor:
        for name in set(there) - set(wanted):  # an earlier version's
            _drop(cursor, connection.vendor, name)
        for name in changed:
            if name in there:
                _drop(cursor, connection.vendor, name)
            for statement in wanted[name]:
                cursor.execute(statement)
    return changed
