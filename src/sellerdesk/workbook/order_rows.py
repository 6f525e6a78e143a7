"""An order's rows of Order Tracking read as one order: the value of each column its rows
share, the line each row is, and what sellerdesk has now to compare them with."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from sellerdesk.fulfillment.domain.tracking import CARRIERS, OTHER, normalise
from sellerdesk.orders.models import Order, OrderLine, OrderStatus, Shipment
from sellerdesk.orders.services.notes import plain_note

from . import cells
from .reading import Row, Table
from .typed_dates import Typed

BY_LABEL = {label.casefold(): value for value, label in OrderStatus.choices} | {
    value.casefold(): value for value in OrderStatus.values
} | {"canceled": OrderStatus.CANCELED}  # fmt: skip
LABELS = dict(OrderStatus.choices)


@dataclass
class LeftAlone:
    """Orders whose cells differ from sellerdesk but are not the seller's to change here."""

    moved_on: list[str] = field(default_factory=list)
    amazon: list[str] = field(default_factory=list)
    older: list[str] = field(default_factory=list)


@dataclass
class Current:
    order: Order
    shipments: list[Shipment] = field(default_factory=list)

    @cached_property
    def lines(self) -> list[OrderLine]:
        """The order's lines in the order the sheet numbers them, read when first needed."""
        return list(self.order.lines.order_by("pk"))

    @property
    def carrier(self) -> str:
        return self.shipments[-1].carrier if self.shipments else ""

    @property
    def tracking(self) -> str:
        return self.shipments[-1].tracking_number if self.shipments else ""


@dataclass
class Edit:
    value: Any
    row: Row | None
    """The row it was changed on; None where no row changes it."""


def carrier_of(text: str) -> tuple[str, str]:
    """(carrier, carrier name) as shipping takes them, from what the seller typed."""
    for carrier in CARRIERS:
        if carrier.casefold() == text.strip().casefold():
            return carrier, ""
    if text.strip().casefold() in ("amazon", "amzl", "amazon shipping"):
        return "Amazon Logistics", ""
    return OTHER, text.strip()


def open_lines(current: Current) -> dict[str, OrderLine]:
    """The order's lines with units still to ship, by their id as a change's data keeps it."""
    return {str(line.pk): line for line in current.lines if line.quantity_open}


def lines_shipped(table: Table, rows: list[Row], current: Current, status: Edit) -> dict[str, str]:
    """Where only some of the order's rows are set Shipped (or Delivered), the lines they are
    (line id -> "n (SKU)"); empty where the whole order ships."""
    if status.row is None:
        return {}
    marked = [
        row for row in rows
        if read_status(table, row, "status") in (OrderStatus.SHIPPED, OrderStatus.DELIVERED)
    ]  # fmt: skip
    every = current.lines
    if len(marked) == len(rows) and len(rows) >= len(every):
        return {}
    found: dict[str, str] = {}
    for row in marked:
        line = line_of(table, row, every)
        if line is None:
            raise cells.CellError(
                table, row, "line", f"the line's number in the order (1 to {len(every)}), to "
                "ship only some of its lines", row.cells.get("line", ""),
            )  # fmt: skip
        if line.quantity_open:
            code = line.sku.code if line.sku is not None else line.channel_sku
            found[str(line.pk)] = f"{every.index(line) + 1} {code}"
    if len(found) == len(open_lines(current)):
        return {}
    return found


def one(
    table: Table, rows: list[Row], key: str, read: Any, now: Any, *, keep_blank: bool = False
) -> Edit:
    """The order's value in a column its rows share, and the row it was changed on. Blank
    cells change nothing (a tracking number is never cleared from here) but in Notes; rows
    that disagree are fine where all but one still say what sellerdesk has."""
    values = [(read(table, row, key), row) for row in rows if cells.present(row, key)]
    changed = [(value, row) for value, row in values
               if value != now and (keep_blank or value not in ("", None))]  # fmt: skip
    distinct = {str(value) for value, _ in changed}
    if len(distinct) > 1:
        numbers = ", ".join(str(row.number) for _, row in changed)
        value = changed[1][0]
        raise cells.CellError(
            table, changed[1][1], key, f"the same value on each of the order's rows ({numbers})",
            value.shown() if isinstance(value, Typed) else value,
        )  # fmt: skip
    return Edit(*changed[0]) if changed else Edit(now, None)


def status_edit(table: Table, rows: list[Row], current: Current) -> Edit:
    """Order Status, where each row may also say how its own line stands: on a part-shipped
    order a shipped line's row reads Shipped and an open line's Unshipped, neither an edit."""
    order = current.order

    def agrees(row: Row, value: str) -> bool:
        if value in ("", order.status):
            return True  # the order's lines are read only for a row that differs
        line = line_of(table, row, current.lines)
        if line is None or order.status != OrderStatus.PARTIALLY_SHIPPED:
            return False
        if value in (OrderStatus.SHIPPED, OrderStatus.DELIVERED):
            return not line.quantity_open
        return value == OrderStatus.UNSHIPPED and bool(line.quantity_open)

    changed = [(value, row) for row in rows if cells.present(row, "status")
               if not agrees(row, value := read_status(table, row, "status"))]  # fmt: skip
    if len({value for value, _ in changed}) > 1:
        numbers = ", ".join(str(row.number) for _, row in changed)
        raise cells.CellError(table, changed[1][1], "status", "the same status on each of the "
                              f"order's rows ({numbers}), or Shipped only on the rows of the "
                              "lines that ship", LABELS[changed[1][0]])  # fmt: skip
    return Edit(*changed[0]) if changed else Edit(order.status, None)


def line_of(table: Table, row: Row, every: list[OrderLine]) -> OrderLine | None:
    """The order line a row is, by its Line number; None where it gives none that fits."""
    try:
        number = cells.whole(table, row, "line") if cells.present(row, "line") else None
    except cells.CellError:
        return None
    return every[number - 1] if number is not None and 1 <= number <= len(every) else None


def read_note(table: Table, row: Row, key: str) -> str:
    return plain_note(cells.text(row, key))


def read_carrier(table: Table, row: Row, key: str) -> str:
    """The carrier as shipping stores it: UPS for ups, a carrier it does not know by its name."""
    carrier, name = carrier_of(cells.text(row, key))
    return name if carrier == OTHER else carrier


def read_tracking(table: Table, row: Row, key: str) -> str:
    return normalise(cells.text(row, key))


def read_status(table: Table, row: Row, key: str) -> str:
    text = cells.text(row, key)
    if not text:
        return ""
    found = BY_LABEL.get(" ".join(text.split()).casefold())
    if found is None:
        raise cells.CellError(
            table, row, key, "one of the statuses in the drop-down (" + ", ".join(LABELS.values())
            + ")", text,
        )  # fmt: skip
    return found
