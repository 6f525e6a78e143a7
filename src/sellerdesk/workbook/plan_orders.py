"""The Order Tracking sheet's changes: an order shipped (carrier and tracking number), marked
delivered or cancelled, a parcel's tracking number corrected, a note written.

Statuses only move forward here as everywhere: a workbook older than the order's news (it
shipped since the export) keeps the order as it is and says so.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sellerdesk.fulfillment.domain.tracking import CARRIERS, OTHER, normalise
from sellerdesk.orders import domain as rules
from sellerdesk.orders.models import Order, OrderStatus, Shipment

from . import cells
from .models import WorkbookExport
from .plan import Change, Plan
from .reading import Row, Table

BY_LABEL = {label.casefold(): value for value, label in OrderStatus.choices} | {
    value.casefold(): value for value in OrderStatus.values
} | {"canceled": OrderStatus.CANCELED}  # fmt: skip
LABELS = dict(OrderStatus.choices)
SETTABLE = (OrderStatus.SHIPPED, OrderStatus.DELIVERED, OrderStatus.CANCELED)
CHUNK = 500


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


def plan_orders(table: Table, snapshot: WorkbookExport | None, plan: Plan) -> None:
    grouped: dict[str, list[Row]] = defaultdict(list)
    for row in table.rows:
        order_id = cells.text(row, "order_id")
        if not order_id:
            plan.error(str(cells.CellError(table, row, "order_id", "the order's ID", "")))
            continue
        grouped[order_id].append(row)
    known = _current(list(grouped))
    unknown = [order_id for order_id in grouped if order_id not in known]
    if unknown:
        plan.notices.append(
            f"{len(unknown)} order(s) not in sellerdesk left alone (orders come from the "
            f"channels): {', '.join(unknown[:5])}{', ...' if len(unknown) > 5 else ''}"
        )
    notes = snapshot.notes if snapshot is not None else None
    for order_id, rows in grouped.items():
        if order_id in known:
            try:
                _order(table, rows, known[order_id], notes, plan)
            except cells.CellError as error:
                plan.error(str(error))


def _current(order_ids: list[str]) -> dict[str, Current]:
    found: dict[str, Current] = {}
    for start in range(0, len(order_ids), CHUNK):
        chunk = order_ids[start : start + CHUNK]
        orders = {order.pk: order for order in Order.objects.filter(external_id__in=chunk)}
        by_pk = {pk: Current(order) for pk, order in orders.items()}
        for shipment in Shipment.objects.filter(order_id__in=orders).order_by("shipped_at", "pk"):
            by_pk[shipment.order_id].shipments.append(shipment)
        for current in by_pk.values():
            # The same id on two channels is ambiguous: such an order is left to its page.
            key = current.order.external_id
            found[key] = found.get(key, current)
    return found


def _one(table: Table, rows: list[Row], key: str, read: Any, now: Any) -> tuple[Any, Row | None]:
    """The order's value in a column its rows share, and the row it was changed on: rows
    that disagree are fine where all but one still say what sellerdesk has."""
    values = [(read(table, row, key), row) for row in rows if cells.present(row, key)]
    changed = [(value, row) for value, row in values if value != now]
    distinct = {str(value) for value, _ in changed}
    if len(distinct) > 1:
        numbers = ", ".join(str(row.number) for _, row in changed)
        raise cells.CellError(
            table, changed[1][1], key, f"the same value on each of the order's rows ({numbers})",
            changed[1][0],
        )  # fmt: skip
    return changed[0] if changed else (now, None)


def _text(table: Table, row: Row, key: str) -> str:
    return cells.text(row, key)


def _carrier(table: Table, row: Row, key: str) -> str:
    """The carrier as shipping stores it: UPS for ups, a carrier it does not know by its name."""
    text = cells.text(row, key)
    carrier, name = carrier_of(text)
    return name if carrier == OTHER else carrier


def _tracking(table: Table, row: Row, key: str) -> str:
    return normalise(cells.text(row, key))


def _status(table: Table, row: Row, key: str) -> str:
    text = cells.text(row, key)
    found = BY_LABEL.get(" ".join(text.split()).casefold())
    if found is None:
        raise cells.CellError(
            table, row, key, "one of the statuses in the drop-down (" + ", ".join(LABELS.values())
            + ")", text,
        )  # fmt: skip
    return found


def _order(
    table: Table, rows: list[Row], current: Current, notes: dict[str, str] | None, plan: Plan
) -> None:
    order = current.order
    subject = f"Order {order.external_id}"

    def change(row: Row | None, column: str, kind: str, text: str, **data: Any) -> None:
        number = (row or rows[0]).number
        plan.changes.append(Change(table.sheet, number, column, subject, kind, text,
                                   {"order": order.pk, **data}))  # fmt: skip

    note, row = _one(table, rows, "notes", _text, order.note)
    exported_note = notes.get(order.external_id, "") if notes is not None else order.note
    if row is not None and note != exported_note:
        change(row, "notes", "note", f"note → {note!r}" if note else "note removed", note=note)

    status, status_row = _one(table, rows, "status", _status, order.status)
    carrier, carrier_row = _one(table, rows, "carrier", _carrier, current.carrier)
    tracking, tracking_row = _one(table, rows, "tracking", _tracking, current.tracking)
    shipped, _ = _one(table, rows, "shipped", cells.moment, _second(order.shipped_at))
    delivered, delivered_row = _one(
        table, rows, "delivered", cells.moment, _second(order.delivered_at)
    )
    asked = status_row is not None or tracking_row is not None or delivered_row is not None
    if not asked and carrier_row is None:
        return
    if order.fulfillment != rules.SELLER:
        raise cells.CellError(table, status_row or tracking_row or carrier_row or rows[0],
                              "status" if status_row else "tracking",
                              "no change: Amazon fulfils this order and says how it goes",
                              LABELS.get(status, status))  # fmt: skip
    if status_row is not None and status not in SETTABLE:
        if rules.merged_status(current=order.status, incoming=status) == order.status:
            plan.notices.append(
                f"{table.sheet}, row {status_row.number}: {subject} stays "
                f"{LABELS[order.status]} (the workbook's {LABELS[status]} is older news)."
            )
            status = order.status
        else:
            raise cells.CellError(
                table, status_row, "status", "Shipped, Delivered or Cancelled (sellerdesk "
                "follows the channel for the other statuses)", LABELS[status],
            )  # fmt: skip
    shipping = (status in (OrderStatus.SHIPPED, OrderStatus.DELIVERED) or tracking_row) and (
        rules.can_ship(status=order.status, fulfillment=order.fulfillment)
    )
    if status == OrderStatus.CANCELED and order.status != OrderStatus.CANCELED:
        if not rules.can_cancel(order.status):
            raise cells.CellError(table, status_row or rows[0], "status",
                                  "a status it can move to: a shipped order is refunded "
                                  "through a return, not cancelled", LABELS[status])  # fmt: skip
        change(status_row, "status", "cancel", f"{LABELS[order.status]} → Cancelled")
        return
    if shipping:
        if not carrier:
            raise cells.CellError(table, tracking_row or status_row or rows[0], "carrier",
                                  "the carrier of the shipped order (such as USPS or Royal Mail)",
                                  "")  # fmt: skip
        at = shipped if shipped is not None else None
        change(status_row or tracking_row, "tracking", "ship",
               f"{LABELS[order.status]} → Shipped, {carrier} {tracking or '(no tracking)'}",
               carrier=carrier, tracking=tracking, at=at.isoformat() if at else "")  # fmt: skip
    elif (tracking_row is not None or carrier_row is not None) and (
        tracking and order.status in rules.SHIPPED_STATES
    ):
        if len(current.shipments) != 1:
            raise cells.CellError(
                table, tracking_row or carrier_row or rows[0], "tracking",
                f"no change here: the order went in {len(current.shipments)} parcels; "
                "change a parcel's tracking number on the order's page", tracking,
            )  # fmt: skip
        change(tracking_row or carrier_row, "tracking", "relabel",
               f"tracking {current.carrier} {current.tracking} → {carrier} {tracking}",
               shipment=current.shipments[0].pk, carrier=carrier, tracking=tracking)  # fmt: skip
    wants_delivery = status == OrderStatus.DELIVERED or delivered_row is not None
    if wants_delivery and order.status != OrderStatus.DELIVERED:
        if not shipping and not rules.can_mark_delivered(
            status=order.status, fulfillment=order.fulfillment
        ):
            raise cells.CellError(table, status_row or delivered_row or rows[0], "status",
                                  "a shipped order, to be marked delivered",
                                  LABELS[order.status])  # fmt: skip
        change(delivered_row or status_row, "delivered", "deliver",
               f"→ Delivered{f' on {delivered:%Y-%m-%d}' if delivered else ''}",
               at=delivered.isoformat() if delivered else "")  # fmt: skip


def carrier_of(text: str) -> tuple[str, str]:
    """(carrier, carrier name) as shipping takes them, from what the seller typed."""
    for carrier in CARRIERS:
        if carrier.casefold() == text.strip().casefold():
            return carrier, ""
    if text.strip().casefold() in ("amazon", "amzl", "amazon shipping"):
        return "Amazon Logistics", ""
    return OTHER, text.strip()


def _second(value: dt.datetime | None) -> dt.datetime | None:
    return value.replace(microsecond=0) if value is not None else None
