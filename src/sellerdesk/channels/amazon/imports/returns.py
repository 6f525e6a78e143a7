"""Amazon's returns reports, kept row by row for the returns workflow to act on.

A row imported again replaces what was stored for it (its status moves on as the return
does); its key is what tells one return row from another in each report.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sellerdesk.inventory.services import Actor

from ..flatfile.errors import FlatFileError
from ..flatfile.reader import Row, TabReader
from ..flatfile.reports import ReportKind
from ..flatfile.values import DATE_FORMS, parse_datetime
from ..models import AmazonReturn, ReportImport, ReturnSource
from ..return_rows import turn_rows_into_returns


@dataclass(frozen=True, slots=True)
class _Layout:
    source: str
    key: tuple[str, ...]
    order: str
    rma: str
    sku: str
    quantity: str
    reason: str
    status: str
    disposition: str
    when: str


_LAYOUTS = {
    ReportKind.FBM_RETURNS: _Layout(
        source=ReturnSource.SELLER,
        key=("order id", "amazon rma id", "merchant sku"),
        order="order id",
        rma="amazon rma id",
        sku="merchant sku",
        quantity="return quantity",
        reason="return reason",
        status="return request status",
        disposition="resolution",
        when="return request date",
    ),
    ReportKind.FBA_RETURNS: _Layout(
        source=ReturnSource.FBA,
        # One row per returned unit: its licence plate, else its place among identical rows.
        key=("order-id", "sku", "license-plate-number", "return-date"),
        order="order-id",
        rma="",
        sku="sku",
        quantity="quantity",
        reason="reason",
        status="status",
        disposition="detailed-disposition",
        when="return-date",
    ),
}


def import_returns(reader: TabReader, kind: ReportKind, record: ReportImport) -> None:
    layout = _LAYOUTS[kind]
    reader.require([layout.order, layout.quantity, layout.when])
    occurrences: Counter[str] = Counter()
    for row in reader:
        values = _values(row, layout, reader.name)
        # Identical keys (units returned together without licence plates) stay apart by
        # their order in the report, the same at every import of it.
        key = str(values["key"])
        occurrences[key] += 1
        if occurrences[key] > 1:
            values["key"] = f"{key}#{occurrences[key]}"[:200]
        stored = AmazonReturn.objects.filter(source=layout.source, key=values["key"]).first()
        if stored is None:
            AmazonReturn.objects.create(imported_by=record, **values)
            record.created += 1
        elif stored.cells == values["cells"]:
            record.unchanged += 1
        else:
            for name, value in values.items():
                setattr(stored, name, value)
            stored.imported_by = record
            stored.save()
            record.updated += 1
    # Rows become returns as soon as their orders are here; the others wait for the next time.
    turn_rows_into_returns(
        actor=Actor(name=record.user.get_username() if record.user else "import")
    )


def _values(row: Row, layout: _Layout, file: str) -> dict[str, object]:
    def error(column: str, message: str, expected: str) -> FlatFileError:
        return FlatFileError(message, file=file, line=row.line, column=column, expected=expected)

    order = row.get(layout.order)
    if not order:
        raise error(layout.order, "the cell is empty", "an Amazon order id")
    quantity = row.get(layout.quantity)
    if not quantity.isdigit():
        raise error(layout.quantity, f"{quantity!r} is not a quantity", "a whole number")
    try:
        happened = parse_datetime(row.get(layout.when))
    except ValueError:
        raise error(layout.when, f"{row.get(layout.when)!r} is not a date", DATE_FORMS) from None
    return {
        "source": layout.source,
        "key": "|".join(row.get(column) for column in layout.key)[:200],
        "order_external_id": order[:64],
        "rma_id": row.get(layout.rma)[:64] if layout.rma else "",
        "channel_sku": row.get(layout.sku)[:64],
        "asin": row.get("asin")[:10],
        "quantity": int(quantity),
        "reason": row.get(layout.reason)[:200],
        "status": row.get(layout.status)[:100],
        "disposition": row.get(layout.disposition)[:100],
        "happened_at": happened,
        "cells": {name: value.strip() for name, value in row.cells.items() if name},
    }
