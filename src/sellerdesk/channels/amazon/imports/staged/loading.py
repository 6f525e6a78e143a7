"""Staging an All Orders report: its cells as text, a block of lines at a time."""

from __future__ import annotations

import gc
from collections.abc import Callable, Sequence
from itertools import accumulate, chain
from operator import add, itemgetter, ne

from sellerdesk.core.staging import Dialect, StagingTable

from ...flatfile.reader import TabReader

# Staged column -> the report's header name. Columns a report lacks read as empty.
COLUMNS = {
    "order_id": "amazon-order-id",
    "purchased": "purchase-date",
    "updated": "last-updated-date",
    "status": "order-status",
    "fulfilment": "fulfillment-channel",
    "site": "sales-channel",
    "level": "ship-service-level",
    "title": "product-name",
    "sku": "sku",
    "asin": "asin",
    "item_status": "item-status",
    "quantity": "quantity",
    "currency": "currency",
    "price": "item-price",
    "tax": "item-tax",
    "ship": "shipping-price",
    "ship_tax": "shipping-tax",
    "promotion": "item-promotion-discount",
    "ship_promotion": "ship-promotion-discount",
    "business": "is-business-order",
}
KEYS = ("run", "line", "first")
LOAD_SHARE = 4
"""The load shows as the first quarter of an import's progress, the statements the rest."""
MONEY = ("price", "tax", "ship", "ship_tax", "promotion", "ship_promotion")
"""Staged columns in the order of orders.domain.LINE_MONEY_FIELDS."""
ADDS = ("price", "ship")
SUBTRACTS = ("promotion", "ship_promotion")  # discounts, negative in reports
TAXES = ("tax", "ship_tax")


def forms(dialect: Dialect, texts: Sequence[str]) -> list[str]:
    """Every cell the SQL converts is in the one form it converts as the reader does.
    The dates are the order's first row's: the reader reads no other row's."""

    def raw(name: str) -> str:
        return name if name in texts else "''"

    return [
        f"length({raw('order_id')}) BETWEEN 1 AND 64",
        f"length({raw('sku')}) BETWEEN 1 AND 64",
        f"first = 0 OR {dialect.is_time(raw('purchased'))} AND {dialect.is_time(raw('updated'))}",
        dialect.is_count(raw("quantity")),
        *(
            f"{name} IN ('', ' ') OR {dialect.is_amount(name)}"
            for name in (*ADDS, *SUBTRACTS, *TAXES)
            if name in texts
        ),
    ]


def load(reader: TabReader, table: StagingTable, progress: Callable[[int], None] | None) -> None:
    """Stage the cells, each line numbered with its run: the lines of one order in a row."""
    positions = [reader.header.index(COLUMNS[name]) for name in table.texts]
    cells_of = itemgetter(*positions)
    order_id = itemgetter(reader.header.index(COLUMNS["order_id"]))
    previous, run = None, 0
    # A block holds tens of thousands of lists and makes no reference cycles: the cycle
    # collector, run every few hundred new lists, would take a third of the load's time.
    collecting = gc.isenabled()
    gc.disable()
    try:
        for numbers, cells in reader.blocks():
            ids = list(map(order_id, cells))
            starts = list(map(int, map(ne, ids, chain((previous,), ids))))
            runs = list(accumulate(starts, initial=run))[1:]
            table.load(map(add, zip(runs, numbers, starts, strict=True), map(cells_of, cells)))
            previous, run = ids[-1] if ids else previous, runs[-1] if runs else run
            if progress is not None:
                progress(reader.bytes_read // LOAD_SHARE)
    finally:
        if collecting:
            gc.enable()
