"""All Orders reports at the database's bulk speed, through a staging table.

The row-by-row reader (flatfile.orders.OrderRows) spends some 45 us a line in Python. Here
the report's cells go as text into a temporary table, a block of lines at a time with no
Python work per cell, and SQL checks them, converts them and writes the orders new to
sellerdesk with their lines and timeline entries in a few statements. Each value that
needs a decision (an order status, a site, a SKU) is decided once per distinct value by
the reader's own functions. Orders already recorded are handed to record_orders as
OrderData made by the reader's mapping, from their staged rows.

This path is optimistic: a file it cannot take whole (a date or amount in another of the
forms Amazon uses, an unknown status, one order's rows apart, a line the reader would
refuse) makes it give up before writing anything, and the row-by-row reader imports the
file instead, or names the line and column that is wrong.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import DataError, IntegrityError, transaction

from sellerdesk.core import bulk
from sellerdesk.core.staging import StagingTable, drop_temporary
from sellerdesk.inventory.services import Actor

from ...flatfile.orders import ALL_ORDERS_REQUIRED, OrderRows
from ...flatfile.reader import IrregularLines, TabReader
from .decisions import CannotStage
from .loading import COLUMNS, KEYS, LOAD_SHARE, load
from .statements import WORK_TABLES, StagedResult, Statements

__all__ = ["StagedResult", "import_staged"]


def import_staged(
    reader: TabReader,
    rows: OrderRows,
    *,
    actor: Actor,
    note: str,
    progress: Callable[[int], None] | None,
    large: bool,
) -> StagedResult | None:
    """Import an All Orders report through a staging table; None, with nothing written,
    when the file needs the row-by-row reader (which then starts from the file's top)."""
    reader.require(ALL_ORDERS_REQUIRED)
    texts = [key for key, name in COLUMNS.items() if name in reader.header]
    table = StagingTable("amazon_staged_lines", keys=KEYS, texts=texts)
    try:
        # A savepoint: giving up midway leaves nothing behind.
        with transaction.atomic(), bulk.large_cache():
            load(reader, table, progress)
            table.analyze()
            statements = Statements(table, rows, actor=actor, note=note, large=large)
            return statements.run(_after_load(progress, reader.bytes_read))
    except (CannotStage, IrregularLines):
        return None
    except (DataError, IntegrityError):
        # A value the checks let through that the database refuses (PostgreSQL's cast of a
        # 30 February, a total below zero, one SKU twice in an order, an order's rows
        # apart): the row-by-row reader reads it, or says which line is wrong and why.
        return None
    finally:
        table.drop()
        drop_temporary(*WORK_TABLES)


def _after_load(progress: Callable[[int], None] | None, size: int) -> Callable[[float], None]:
    """Progress through the statements, as a share of them done, in the reader's bytes."""

    def done(share: float) -> None:
        if progress is not None:
            progress(int(size * (1 + (LOAD_SHARE - 1) * share) / LOAD_SHARE))

    return done
