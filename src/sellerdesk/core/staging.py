"""Staging tables: rows of text loaded at the database's own bulk speed, then worked on in SQL.

A million-line report cannot be read value by value in Python fast enough (about 45 us a
line to parse and check, where the sqlite3 shell loads a line in 4 us). Its cells go as
text into a temporary table instead (executemany on SQLite, COPY on PostgreSQL), and
statements over the whole table check and convert them. The two databases write the same
checks and conversions differently; `Dialect` says each one once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import DataError, connection

# What Python's str.strip() removes and SQL's trim() keeps by default: cells are compared
# as the file reader would see them, stripped of every kind of white space.
WHITE_SPACE = (
    " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
_SQLITE_TIME = "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9][+-][0-9][0-9]:[0-9][0-9]"
_POSTGRES_TIME = "^[1-8][0-9]{3}-[0-9]{2}-[0-9]{2}T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9][+-]([01][0-9]|2[0-3]):[0-5][0-9]$"
_DIGIT = "[0-9]"
# COPY's quote and NULL marks, bytes no report holds: every cell arrives as the text it is.
_COPY_OPTIONS = "FORMAT csv, DELIMITER E'\\t', QUOTE E'\\x01', NULL E'\\x02'"


class StagingTable:
    """A temporary table of integer key columns and text columns, dropped when done."""

    def __init__(self, name: str, *, keys: Sequence[str], texts: Sequence[str]) -> None:
        self.name, self.keys, self.texts = name, tuple(keys), tuple(texts)
        self.dialect = Dialect.current()
        columns = [f"{key} bigint NOT NULL" for key in self.keys]
        columns += [f"{text} text NOT NULL" for text in self.texts]
        primary = ", ".join(self.keys)
        drop_temporary(name)
        with connection.cursor() as cursor:
            cursor.execute(
                f"CREATE TEMPORARY TABLE {name} ({', '.join(columns)}, PRIMARY KEY ({primary}))"
                + self.dialect.clustered
            )

    def load(self, rows: Iterable[Sequence[Any]]) -> None:
        """Append rows (keys, then texts, in the table's column order)."""
        columns = (*self.keys, *self.texts)
        # The driver's own cursor (no per-row work in Django), its errors raised as Django's.
        with connection.cursor() as cursor, connection.wrap_database_errors:
            raw = cursor.cursor
            if connection.vendor == "postgresql":
                text = "".join(map(_copy_line, rows))
                if "\x01" in text or "\x02" in text:
                    # COPY's own quote and NULL marks: cells holding them cannot go this way.
                    raise DataError("a cell holds \\x01 or \\x02, which COPY reads as marks")
                with raw.copy(
                    f"COPY {self.name} ({', '.join(columns)}) FROM STDIN ({_COPY_OPTIONS})"
                ) as copy:
                    copy.write(text)
            else:
                marks = ", ".join("?" for _ in columns)
                raw.executemany(f"INSERT INTO {self.name} VALUES ({marks})", rows)

    def analyze(self) -> None:
        """Give PostgreSQL's planner the loaded table's statistics (a temporary table gets
        none from autovacuum), so the statements over it join as they should."""
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"ANALYZE {self.name}")

    def drop(self) -> None:
        drop_temporary(self.name)


def drop_temporary(*names: str) -> None:
    """Drop temporary tables, if there: never a permanent table of the same name."""
    dialect = Dialect.current()
    with connection.cursor() as cursor:
        for name in names:
            cursor.execute(f"DROP TABLE IF EXISTS {dialect.temporary(name)}")


def _copy_line(row: Sequence[Any]) -> str:
    return "\t".join(map(str, row)) + "\n"


class Dialect:
    """The SQL that differs between SQLite and PostgreSQL, for checks and conversions."""

    vendor = ""
    clustered = ""
    """Table option keeping a staging table in its primary key's order."""

    temporary_schema = ""

    def temporary(self, name: str) -> str:
        """A temporary table's name, qualified so it never names a permanent one."""
        return f"{self.temporary_schema}.{name}"

    @staticmethod
    def current() -> Dialect:
        return _Postgres() if connection.vendor == "postgresql" else _Sqlite()

    def trimmed(self, column: str) -> str:
        """The cell as the reader sees it: without white space either side."""
        raise NotImplementedError

    def is_time(self, text: str) -> str:
        """`text` is an ISO 8601 time with an offset, "2025-07-10T14:03:00+00:00", that
        Python's datetime.fromisoformat reads too (a real day, hours below 24)."""
        raise NotImplementedError

    def is_amount(self, text: str) -> str:
        """`text` is a plain decimal: an optional minus, at most 10 digits, then at most 4
        decimals after a point."""
        raise NotImplementedError

    def is_count(self, text: str) -> str:
        """`text` is a whole number of at most 9 digits."""
        raise NotImplementedError

    def utc_time(self, text: str) -> str:
        """An ISO 8601 time with an offset as the ORM stores an aware datetime."""
        raise NotImplementedError

    def amount(self, text: str) -> str:
        """A plain decimal ("-12.50") as the ORM stores a Decimal."""
        raise NotImplementedError

    def cents(self, text: str) -> str:
        """A plain decimal as an exact integer of ten-thousandths, for sums."""
        raise NotImplementedError

    def from_cents(self, value: str) -> str:
        raise NotImplementedError

    def greatest(self, first: str, second: str) -> str:
        raise NotImplementedError


