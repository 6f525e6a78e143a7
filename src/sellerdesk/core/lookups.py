"""Conditions written so SQLite's planner takes the index meant for them.

`field__literal_in=[...]`: IN with its values written into the SQL, not bound.

SQLite uses a partial index (`WHERE state IN ('pending', 'failed')`) only for a query whose
condition it can match to the index's when the statement is prepared; bound parameters are
unknown then, so `__in` walks the whole table instead. Only plain codes are accepted, so
writing them into the SQL is safe.
"""

from __future__ import annotations

import re
from typing import Any

from django.db.models import BooleanField, CharField, Func, Lookup

_CODE = re.compile(r"[A-Za-z0-9_-]+")


@CharField.register_lookup
class LiteralIn(Lookup):  # type: ignore[type-arg]
    lookup_name = "literal_in"
    prepare_rhs = False

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        lhs, params = self.process_lhs(compiler, connection)
        values = [str(value) for value in self.rhs]
        if not values or not all(_CODE.fullmatch(value) for value in values):
            raise ValueError(f"literal_in takes plain codes only, not {values!r}")
        written = ", ".join(f"'{value}'" for value in values)
        return f"{lhs} IN ({written})", list(params)


class IsNullOffIndex(Func):
    """`expression IS NULL`, kept off the column's index on SQLite.

    SQLite answers IS NULL from an index like an equality, and would walk every row still
    without a value (every order not yet delivered, over the years) to find the few the
    query is after through another index; the unary plus leaves that other index the way in.
    """

    template = "%(expressions)s IS NULL"
    output_field = BooleanField()
    conditional = True

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, Any]:
        sql, params = compiler.compile(self.get_source_expressions()[0])
        return f"+{sql} IS NULL", params
