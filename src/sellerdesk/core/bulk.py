"""Fast bulk inserts behind the ORM: COPY on PostgreSQL, executemany on SQLite.

Django's bulk_create spends about 95 us per row preparing fields; loading a million orders
needs the database's own bulk path. Values are converted here to exactly what the ORM
stores, so rows written this way read back through the ORM unchanged (a test checks it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from decimal import Decimal
from itertools import islice
from typing import Any

from django.db import connection, models
from django.db.models import Model
from django.utils.duration import duration_microseconds


def table_columns(model: type[Model], fields: Sequence[str]) -> tuple[str, list[str]]:
    """The table name and column names for a model's field names (`sku` -> `sku_id`)."""
    meta = model._meta
    columns = [str(meta.get_field(name).column) for name in fields]  # type: ignore[union-attr]
    return meta.db_table, columns


def _aware_utc(value: dt.datetime | None) -> dt.datetime | None:
    if value is not None and (value.tzinfo is None or value.utcoffset() is None):
        raise ValueError(f"naive datetime {value.isoformat()} in a bulk load")
    return value


def _sqlite_datetime(value: dt.datetime | None) -> str | None:
    # The ORM's own SQLite form: naive UTC, "YYYY-MM-DD HH:MM:SS[.ffffff]".
    aware = _aware_utc(value)
    if aware is None:
        return None
    if aware.tzinfo is not dt.UTC:
        aware = aware.astimezone(dt.UTC)
    return aware.replace(tzinfo=None).isoformat(" ")


def _sqlite_text(value: Decimal | dt.date | None) -> str | None:
    return None if value is None else str(value)


def _sqlite_bool(value: bool | None) -> int | None:
    return None if value is None else int(value)


def _sqlite_duration(value: dt.timedelta | None) -> int | None:
    # The ORM's own SQLite form: whole microseconds.
    return None if value is None else duration_microseconds(value)


Converter = Callable[[Any], Any]


def _converters(model: type[Model], fields: Sequence[str], vendor: str) -> dict[int, Converter]:
    """Per-column conversions, decided once per load rather than per value."""
    converters: dict[int, Converter] = {}
    for index, name in enumerate(fields):
        field = model._meta.get_field(name)
        if isinstance(field, models.DateTimeField):
            converters[index] = _sqlite_datetime if vendor == "sqlite" else _aware_utc
        elif vendor != "sqlite":
            continue
        elif isinstance(field, models.DecimalField | models.DateField):
            converters[index] = _sqlite_text
        elif isinstance(field, models.BooleanField):
            converters[index] = _sqlite_bool
        elif isinstance(field, models.DurationField):
            converters[index] = _sqlite_duration
    return converters


def _converted(rows: Iterable[Sequence[Any]], converters: dict[int, Converter]) -> Iterator[Any]:
    if not converters:
        yield from rows
        return
    for row in rows:
        values = list(row)
        for index, convert in converters.items():
            values[index] = convert(values[index])
        yield values


