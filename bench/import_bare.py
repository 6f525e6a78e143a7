"""The lightest order tables an import could write: a floor under any order model.

An order table with its primary key and the one unique key that makes a re-import find
its orders (channel, order id), a line table with its primary key alone: no secondary
index, no foreign key, no timeline, no totals, no checks. The report is split beforehand,
untimed, into one file of orders (ids given, one per order id) and one of lines (ids given
too, as an import that reserves its ids has them), in the tables' own column forms; the
database's own loader (sqlite3 `.import`, psql `\\copy`) then writes both, timed. That is
only the writing of the rows: whatever an order model keeps beyond this (the indexes the
order list sorts and filters by, the timeline, the keys to the catalogue), and whatever an
import does beyond this (reading and splitting the file, checking each cell, deciding
statuses, SKUs and totals, holding stock), costs more.
"""

from __future__ import annotations

from pathlib import Path

from bench.import_floor import timed

_ORDERS_TABLE = (
    "CREATE TABLE bare_order (id bigint PRIMARY KEY, channel_id integer NOT NULL, "
    "external_id text NOT NULL, status text NOT NULL, fulfillment text NOT NULL, "
    "purchased_at {time} NOT NULL, last_updated_at {time} NOT NULL, currency text NOT NULL, "
    "UNIQUE (channel_id, external_id));"
)
_LINES_TABLE = (
    "CREATE TABLE bare_line (id bigint PRIMARY KEY, order_id bigint NOT NULL, "
    "channel_sku text NOT NULL, asin text NOT NULL, title text NOT NULL, "
    "quantity_ordered integer NOT NULL, currency text NOT NULL, item_price {money} NOT NULL, "
    "item_tax {money} NOT NULL, shipping_price {money} NOT NULL, "
    "shipping_tax {money} NOT NULL);"
)
_AMOUNTS = ("item-price", "item-tax", "shipping-price", "shipping-tax")


def split(path: Path, directory: Path) -> tuple[Path, Path]:
    """The report as the two tables' rows, tab-separated (untimed: the floor is the writing)."""
    orders, lines = directory / "bare-orders.tsv", directory / "bare-lines.tsv"
    ids: dict[str, int] = {}
    with (
        path.open(encoding="utf-8") as report,
        orders.open("w", encoding="utf-8") as order_rows,
        lines.open("w", encoding="utf-8") as line_rows,
    ):
        at = {name: index for index, name in enumerate(report.readline().rstrip("\n").split("\t"))}
        for number, text in enumerate(report, start=1):
            cells = text.rstrip("\n").split("\t")
            order_id, currency = cells[at["amazon-order-id"]], cells[at["currency"]] or "USD"
            if order_id not in ids:
                ids[order_id] = len(ids) + 1
                order = (str(ids[order_id]), "1", order_id, cells[at["order-status"]],
                         cells[at["fulfillment-channel"]], cells[at["purchase-date"]],
                         cells[at["last-updated-date"]], currency)  # fmt: skip
                order_rows.write("\t".join(order) + "\n")
            line = (str(number), str(ids[order_id]), cells[at["sku"]], cells[at["asin"]],
                    cells[at["product-name"]], cells[at["quantity"]], currency,
                    *(cells[at[name]] or "0" for name in _AMOUNTS))  # fmt: skip
            line_rows.write("\t".join(line) + "\n")
    return orders, lines


def sqlite_bare(path: Path, database: Path) -> float:
    """Seconds for the sqlite3 shell to write the report's rows into the lightest tables,
    in a new database file."""
    orders, lines = split(path, database.parent)
    _remove(database)
    script = [
        "PRAGMA journal_mode = WAL;",
        "PRAGMA cache_size = -65536;",  # as the import has it
        _ORDERS_TABLE.format(time="datetime"),
        _LINES_TABLE.format(money="decimal"),
        ".mode tabs",
        "BEGIN;",
        f".import {orders} bare_order",
        f".import {lines} bare_line",
        "COMMIT;",
    ]
    try:
        return timed(["sqlite3", str(database)], "\n".join(script))
    finally:
        _remove(database)
        orders.unlink()
        lines.unlink()


def postgres_bare(path: Path, url: str, directory: Path) -> float:
    """Seconds for psql to write the report's rows into the lightest tables, in an empty
    database."""
    orders, lines = split(path, directory)
    copy = "WITH (FORMAT csv, DELIMITER E'\\t', QUOTE E'\\x01')"
    script = [
        _ORDERS_TABLE.format(time="timestamptz"),
        _LINES_TABLE.format(money="numeric(14, 4)"),
        "BEGIN;",
        f"\\copy bare_order FROM '{orders}' {copy}",
        f"\\copy bare_line FROM '{lines}' {copy}",
        "COMMIT;",
    ]
    try:
        return timed(["psql", url, "-q", "-v", "ON_ERROR_STOP=1"], "\n".join(script))
    finally:
        orders.unlink()
        lines.unlink()


def _remove(database: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