class _Sqlite(Dialect):
    vendor = "sqlite"
    temporary_schema = "temp"
    clustered = " WITHOUT ROWID"

    def trimmed(self, column: str) -> str:
        return f"trim({column}, {_literal(WHITE_SPACE)})"

    def is_time(self, text: str) -> str:
        return (
            f"({text} GLOB {_literal(_SQLITE_TIME)}"
            # Years far from now, where an offset can take Python's datetime out of range,
            # are left to the reader.
            f" AND substr({text}, 1, 4) BETWEEN '1000' AND '8999'"
            # A modifier makes SQLite roll 30 February into March, so it differs.
            f" AND date(substr({text}, 1, 10), '+0 days') = substr({text}, 1, 10)"
            f" AND substr({text}, 12, 2) < '24' AND substr({text}, 15, 2) < '60'"
            f" AND substr({text}, 18, 2) < '60' AND substr({text}, 21, 2) < '24'"
            f" AND substr({text}, 24, 2) < '60')"
        )

    def is_amount(self, text: str) -> str:
        # GLOB tests only, each one pass over a short text: a digit or a minus and a digit
        # first, then digits and one point not last, no run of 11 digits (those are before
        # the point), no fifth decimal.
        return (
            f"(({text} GLOB '[0-9]*' OR {text} GLOB '-[0-9]*')"
            f" AND {text} NOT GLOB '?*[^0-9.]*' AND {text} NOT GLOB '*.*.*'"
            f" AND {text} NOT GLOB '*.' AND {text} NOT GLOB {_literal('*.' + _DIGIT * 5 + '*')}"
            f" AND {text} NOT GLOB {_literal('*' + _DIGIT * 11 + '*')})"
        )

    def is_count(self, text: str) -> str:
        return f"({text} GLOB '[0-9]*' AND {text} NOT GLOB '*[^0-9]*' AND length({text}) <= 9)"

    def utc_time(self, text: str) -> str:
        return f"datetime({text})"

    def amount(self, text: str) -> str:
        return f"CAST({text} AS NUMERIC)"

    def cents(self, text: str) -> str:
        # SQLite sums REALs; whole ten-thousandths add up exactly.
        return f"CAST(round(CAST({text} AS REAL) * 10000) AS INTEGER)"

    def from_cents(self, value: str) -> str:
        # Stored as the ORM stores str(Decimal): whole amounts as integers, others as reals.
        return f"(CASE WHEN {value} % 10000 = 0 THEN {value} / 10000 ELSE {value} / 10000.0 END)"

    def greatest(self, first: str, second: str) -> str:
        return f"max({first}, {second})"


class _Postgres(Dialect):
    vendor = "postgresql"
    temporary_schema = "pg_temp"

    def trimmed(self, column: str) -> str:
        return f"btrim({column}, {_literal(WHITE_SPACE)})"

    def is_time(self, text: str) -> str:
        # The day's validity is left to the cast, which fails the statement (and so the
        # staged path) for a 30 February.
        return f"{text} ~ {_literal(_POSTGRES_TIME)}"

    def is_amount(self, text: str) -> str:
        return f"{text} ~ '^-?[0-9]{{1,10}}([.][0-9]{{1,4}})?$'"

    def is_count(self, text: str) -> str:
        return f"{text} ~ '^[0-9]{{1,9}}$'"

    def utc_time(self, text: str) -> str:
        return f"({text})::timestamptz"

    def amount(self, text: str) -> str:
        return f"({text})::numeric"

    def cents(self, text: str) -> str:
        return f"(({text})::numeric * 10000)::bigint"

    def from_cents(self, value: str) -> str:
        return f"({value})::numeric / 10000"

    def greatest(self, first: str, second: str) -> str:
        return f"greatest({first}, {second})"


def _literal(text: str) -> str:
    """A constant string in SQL: staging SQL is built from the code's own constants only."""
    return "'" + text.replace("'", "''") + "'"
