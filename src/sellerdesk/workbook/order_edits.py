"""One order's rows of Order Tracking: what the seller changed, checked as the services will
check it, as the changes the preview lists."""

from __future__ import annotations

from typing import Any

from sellerdesk.core import clock
from sellerdesk.core.errors import DomainError
from sellerdesk.fulfillment.domain.tracking import (
    InvalidTracking,
    label_tracking,
)
from sellerdesk.fulfillment.models import ShippingLabel
from sellerdesk.fulfillment.services.shipping import Package, check_shippable
from sellerdesk.orders import domain as rules
from sellerdesk.orders.models import OrderStatus, Shipment
from sellerdesk.orders.services.confirmation import SHIPPED_OR_PARTLY
from sellerdesk.orders.services.notes import plain_note

from . import cells
from .models import WorkbookExport
from .order_rows import (
    LABELS,
    Current,
    Edit,
    LeftAlone,
    carrier_of,
    line_of,
    lines_shipped,
    one,
    open_lines,
    read_carrier,
    read_note,
    read_tracking,
    status_edit,
)
from .plan import Change, Plan
from .reading import Row, Table
from .typed_dates import Typed, reader

SETTABLE = (OrderStatus.SHIPPED, OrderStatus.DELIVERED, OrderStatus.CANCELED)


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

    note = one(table, rows, "notes", read_note, order.note, keep_blank=True)
    said = [order.note]
    if snapshot is not None:
        applied = snapshot.applied.get("notes", {})
        said = [snapshot.notes.get(order.external_id, "")]
        said += [applied[order.external_id]] if order.external_id in applied else []
    if note.row is not None and note.value not in [plain_note(text) for text in said]:
        change(note.row, "notes", "note",
               f"note → {note.value!r}" if note.value else "note removed", note=note.value, order_id=order.external_id)  # fmt: skip

    status = status_edit(table, rows, current)
    carrier = one(table, rows, "carrier", read_carrier, current.carrier)
    tracking = one(table, rows, "tracking", read_tracking, current.tracking)
    delivered = one(table, rows, "delivered", reader(order.delivered_at), order.delivered_at)
    shipped = one(table, rows, "shipped", reader(order.shipped_at), order.shipped_at)
    if all(edit.row is None for edit in (status, carrier, tracking, delivered, shipped)):
        return
    if moved_on:
        left.moved_on.append(order.external_id)
        plan.left_alone.add(order.pk)
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
        change(status.row, "status", "cancel", f"{LABELS[order.status]} → Cancelled, here only "
               "(cancel it on the channel too; it counts in your cancellation rate)")  # fmt: skip
        return
    if carrier.row and not tracking.row and target == order.status and order.shipped_at is None:
        plan.notices.append(
            f"{table.sheet}, row {carrier.row.number}: {subject}'s carrier is kept for when it "
            "ships: give its tracking number too, or set it Shipped."
        )
        return
    ships = _plan_shipping(table, rows, current, status, target, carrier, tracking, shipped,
                           delivered, change, plan.notices)  # fmt: skip
    if not ships and shipped.row is not None:
        plan.notices.append(
            f"{table.sheet}, row {shipped.row.number}: {subject}'s shipped date "
            + ("stays as the channel was told it." if order.shipped_at else "alone does not ship "
               "it: set it Shipped, with its carrier and tracking number.")
        )  # fmt: skip
    if order.status == OrderStatus.DELIVERED:
        if delivered.row is not None:
            plan.notices.append(f"{table.sheet}, row {delivered.row.number}: {subject}'s "
                                "delivered date stays as recorded.")  # fmt: skip
    elif target == OrderStatus.DELIVERED or delivered.row is not None:
        _plan_delivery(table, rows, current, status, delivered, ships, change)


