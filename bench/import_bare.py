"""The lightest order tables an import could write: a floor under any order model.

An order table with its primary key and the one unique key that makes a re-import find
its orders (channel, order id), a line table with its primary key alone: no secondary
index, no foreign key, no timeline, no totals, no checks, no Python. The database's own
shell loads the report into a plain table and writes one order per order id and one line
per row with two `INSERT ... SELECT`. Whatever an order model keeps beyond this (the
indexes the order list sorts and filters by, the timeline, the keys to the catalogue),
and whatever an import does beyond this (checking each cell, deciding statuses, SKUs and
totals, holding stock), costs more, never less.
"""

from __future__ import annotations

from pathlib import Path

from bench.import_floor import timed

_ORDERS_TABLE = (
    "CREATE TABLE bare_order (id {serial} PRIMARY KEY, channel_id integer NOT NULL, "
    "external_id text NOT NULL, status text NOT NULL, fulfillment text NOT NULL, "
    "purchased_at {time} NOT NULL, last_updated_at {time} NOT NULL, currency text NOT NULL, "
    "UNIQUE (channel_id, external_id));"
)
_LINES_TABLE = (
    "CREATE TABLE bare_line (id {serial} PRIMARY KEY, order_id bigint NOT NULL, "
    "channel_sku text NOT NULL, asin text NOT NULL, title text NOT NULL, "
    "quantity_ordered integer NOT NULL, currency text NOT NULL, item_price {money} NOT NULL, "
    "item_tax {money} NOT NULL, shipping_price {money} NOT NULL, "
    "shipping_tax {money} NOT NULL);"
)
_ORDERS = (
    "INSERT INTO bare_order (channel_id, external_id, status, fulfillment, purchased_at, "
    'last_updated_at, currency) SELECT 1, s."amazon-order-id", s."order-status", '
    's."fulfillment-channel", {time}(s."purchase-date"), {time}(s."last-updated-date"), '
    "coalesce(s.currency, 'USD') FROM stage s WHERE s.{line} IN "
    '(SELECT min({line}) FROM stage GROUP BY "amazon-order-id") ORDER BY s.{line};'
)
_LINES = (
    "INSERT INTO bare_line (order_id, channel_sku, asin, title, quantity_ordered, currency, "
    "item_price, item_tax, shipping_price, shipping_tax) SELECT o.id, s.sku, "
    "coalesce(s.asin, ''), coalesce(s.\"product-name\", ''), CAST(s.quantity AS integer), "
    "coalesce(s.currency, 'USD'), {price}, {tax}, {ship}, {ship_tax} FROM stage s "
    'JOIN bare_order o ON o.channel_id = 1 AND o.external_id = s."amazon-order-id";'
)
_AMOUNTS = {
    "price": "item-price",
    "tax": "item-tax",
    "ship": "shipping-price",
    "ship_tax": "shipping-tax",
}


def _statements(*, serial: str, time: str, money: str, amount: str, line: str) -> list[str]:
    amounts = {key: amount.format(f's."{column}"') for key, column in _AMOUNTS.items()}
    return [
        _ORDERS_TABLE.format(serial=serial, time=time),
        _LINES_TABLE.format(serial=serial, money=money),
        _ORDERS.format(time=time, line=line),
        _LINES.format(**amounts),
    ]


def sqlite_bare(path: Path, database: Path) -> float:
    """Seconds for the sqlite3 shell to write the report into the lightest tables, in a
    new database file."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    create_orders, create_lines, orders, lines = _statements(
        serial="integer", time="datetime", money="decimal",
        amount="CAST({} AS NUMERIC)", line="rowid",
    )  # fmt: skip
    script = [
        "PRAGMA journal_mode = WAL;",
        "PRAGMA cache_size = -65536;",  # as the import has it
        create_orders,
        create_lines,
        ".mode tabs",
        f".import {path} stage",
        "BEGIN;",
        orders,
        lines,
        "COMMIT;",
    ]
    try:
        return timed(["sqlite3", str(database)], "\n".join(script))
    finally:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{database}{suffix}").unlink(missing_ok=True)


def postgres_bare(path: Path, url: str) -> float:
    """Seconds for psql to write the report into the lightest tables, in an empty database."""
    with path.open(encoding="utf-8") as file:
        header = file.readline().rstrip("\n").split("\t")
    columns = ", ".join(f'"{name}"' for name in header)
    texts = ", ".join(f'"{name}" text' for name in header)
    create_orders, create_lines, orders, lines = _statements(
        serial="bigserial", time="timestamptz", money="numeric(14, 4)",
        amount="coalesce(nullif({}, '')::numeric, 0)", line="line",
    )  # fmt: skip
    script = [
        create_orders,
        create_lines,
        "BEGIN;",
        f"CREATE TEMP TABLE stage (line bigserial, {texts});",
        f"\\copy stage ({columns}) FROM '{path}' WITH (FORMAT csv, DELIMITER E'\\t', "
        "QUOTE E'\\x01', NULL '', HEADER true)",
        orders,
        lines,
        "COMMIT;",
    ]
    return timed(["psql", url, "-q", "-v", "ON_ERROR_STOP=1"], "\n".join(script))
