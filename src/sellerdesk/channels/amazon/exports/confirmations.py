"""The shipping confirmation file: every shipment Amazon has not been told of, one row per
shipped line, in Seller Central's "Shipping confirmation" template."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q

from sellerdesk.core import clock
from sellerdesk.inventory.services import Actor
from sellerdesk.orders import domain
from sellerdesk.orders.models import ConfirmationState, Shipment
from sellerdesk.orders.services import mark_shipments_sent

from ..models import ExportKind, FileExport
from .carriers import carrier_code
from .errors import NothingToExport
from .files import save_export

COLUMNS = (
    "order-id",
    "order-item-id",
    "quantity",
    "ship-date",
    "carrier-code",
    "carrier-name",
    "tracking-number",
    "ship-method",
)


@transaction.atomic
def export_shipping_confirmations(*, marketplace: str | None, actor: Actor) -> FileExport:
    """Make the file and mark its shipments exported, so no later file sends them again.

    A shipment that is refused by Amazon (state failed) is exported again.
    """
    shipments = (
        Shipment.objects.select_for_update(of=("self",))
        .filter(
            order__channel__code="amazon",
            order__fulfillment=domain.SELLER,
            channel_state__literal_in=[ConfirmationState.PENDING, ConfirmationState.FAILED],
        )
        .filter(Q(order__marketplace__code=marketplace) if marketplace else Q())
        .select_related("order")
        .prefetch_related("lines__order_line", "order__lines", "order__shipments")
        .order_by("shipped_at", "pk")
    )
    rows = []
    chosen = []
    held_back = []
    for shipment in shipments:
        if not _can_name_its_items(shipment):
            held_back.append(shipment.order.external_id)
            continue
        code, name = carrier_code(shipment.carrier)
        for line in shipment.lines.all():
            item = line.order_line.external_id
            rows.append(
                [
                    shipment.order.external_id,
                    # A line known only by SKU has no item id: blank confirms the order's
                    # items, which is right only when this shipment holds all of them.
                    "" if domain.is_sku_line_id(item) else item,
                    str(line.quantity),
                    shipment.shipped_at.isoformat(timespec="seconds"),
                    code,
                    name,
                    shipment.tracking_number,
                    shipment.ship_method,
                ]
            )
        chosen.append(shipment.pk)
    note = (
        f"Held back, still to confirm: {', '.join(held_back)}. Part of each order was shipped "
        "and its lines have no Amazon item id (they came from an All Orders report): import "
        "the Unshipped report first, or confirm them in Seller Central."
        if held_back
        else ""
    )
    if not rows:
        raise NothingToExport(
            note or "Every shipment has already been sent to Amazon: nothing to confirm."
        )
    export = save_export(
        kind=ExportKind.SHIPPING_CONFIRMATION,
        marketplace=marketplace,
        columns=COLUMNS,
        rows=rows,
        prefix="shipping-confirmation",
        created_by=actor.name,
        notes=note,
    )
    mark_shipments_sent(
        shipment_ids=chosen,
        state=ConfirmationState.EXPORTED,
        reference=f"file:{export.pk}",
        at=clock.now(),
        actor=actor.name,
    )
    return export


def _can_name_its_items(shipment: Shipment) -> bool:
    """A blank order-item-id confirms the whole order: allowed only when this one shipment
    carries every unit of it."""
    lines = list(shipment.lines.all())
    if not any(domain.is_sku_line_id(line.order_line.external_id) for line in lines):
        return True
    shipped = {line.order_line_id: line.quantity for line in lines}
    order_lines = shipment.order.lines.all()
    return len(shipment.order.shipments.all()) == 1 and all(
        shipped.get(line.pk, 0) == line.quantity_ordered - line.quantity_cancelled
        for line in order_lines
    )