def _plan_shipping(
    table: Table, rows: list[Row], current: Current, status: Edit, target: str,
    carrier: Edit, tracking: Edit, shipped: Edit, delivered: Edit, change: Any,
    notices: list[str],
) -> Typed | bool:  # fmt: skip
    """Ship the order (what is left of it), or give its one parcel a new tracking number.
    When it ships here: the date typed (a Typed, empty for now); else False."""
    order = current.order
    wants_shipping = target in (OrderStatus.SHIPPED, OrderStatus.DELIVERED) or tracking.row
    if rules.can_ship(status=order.status, fulfillment=order.fulfillment) and wants_shipping:
        at_row = tracking.row or carrier.row or status.row or rows[0]
        numbers = {shipment.tracking_number for shipment in current.shipments}
        if not tracking.value or (tracking.row is None and numbers):
            raise cells.CellError(table, at_row, "tracking", "the tracking number of the parcel "
                                  "that ships the rest of the order" if numbers else
                                  "the parcel's tracking number, to ship the order", "")  # fmt: skip
        if tracking.value in numbers:
            raise cells.CellError(table, at_row, "tracking", "the new parcel's own tracking "
                                  "number (this one is on a parcel already sent)",
                                  tracking.value)  # fmt: skip
        checked = _checked(table, at_row, carrier.value, tracking.value)
        when = shipped.value if isinstance(shipped.value, Typed) else Typed()
        today = clock.seller_today()
        purchased = order.purchased_at.astimezone(clock.seller_zone()).date()
        if when.data() and not (
            purchased <= when.local_day() <= today
            and (when.at is None or order.purchased_at <= when.at <= clock.now())
        ):
            raise cells.CellError(table, shipped.row or at_row, "shipped",
                                  f"a shipped date from the order ({purchased:%Y-%m-%d}) to today",
                                  when.shown())  # fmt: skip
        every = current.lines
        typed_on = line_of(table, tracking.row, every) if tracking.row is not None else None
        if typed_on is not None and not typed_on.quantity_open:
            raise cells.CellError(table, at_row, "tracking", f"no new number on line "
                                  f"{every.index(typed_on) + 1}'s row: it has shipped (change "
                                  "its parcel's number on the order's page)",
                                  tracking.value)  # fmt: skip
        elsewhere = (
            Shipment.objects.filter(tracking_number=tracking.value)
            .exclude(order=order).values_list("order__external_id", flat=True).first()
        )  # fmt: skip
        if elsewhere:
            notices.append(f"{table.sheet}, row {at_row.number}: tracking number "
                           f"{tracking.value} is also on order {elsewhere}'s parcel.")  # fmt: skip
        lines = lines_shipped(table, rows, current, status)
        quantities = {
            int(pk): line.quantity_open for pk, line in open_lines(current).items()
            if pk in lines
        }  # fmt: skip
        try:
            # What the parcel holds, as shipping will check it (its number is checked above).
            parcel = Package(carrier_of(carrier.value)[0], tracking.value, quantities)
            check_shippable(order, [parcel])
        except DomainError as error:
            raise cells.CellError(table, at_row, "status" if status.row else "tracking",
                                  f"an order that can ship ({error.message})",
                                  LABELS[target]) from None  # fmt: skip
        if lines and (target == OrderStatus.DELIVERED or delivered.row is not None):
            raise cells.CellError(table, delivered.row or status.row or rows[0], "status",
                                  "Shipped on the rows that ship now: the order is delivered "
                                  "once every line has shipped", LABELS[target])  # fmt: skip
        becomes = "Partially shipped (lines " + ", ".join(lines.values()) + ")" if lines else (
            "Shipped"
        )  # fmt: skip
        change(status.row or tracking.row, "tracking", "ship",
               f"{LABELS[order.status]} → {becomes}"
               f"{f' on {when.shown()}' if when.data() else ''}, {checked}",
               carrier=carrier.value, tracking=tracking.value, at=when.data(),
               lines={str(pk): units for pk, units in quantities.items()})  # fmt: skip
        return when
    if target in (OrderStatus.SHIPPED, OrderStatus.DELIVERED) and (
        order.status not in rules.SHIPPED_STATES
    ):
        raise cells.CellError(table, status.row or rows[0], "status",
                              f"a status it can move to from {LABELS[order.status]}",
                              LABELS[target])  # fmt: skip
    edited = tracking.row or carrier.row
    if edited is not None:
        _plan_relabel(table, edited, current, carrier, tracking, change)
    return False


