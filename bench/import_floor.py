"""The floor under any import of an All Orders report: its rows written into sellerdesk's
order tables by the database's own shell, with no Python and no checks at all.

Into a freshly migrated database: the shell's loader puts the file into a plain table,
then `INSERT ... SELECT` writes one order per run of rows (its dates converted), one line
per row (its amounts converted) and one timeline entry per order, with the secondary
indexes dropped before and built after, foreign keys too on PostgreSQL. What the import
does beyond this (reading the file into the staging table from Python, checking every
cell, deciding statuses and SKUs, totals) costs more, never less.
"""

from __future__ import annotations

import sqlite3
import subprocess
import time
from pathlib import Path

_TABLES = ("orders_order", "orders_orderline", "orders_orderevent")
_ORDERS = (
    "INSERT INTO orders_order (id, channel_id, marketplace_id, external_id, status, "
    "fulfillment, purchased_at, last_updated_at, received_at, ship_service_level, is_prime, "
    "is_business, currency, total, item_count, prices_include_tax) "
    'SELECT f.line, 1, 1, s."amazon-order-id", s."order-status", s."fulfillment-channel", '
    '{time}(s."purchase-date"), {time}(s."last-updated-date"), {now}, '
    "coalesce(s.\"ship-service-level\", ''), FALSE, FALSE, coalesce(s.currency, 'USD'), 0, 1, "
    "FALSE FROM firsts f JOIN stage s ON s.{line} = f.line"
)
_LINES = (
    "INSERT INTO orders_orderline (order_id, sku_id, channel_sku, external_id, asin, title, "
    "quantity_ordered, quantity_shipped, quantity_cancelled, currency, item_price, item_tax, "
    "shipping_price, shipping_tax, promotion_discount, shipping_discount, is_gift, "
    "gift_message, personalisation) "
    "SELECT o.id, NULL, s.sku, 'sku:' || s.sku, coalesce(s.asin, ''), "
    "coalesce(s.\"product-name\", ''), CAST(s.quantity AS integer), 0, 0, "
    "coalesce(s.currency, 'USD'), {price}, {tax}, {ship}, {ship_tax}, 0, 0, FALSE, '', '' "
    "FROM stage s JOIN orders_order o ON o.channel_id = 1 "
    'AND o.external_id = s."amazon-order-id"'
)
_EVENTS = (
    "INSERT INTO orders_orderevent (order_id, at, kind, status_from, status_to, message, "
    "actor) SELECT id, {now}, 'received', '', status, 'Imported', 'bench' FROM orders_order"
)


_AMOUNTS = {
    "price": "item-price",
    "tax": "item-tax",
    "ship": "shipping-price",
    "ship_tax": "shipping-tax",
}


def _lines(amount: str) -> str:
    """The lines statement, each amount cell converted by `amount` (with {} for the cell)."""
    return _LINES.format(
        **{key: amount.format(f's."{column}"') for key, column in _AMOUNTS.items()}
    )


def sqlite_floor(path: Path, database: Path) -> float:
    """Seconds for the sqlite3 shell to write the report into a migrated database."""
    with sqlite3.connect(database) as connection:
        indexes = connection.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
            f"AND tbl_name IN {_TABLES}"
        ).fetchall()
    script = [
        "PRAGMA journal_mode = WAL;",
        "PRAGMA cache_size = -65536;",  # as the import has it
        ".mode tabs",
        f".import {path} stage",
        "BEGIN;",
        *(f'DROP INDEX "{name}";' for name, _ in indexes),
        "CREATE TEMP TABLE firsts (line INTEGER PRIMARY KEY);",
        'INSERT INTO firsts SELECT rowid FROM (SELECT rowid, "amazon-order-id" AS id, '
        'lag("amazon-order-id") OVER (ORDER BY rowid) AS previous FROM stage) '
        "WHERE previous IS NULL OR previous <> id;",
        _ORDERS.format(time="datetime", now="datetime('now')", line="rowid") + ";",
        _lines("CAST({} AS NUMERIC)") + ";",
        _EVENTS.format(now="datetime('now')") + ";",
        *(f"{sql};" for _, sql in indexes),
        "COMMIT;",
    ]
    return timed(["sqlite3", str(database)], "\n".join(script))


def postgres_floor(path: Path, url: str) -> float:
    """Seconds for psql to write the report into a migrated database."""
    with path.open(encoding="utf-8") as file:
        header = file.readline().rstrip("\n").split("\t")
    columns = ", ".join(f'"{name}"' for name in header)
    texts = ", ".join(f'"{name}" text' for name in header)
    keys_and_indexes = (
        "SELECT format('ALTER TABLE %s DROP CONSTRAINT %I', conrelid::regclass, conname), "
        "format('ALTER TABLE %s ADD CONSTRAINT %I %s', conrelid::regclass, conname, "
        "pg_get_constraintdef(oid)) FROM pg_constraint WHERE contype = 'f' "
        f"AND conrelid::regclass::text IN {_TABLES} UNION ALL "
        "SELECT format('DROP INDEX %I', indexname), indexdef FROM pg_indexes "
        f"WHERE tablename IN {_TABLES} AND indexname NOT LIKE '%pkey' "
        "AND indexdef NOT LIKE 'CREATE UNIQUE%'"
    )
    pairs = subprocess.run(
        ["psql", url, "-Atqc", keys_and_indexes, "-F", "\t"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.splitlines()
    drops = [pair.split("\t")[0] for pair in pairs]
    creates = [pair.split("\t")[1] for pair in pairs]
    script = [
        "SET maintenance_work_mem = '256MB';",  # as the import has it
        "BEGIN;",
        f"CREATE TEMP TABLE stage (line bigserial, {texts});",
        f"\\copy stage ({columns}) FROM '{path}' WITH (FORMAT csv, DELIMITER E'\\t', "
        "QUOTE E'\\x01', NULL '', HEADER true)",
        *(f"{drop};" for drop in drops),
        'CREATE TEMP TABLE firsts AS SELECT line FROM (SELECT line, "amazon-order-id" AS id, '
        'lag("amazon-order-id") OVER (ORDER BY line) AS previous FROM stage) x '
        "WHERE previous IS NULL OR previous <> id;",
        _ORDERS.format(time="timestamptz", now="now()", line="line") + ";",
        _lines("coalesce(nullif({}, '')::numeric, 0)") + ";",
        _EVENTS.format(now="now()") + ";",
        *(f"{create};" for create in creates),
        "COMMIT;",
    ]
    return timed(["psql", url, "-q", "-v", "ON_ERROR_STOP=1"], "\n".join(script))


def timed(command: list[str], script: str) -> float:
    start = time.perf_counter()
    subprocess.run(command, input=script, text=True, check=True, capture_output=True)
    return time.perf_counter() - start
