"""Applying a previewed workbook: every change through the same services as the dashboard,
all in one transaction, so a change refused half-way leaves everything as it was."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Max

from sellerdesk.catalog.models import Sku
from sellerdesk.catalog.services import create_sku, retire_sku, set_sku_title, set_unit_cost
from sellerdesk.core import clock
from sellerdesk.core.errors import DomainError
from sellerdesk.fulfillment.services.shipping import Package, relabel_shipment, ship_packages
from sellerdesk.inventory.models import Location, LocationKind, StockLevel
from sellerdesk.inventory.services import Actor, adjust_stock, receive_stock
from sellerdesk.orders.models import Order, OrderEvent, Shipment
from sellerdesk.orders.services import cancel_order, mark_delivered, set_order_note

from .models import WorkbookExport, WorkbookUpload
from .order_rows import carrier_of
from .plan import Change, Plan
from .preview import preview_workbook
from .typed_dates import resolve

COUNTED = "stock count, from the workbook"
# A SKU change's kind -> (the snapshot's column, the change's field holding the new value).
REMEMBERED = {
    "title": ("product", "title"),
    "unit_cost": ("unit_cost", "unit_cost"),
    "count": ("available", "available"),
}


class StalePreview(DomainError):
    """What the workbook would change is no longer what the seller was shown."""


@dataclass(frozen=True)
class Applied:
    changes: int
    retired: int


def apply_upload(
    upload_pk: int, *, digest: str, actor: Actor, retire_missing: bool = False
) -> Applied:
    """Apply an uploaded workbook once: the upload is locked and marked applied with it."""
    with transaction.atomic():
        upload = WorkbookUpload.objects.select_for_update().get(pk=upload_pk)
        if upload.applied_at is not None:
            raise DomainError(f"{upload.name} was applied on {upload.applied_at:%d %b %Y %H:%M}.")
        applied = apply_workbook(
            bytes(upload.content), upload.name, digest=digest, actor=actor,
            retire_missing=retire_missing,
        )  # fmt: skip
        upload.applied_at = clock.now()
        upload.save(update_fields=["applied_at"])
    return applied


def apply_workbook(
    content: bytes, name: str, *, digest: str, actor: Actor, retire_missing: bool = False
) -> Applied:
    """Read the workbook again and apply its changes, if they are those previewed."""
    return _apply_plan(
        preview_workbook(content, name), digest=digest, actor=actor, retire_missing=retire_missing
    )


def _apply_plan(plan: Plan, *, digest: str, actor: Actor, retire_missing: bool) -> Applied:
    if plan.errors:
        raise DomainError(f"{plan.name}: fix the {len(plan.errors)} error(s) first.")
    if plan.digest != digest:
        raise StalePreview(
            "sellerdesk has changed since the preview (or the workbook did): look at the "
            "changes again before applying them."
        )
    with transaction.atomic():
        for change in plan.changes:
            try:
                _apply(change, actor)
            except DomainError as error:
                raise DomainError(f"{plan.where(change)}: {error.message}") from None
        retired = 0
        if retire_missing:
            for change in plan.missing:
                retire_sku(sku=Sku.objects.get(pk=change.data["sku"]))
                retired += 1
        if plan.export_id is not None:
            _remember(plan, plan.export_id)
    return Applied(len(plan.changes), retired)


def _remember(plan: Plan, export_id: int) -> None:
    """What was applied joins the export's record beside what it said: a cell saying either
    is untouched, so this workbook, or a copy of it as first downloaded, read again changes
    nothing; and the orders it changed are not taken to have moved on without it."""
    record = WorkbookExport.objects.select_for_update().get(pk=export_id)
    applied = record.applied
    skus, notes, orders = (applied.setdefault(key, {}) for key in ("skus", "notes", "orders"))
    touched = set()
    for change in plan.changes:
        data = change.data
        if change.kind == "new":
            skus[data["code"]] = {
                "product_id": data["asin"], "product": data["title"],
                "unit_cost": data["unit_cost"], "cost_currency": data["currency"],
                "available": data["available"],
            }  # fmt: skip
        elif change.kind in REMEMBERED:
            column, field = REMEMBERED[change.kind]
            skus.setdefault(data["code"], {})[column] = data[field]
        else:
            if data["order"] not in plan.left_alone:
                touched.add(data["order"])
            if change.kind == "note":
                notes[data["order_id"]] = data["note"]
    events = dict(
        OrderEvent.objects.filter(order_id__in=touched)
        .values("order_id").annotate(last=Max("pk")).values_list("order_id", "last")
    )  # fmt: skip
    parcels = dict(
        Shipment.objects.filter(order_id__in=touched)
        .values("order_id").annotate(last=Max("pk")).values_list("order_id", "last")
    )  # fmt: skip
    now = clock.now().isoformat()
    for pk in touched:
        orders[str(pk)] = [events.get(pk, 0), parcels.get(pk, 0), now]
    record.save(update_fields=["applied"])


def _apply(change: Change, actor: Actor) -> None:
    data = change.data
    if change.kind == "new":
        sku = create_sku(
            code=data["code"], title=data["title"], unit_cost=Decimal(data["unit_cost"]),
            cost_currency=data["currency"], asin=data["asin"],
        )  # fmt: skip
        if data["available"]:
            receive_stock(sku=sku, location=_main_shelf(_shelf_levels(sku)), quantity=data["available"],
                          reason="opening stock, from the workbook", actor=actor)  # fmt: skip
    elif change.kind == "title":
        set_sku_title(sku=Sku.objects.get(pk=data["sku"]), title=data["title"])
    elif change.kind == "unit_cost":
        set_unit_cost(sku=Sku.objects.get(pk=data["sku"]), unit_cost=Decimal(data["unit_cost"]))
    elif change.kind == "count":
        _count(Sku.objects.get(pk=data["sku"]), data["available"], actor)
    else:
        _order_change(change, Order.objects.get(pk=data["order"]), actor)


def _order_change(change: Change, order: Order, actor: Actor) -> None:
    data = change.data
    if change.kind == "note":
        set_order_note(order=order, note=data["note"], actor=actor)
    elif change.kind == "cancel":
        cancel_order(order=order, reason="cancelled in the workbook", actor=actor)
    elif change.kind == "ship":
        carrier, name = carrier_of(data["carrier"])
        package = Package(
            carrier=carrier, carrier_name=name, tracking_number=data["tracking"],
            quantities={int(pk): units for pk, units in data.get("lines", {}).items()},
        )  # fmt: skip
        at = resolve(data["at"], after=order.purchased_at, end_of_day=False)
        ship_packages(order=order, packages=[package], actor=actor, at=at)
    elif change.kind == "relabel":
        carrier, name = carrier_of(data["carrier"])
        relabel_shipment(
            shipment=Shipment.objects.get(pk=data["shipment"]),
            label=Package(carrier=carrier, carrier_name=name, tracking_number=data["tracking"]),
            actor=actor,
        )
    elif change.kind == "deliver":
        order.refresh_from_db()
        after = order.shipped_at or order.purchased_at
        at = resolve(data["at"], after=after, end_of_day=True)
        mark_delivered(order=order, at=at, actor=actor)
    else:  # pragma: no cover - every kind planned is listed above
        raise AssertionError(change.kind)


def _count(sku: Sku, available: int, actor: Actor) -> None:
    """Make the SKU's free units on the seller's own shelves `available`: units found go on
    its main shelf, units missing come off its shelves, fullest first."""
    shelves = _shelf_levels(sku)
    change = available - sum(level.on_hand - level.reserved for level in shelves)
    if change > 0:
        adjust_stock(sku=sku, location=_main_shelf(shelves), change=change, reason=COUNTED,
                     actor=actor)  # fmt: skip
        return
    for level in shelves:
        taken = min(-change, level.on_hand - level.reserved)
        if taken > 0:
            adjust_stock(sku=sku, location=level.location, change=-taken, reason=COUNTED,
                         actor=actor)  # fmt: skip
            change += taken


def _shelf_levels(sku: Sku) -> list[StockLevel]:
    """The SKU's stock on the seller's own shelves, fullest first."""
    return list(
        StockLevel.objects.filter(
            sku=sku, location__kind=LocationKind.SHELF, location__is_active=True
        )
        .order_by("-on_hand", "location__pick_order")
        .select_related("location")
    )


def _main_shelf(shelves: list[StockLevel]) -> Location:
    """The shelf holding most of the SKU; else the first shelf there is."""
    if shelves:
        return shelves[0].location
    shelf = Location.objects.filter(kind=LocationKind.SHELF, is_active=True).first()
    if shelf is None:
        raise DomainError("Add a shelf location under Inventory first: stock is counted on one.")
    return shelf