def _plan_relabel(
    table: Table, edited: Row, current: Current, carrier: Edit, tracking: Edit, change: Any
) -> None:
    """A shipped parcel's new carrier or number, as the order page's "new label" takes it."""
    if current.order.status not in SHIPPED_OR_PARTLY:
        raise cells.CellError(table, edited, "tracking", "no change: a "
                              f"{LABELS[current.order.status].lower()} order's labels stay as "
                              "they are", tracking.value)  # fmt: skip
    if len(current.shipments) != 1:
        raise cells.CellError(
            table, edited, "tracking",
            f"no change here: the order went in {len(current.shipments)} parcels; change "
            "a parcel's tracking number on the order's page", tracking.value,
        )  # fmt: skip
    (parcel,) = current.shipments
    bought = ShippingLabel.objects.filter(shipment=parcel, voided_at__isnull=True).exclude(
        reference=""
    )
    if bought.exists():
        raise cells.CellError(table, edited, "tracking", "no change here: the parcel's label "
                              "was bought through the channel; void it on the order's page "
                              "first", tracking.value)  # fmt: skip
    checked = _checked(table, edited, carrier.value, tracking.value)
    change(edited, "tracking", "relabel", f"tracking {current.carrier} {current.tracking} → "
           f"{checked}", shipment=parcel.pk, carrier=carrier.value,
           tracking=tracking.value)  # fmt: skip


def _plan_delivery(
    table: Table, rows: list[Row], current: Current, status: Edit, delivered: Edit,
    ships: Typed | bool, change: Any,
) -> None:  # fmt: skip
    order = current.order
    at_row = delivered.row or status.row or rows[0]
    if ships is False and not rules.can_mark_delivered(
        status=order.status, fulfillment=order.fulfillment
    ):
        raise cells.CellError(table, at_row, "status", "a shipped order, to be marked delivered",
                              LABELS[order.status])  # fmt: skip
    when = delivered.value if isinstance(delivered.value, Typed) else Typed()
    if isinstance(ships, Typed):
        # Shipping in this same workbook: on the day typed, else now.
        shipped_at = ships.at or (clock.now() if ships.day is None else None)
        shipped_day = ships.local_day() if ships.data() else clock.seller_today()
    else:
        shipped_at = order.shipped_at
        assert shipped_at is not None
        shipped_day = shipped_at.astimezone(clock.seller_zone()).date()
    if when.data() and not (
        shipped_day <= when.local_day() <= clock.seller_today()
        and (when.at is None or (shipped_at or when.at) <= when.at <= clock.now())
    ):
        raise cells.CellError(table, at_row, "delivered",
                              f"a delivered date from when it shipped ({shipped_day:%Y-%m-%d}) "
                              "to today", when.shown())  # fmt: skip
    change(at_row, "delivered", "deliver",
           f"{'Shipped' if ships else LABELS[order.status]} → Delivered "
           f"{f'on {when.shown()}' if when.data() else 'today (no date given)'}",
           at=when.data())  # fmt: skip


def _checked(table: Table, row: Row, carrier: str, tracking: str) -> str:
    """The parcel's carrier and number as shipping will take them, or the cell's error."""
    if not carrier:
        raise cells.CellError(table, row, "carrier", "the parcel's carrier (UPS, USPS, FedEx, "
                              "DHL, Royal Mail, Amazon, or any other carrier's name)", "")  # fmt: skip
    code, name = carrier_of(carrier)
    try:
        stored, number = label_tracking(code, name, tracking)
    except (InvalidTracking, ValueError) as error:
        raise cells.CellError(
            table, row, "tracking", f"a tracking number ({error})", tracking
        ) from None
    return f"{stored} {number}"
