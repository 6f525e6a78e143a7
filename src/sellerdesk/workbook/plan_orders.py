"""The Order Tracking sheet's changes: an order shipped (carrier and tracking number), marked
delivered or cancelled, a parcel's tracking number corrected, a note written.

An order that has moved on in sellerdesk since the workbook was exported (a later event or
parcel: Amazon shipped it, the seller shipped it on its page) is left as it is: the
workbook's news of it is older. Statuses only move forward here as everywhere.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Max

from sellerdesk.orders.models import Order, OrderEvent, Shipment

from . import cells
from .models import WorkbookExport
from .order_edits import plan_order
from .order_rows import Current, LeftAlone
from .plan import Plan
from .reading import Row, Table

CHUNK = 500
LISTED = 5


def plan_orders(table: Table, snapshot: WorkbookExport | None, plan: Plan) -> None:
    grouped: dict[str, list[Row]] = defaultdict(list)
    for row in table.rows:
        order_id = cells.text(row, "order_id")
        if not order_id:
            plan.error(str(cells.CellError(table, row, "order_id", "the order's ID", "")))
            continue
        grouped[order_id].append(row)
    known = _current(list(grouped))
    moved_on = _moved_on([current.order for current in known.values()], snapshot)
    left = LeftAlone()
    for order_id, rows in grouped.items():
        current = known.get(order_id)
        if current is None:
            continue
        try:
            plan_order(table, rows, current, snapshot, current.order.pk in moved_on, plan, left)
        except cells.CellError as error:
            plan.error(str(error))
    _say(plan, "order(s) not in sellerdesk left alone (orders come from the channels)",
         [order_id for order_id in grouped if order_id not in known])  # fmt: skip
    _say(plan, "order(s) changed in sellerdesk since the workbook was exported kept as they "
         "are now (change them on their pages)", left.moved_on)  # fmt: skip
    _say(plan, "order(s) Amazon fulfils kept as Amazon says", left.amazon)
    _say(plan, "order(s) kept at their later status (the workbook's is older news)", left.older)


def _say(plan: Plan, what: str, order_ids: list[str]) -> None:
    if order_ids:
        more = ", ..." if len(order_ids) > LISTED else ""
        plan.notices.append(f"{len(order_ids)} {what}: {', '.join(order_ids[:LISTED])}{more}")


def _current(order_ids: list[str]) -> dict[str, Current]:
    found: dict[str, Current] = {}
    for start in range(0, len(order_ids), CHUNK):
        chunk = order_ids[start : start + CHUNK]
        orders = {order.pk: order for order in Order.objects.filter(external_id__in=chunk)}
        by_pk = {pk: Current(order) for pk, order in orders.items()}
        for shipment in Shipment.objects.filter(order_id__in=orders).order_by("shipped_at", "pk"):
            by_pk[shipment.order_id].shipments.append(shipment)
        for current in by_pk.values():
            # The same id on two channels is ambiguous: the first is taken, as it is listed.
            found.setdefault(current.order.external_id, current)
    return found


def _moved_on(orders: list[Order], snapshot: WorkbookExport | None) -> set[int]:
    """The orders with an event or a parcel newer than the workbook, or newer channel news;
    for an order the workbook itself changed, newer than that change."""
    if snapshot is None:
        return set()
    marks = {
        int(pk): (event, parcel, dt.datetime.fromisoformat(at))
        for pk, (event, parcel, at) in snapshot.applied.get("orders", {}).items()
    }
    default = (snapshot.last_event, snapshot.last_shipment, snapshot.exported_at)
    found = {
        order.pk for order in orders
        if order.last_updated_at > marks.get(order.pk, default)[2]
    }  # fmt: skip
    ids = [order.pk for order in orders]
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        for model, mark in ((OrderEvent, snapshot.last_event), (Shipment, snapshot.last_shipment)):
            newest = (
                model.objects.filter(order_id__in=chunk, pk__gt=mark)
                .values("order_id").annotate(newest=Max("pk")).values_list("order_id", "newest")
            )  # fmt: skip
            place = 0 if model is OrderEvent else 1
            found.update(
                order_id for order_id, pk in newest
                if pk > marks.get(order_id, default)[place]
            )  # fmt: skip
    return found
