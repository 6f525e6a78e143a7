"""Django's SQLite backend, with a flush that empties trigger-guarded tables last.

Django's flush deletes table by table in a set's order, which changes from one process to
the next. A table whose delete trigger looks at other tables (the stock ledger refuses
deletes while stock levels exist) must be emptied after them, or a flush fails one run in
two. PostgreSQL needs none of this: its flush is one TRUNCATE, which row triggers ignore.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.backends.sqlite3 import base, operations


class DatabaseOperations(operations.DatabaseOperations):
    def sql_flush(
        self,
        style: Any,
        tables: Sequence[str],
        *,
        reset_sequences: bool = False,
        allow_cascade: bool = False,
    ) -> list[str]:
        statements = super().sql_flush(
            style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
        )
        # Only a table's own DELETE names it in double quotes; the sequence reset quotes singly.
        guarded = [self.quote_name(table) for table in self._guarded_tables()]
        last = [s for s in statements if any(name in s for name in guarded)]
        return [s for s in statements if s not in last] + last

    def _guarded_tables(self) -> set[str]:
        with self.connection.cursor() as cursor:
            cursor.execute("SELECT DISTINCT tbl_name FROM sqlite_master WHERE type = 'trigger'")
            return {name for (name,) in cursor.fetchall()}


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