def insert_rows(model: type[Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Insert rows (tuples in `fields` order) into a model's table; returns the count.

    The caller provides primary keys when it needs to refer to the rows later, and
    should hold a transaction so a failure leaves nothing behind.
    """
    table, columns = table_columns(model, fields)
    quoted = ", ".join(connection.ops.quote_name(column) for column in columns)
    converted = _converted(rows, _converters(model, fields, connection.vendor))
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw = cursor.cursor  # psycopg 3 cursor under Django's wrapper
            sql = f"COPY {connection.ops.quote_name(table)} ({quoted}) FROM STDIN"
            with raw.copy(sql) as copy:
                for row in converted:
                    copy.write_row(row)
                    count += 1
        else:
            placeholders = ", ".join("?" for _ in columns)
            sql = f'INSERT INTO "{table}" ({quoted}) VALUES ({placeholders})'
            raw = cursor.cursor  # sqlite3 cursor: skips Django's per-row param conversion
            while batch := list(islice(converted, 5000)):
                raw.executemany(sql, batch)
                count += len(batch)
    return count


def next_ids(model: type[Model], count: int) -> range:
    """Reserve `count` primary keys above the current maximum for rows about to be bulk-inserted."""
    pk = model._meta.pk
    assert pk is not None
    table, (pk_column,) = table_columns(model, [pk.name])
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COALESCE(MAX({connection.ops.quote_name(pk_column)}), 0) "
            f"FROM {connection.ops.quote_name(table)}"
        )
        (top,) = cursor.fetchone()
    return range(top + 1, top + 1 + count)


def reset_sequences(*models: type[Model]) -> None:
    """After inserting explicit ids, move PostgreSQL's sequences past them (SQLite needs nothing)."""
    if connection.vendor != "postgresql":
        return
    from django.core.management.color import no_style

    statements = connection.ops.sequence_reset_sql(no_style(), list(models))
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def reserve_ids(model: type[Model], count: int) -> list[int]:
    """Primary keys for `count` rows about to be bulk-inserted, safe beside other writers.

    PostgreSQL hands them out from the table's own sequence. SQLite has one writer at a
    time: inside the caller's write transaction, the ids above the maximum are free.
    """
    if count <= 0:
        return []
    if connection.vendor != "postgresql":
        return list(next_ids(model, count))
    pk = model._meta.pk
    assert pk is not None
    table, (pk_column,) = table_columns(model, [pk.name])
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [table, pk_column, count],
        )
        return [row[0] for row in cursor.fetchall()]


@contextmanager
def deferred_indexes(*models: type[Model], keep: frozenset[str] = frozenset()) -> Iterator[None]:
    """Drop the models' secondary indexes (Meta.indexes) for a big load and build them after.

    Building an index from a full table is a sort; keeping it up to date row by row, with
    keys arriving in random order, is a cache miss per row, and the table outgrows the cache.
    Unique constraints stay: they are what makes a load idempotent. Use inside the load's
    transaction, so a failure restores the indexes with everything else. On PostgreSQL the
    dropped indexes lock the tables against readers until the transaction ends.
    """
    # The schema editor only writes the SQL here. Entering it is what SQLite forbids inside
    # a transaction with foreign keys on, so the one attribute __enter__ sets is set by hand.
    editor = connection.schema_editor()
    editor.deferred_sql = []
    indexes = [
        (model, index)
        for model in models
        for index in model._meta.indexes
        if index.name not in keep  # the load's own lookups still need these
    ]
    with connection.cursor() as cursor:
        for model, index in indexes:
            cursor.execute(str(index.remove_sql(model, editor)))
    yield
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # PostgreSQL builds no index on a table with foreign-key checks still pending
            # (Django defers them to the commit): run them now, then defer again.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            # Index builds sort in memory up to this, on disk beyond (the default is 64 MB).
            cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for model, index in indexes:
            cursor.execute(str(index.create_sql(model, editor)))


@contextmanager
def deferred_foreign_keys(*models: type[Model]) -> Iterator[None]:
    """Drop the foreign keys between the models for a big load on PostgreSQL, and add them
    back after.

    Each row inserted under a deferred foreign key queues a check that runs one lookup at
    the commit: two million of them for a million-line report's lines and timeline. Adding
    the key back checks every row in one join instead. Keys to other tables stay: dropping
    one locks the table it points to against readers (the catalogue, the marketplaces)
    until the load commits. Use inside the load's transaction (a failure restores the keys
    with everything else). SQLite checks a key with a lookup as each row goes in, and is
    left alone.
    """
    if connection.vendor != "postgresql":
        yield
        return
    tables = [model._meta.db_table for model in models]
    with connection.cursor() as cursor:
        # PostgreSQL alters no table with checks still pending: run them now.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE contype = 'f' AND conrelid = ANY(%s::regclass[]) "
            "AND confrelid = ANY(%s::regclass[]) ORDER BY conrelid, conname",
            [tables, tables],
        )
        keys = cursor.fetchall()
        for table, name, _ in keys:
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {connection.ops.quote_name(name)}")
    yield
    with connection.cursor() as cursor:
        for table, name, definition in keys:
            cursor.execute(
                f"ALTER TABLE {table} ADD CONSTRAINT {connection.ops.quote_name(name)} {definition}"
            )


@contextmanager
def large_cache(mebibytes: int = 64) -> Iterator[None]:
    """Give SQLite's page cache room for a big load (its default is 2 MiB); a no-op elsewhere."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        (before,) = cursor.fetchone()
        cursor.execute(f"PRAGMA cache_size = {-1024 * mebibytes}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(before)}")


def analyze(*models: type[Model]) -> None:
    """Refresh PostgreSQL's planner statistics after a big load, as autovacuum would later,
    so the next queries (another import's lookups, the order list) use their indexes.

    SQLite is left without statistics on purpose: the dashboard's queries are tuned for its
    planner as it is without them (orders.selectors._Rarely).
    """
    if connection.vendor != "postgresql":
        return
    tables = [connection.ops.quote_name(model._meta.db_table) for model in models]
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {', '.join(tables)}")
