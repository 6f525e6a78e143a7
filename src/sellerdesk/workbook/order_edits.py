"""One order's rows of Order Tracking: what the seller changed, checked as the services will
check it, as the changes the preview lists."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sellerdesk.core import clock
from sellerdesk.fulfillment.domain.tracking import (
    CARRIERS,
    OTHER,
    InvalidTracking,
    label_tracking,
    normalise,
)
from sellerdesk.orders import domain as rules
from sellerdesk.orders.models import Order, OrderStatus, Shipment
from sellerdesk.orders.services.notes import plain_note

from . import cells
from .models import WorkbookExport
from .plan import Change, Plan
from .reading import Row, Table

BY_LABEL = {label.casefold(): value for value, label in OrderStatus.choices} | {
    value.casefold(): value for value in OrderStatus.values
} | {"canceled": OrderStatus.CANCELED}  # fmt: skip
LABELS = dict(OrderStatus.choices)
SETTABLE = (OrderStatus.SHIPPED, OrderStatus.DELIVERED, OrderStatus.CANCELED)


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


def plan_order(
    table: Table,
    rows: list[Row],
    current: Current,
    snapshot: WorkbookExport | None,
    moved_on: bool,
    plan: Plan,
    left: LeftAlone,
) -> None:
    order = current.order
    subject = f"Order {order.external_id}"

    def change(row: Row | None, column: str, kind: str, text: str, **data: Any) -> None:
        plan.changes.append(Change(table.sheet, (row or rows[0]).number, column, subject, kind,
                                   text, {"order": order.pk, **data}))  # fmt: skip

    note = _one(table, rows, "notes", _note, order.note, keep_blank=True)
    exported = snapshot.notes.get(order.external_id, "") if snapshot is not None else order.note
    if note.row is not None and note.value != plain_note(exported):
        change(note.row, "notes", "note",
               f"note → {note.value!r}" if note.value else "note removed", note=note.value, order_id=order.external_id)  # fmt: skip

    status = _one(table, rows, "status", _status, order.status)
    carrier = _one(table, rows, "carrier", _carrier, current.carrier)
    tracking = _one(table, rows, "tracking", _tracking, current.tracking)
    delivered = _one(table, rows, "delivered", cells.moment, _second(order.delivered_at))
    if all(edit.row is None for edit in (status, carrier, tracking, delivered)):
        return
    if moved_on:
        left.moved_on.append(order.external_id)
        return
    if order.fulfillment != rules.SELLER:
        left.amazon.append(order.external_id)
        return
    target = status.value
    if status.row is not None and target not in SETTABLE:
        if rules.merged_status(current=order.status, incoming=target) != order.status:
            raise cells.CellError(
                table, status.row, "status", "Shipped, Delivered or Cancelled (sellerdesk "
                "follows the channel for the other statuses)", LABELS[target],
            )  # fmt: skip
        left.older.append(order.external_id)
        target = order.status
    if target == OrderStatus.CANCELED and order.status != OrderStatus.CANCELED:
        if not rules.can_cancel(order.status):
            raise cells.CellError(table, status.row or rows[0], "status",
                                  f"a status it can move to: it is {LABELS[order.status]}, and "
                                  "a shipped order is refunded through a return",
                                  LABELS[target])  # fmt: skip
        change(status.row, "status", "cancel", f"{LABELS[order.status]} → Cancelled")
        return
    if carrier.row and not tracking.row and target == order.status and order.shipped_at is None:
        plan.notices.append(
            f"{table.sheet}, row {carrier.row.number}: {subject}'s carrier is kept for when it "
            "ships: give its tracking number too, or set it Shipped."
        )
        return
    shipped_at = _plan_shipping(table, rows, current, status, target, carrier, tracking, change)
    if target == OrderStatus.DELIVERED or delivered.row is not None:
        _plan_delivery(table, rows, current, status, delivered, shipped_at, change)


def _plan_shipping(
    table: Table, rows: list[Row], current: Current, status: Edit, target: str,
    carrier: Edit, tracking: Edit, change: Any,
) -> dt.datetime | None:  # fmt: skip
    """Ship the order, or give its one parcel a new tracking number. When it ships (now or
    before): the earliest a delivery can be."""
    order = current.order
    wants_shipping = target in (OrderStatus.SHIPPED, OrderStatus.DELIVERED) or tracking.row
    if rules.can_ship(status=order.status, fulfillment=order.fulfillment) and wants_shipping:
        at_row = tracking.row or carrier.row or status.row or rows[0]
        if not tracking.value:
            raise cells.CellError(table, at_row, "tracking",
                                  "the parcel's tracking number, to ship the order", "")  # fmt: skip
        checked = _checked(table, at_row, carrier.value, tracking.value)
        shipped = _one(table, rows, "shipped", cells.moment, None)
        at = shipped.value or clock.now()
        if at > clock.now() or at < order.purchased_at:
            raise cells.CellError(table, shipped.row or at_row, "shipped",
                                  "a shipped date between the order and now",
                                  f"{at.astimezone(clock.seller_zone()):%Y-%m-%d %H:%M}")  # fmt: skip
        change(status.row or tracking.row, "tracking", "ship",
               f"{LABELS[order.status]} → Shipped, {checked}",
               carrier=carrier.value, tracking=tracking.value,
               at=shipped.value.isoformat() if shipped.value else "")  # fmt: skip
        return at
    if target in (OrderStatus.SHIPPED, OrderStatus.DELIVERED) and (
        order.status not in rules.SHIPPED_STATES
    ):
        raise cells.CellError(table, status.row or rows[0], "status",
                              f"a status it can move to from {LABELS[order.status]}",
                              LABELS[target])  # fmt: skip
    edited = tracking.row or carrier.row
    if edited is not None and order.status in rules.SHIPPED_STATES:
        if len(current.shipments) != 1:
            raise cells.CellError(
                table, edited, "tracking",
                f"no change here: the order went in {len(current.shipments)} parcels; change "
                "a parcel's tracking number on the order's page", tracking.value,
            )  # fmt: skip
        checked = _checked(table, edited, carrier.value, tracking.value)
        change(edited, "tracking", "relabel",
               f"tracking {current.carrier} {current.tracking} → {checked}",
               shipment=current.shipments[0].pk, carrier=carrier.value,
               tracking=tracking.value)  # fmt: skip
    return order.shipped_at


def _plan_delivery(
    table: Table, rows: list[Row], current: Current, status: Edit, delivered: Edit,
    shipped_at: dt.datetime | None, change: Any,
) -> None:  # fmt: skip
    order = current.order
    if order.status == OrderStatus.DELIVERED:
        return
    at_row = delivered.row or status.row or rows[0]
    if shipped_at is None:
        raise cells.CellError(table, at_row, "status", "a shipped order, to be marked delivered",
                              LABELS[order.status])  # fmt: skip
    at = delivered.value or clock.now()
    local = at.astimezone(clock.seller_zone())
    if local.time() == dt.time():
        # A date without a time: delivered that day, so no earlier than it shipped.
        at = min(max(at + dt.timedelta(days=1, seconds=-1), shipped_at), clock.now())
    if at > clock.now() or at < shipped_at:
        raise cells.CellError(
            table, at_row, "delivered", f"a date from when it shipped "
            f"({shipped_at.astimezone(clock.seller_zone()):%Y-%m-%d %H:%M}) to today",
            f"{local:%Y-%m-%d %H:%M}",
        )  # fmt: skip
    change(at_row, "delivered", "deliver", f"→ Delivered on {local:%Y-%m-%d}",
           at=at.isoformat())  # fmt: skip


def _checked(table: Table, row: Row, carrier: str, tracking: str) -> str:
    """The parcel's carrier and number as shipping will take them, or the cell's error."""
    code, name = carrier_of(carrier)
    try:
        stored, number = label_tracking(code, name, tracking)
    except (InvalidTracking, ValueError) as error:
        raise cells.CellError(
            table, row, "tracking", f"a tracking number ({error})", tracking
        ) from None
    return f"{stored} {number}"


def _one(
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
        raise cells.CellError(
            table, changed[1][1], key, f"the same value on each of the order's rows ({numbers})",
            changed[1][0],
        )  # fmt: skip
    return Edit(*changed[0]) if changed else Edit(now, None)


def _note(table: Table, row: Row, key: str) -> str:
    return plain_note(cells.text(row, key))


def _carrier(table: Table, row: Row, key: str) -> str:
    """The carrier as shipping stores it: UPS for ups, a carrier it does not know by its name."""
    carrier, name = carrier_of(cells.text(row, key))
    return name if carrier == OTHER else carrier


def _tracking(table: Table, row: Row, key: str) -> str:
    return normalise(cells.text(row, key))


def _status(table: Table, row: Row, key: str) -> str:
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


def _second(value: dt.datetime | None) -> dt.datetime | None:
    return value.replace(microsecond=0) if value is not None else None
