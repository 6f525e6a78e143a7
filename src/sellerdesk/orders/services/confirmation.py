"""How far the channel has been told of each shipment, kept on the shipment and the timeline.

Channel adapters work the outbox (shipments pending or failed); these are their writes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction

from sellerdesk.core.errors import InvalidTransition

from .. import domain
from ..models import ConfirmationState, OrderEvent, OrderEventKind, Shipment
from .timeline import add_event

SHIPPED_OR_PARTLY = (domain.PARTIALLY_SHIPPED, domain.SHIPPED, domain.INVOICE_UNCONFIRMED)


def mark_shipments_sent(
    *,
    shipment_ids: Iterable[int],
    state: str,
    reference: str,
    at: dt.datetime,
    actor: str,
    were: str | None = None,
) -> int:
    """Shipments put in a file for the seller to upload (EXPORTED), sent (SUBMITTED), or
    known to the channel already (CONFIRMED: it sold the label). With `were`, only those
    whose channel reference still is that."""
    ids = list(shipment_ids)
    how = {
        ConfirmationState.EXPORTED: "In a shipping confirmation file for Seller Central",
        ConfirmationState.SUBMITTED: "Sent to the channel",
        ConfirmationState.CONFIRMED: "The channel sold the label, so it has the tracking",
    }[ConfirmationState(state)]
    with transaction.atomic():
        if were is not None:
            # Only those still in the file that was sent: one relabelled meanwhile is
            # pending again, with a number the file does not have.
            ids = list(
                Shipment.objects.filter(pk__in=ids, channel_reference=were).values_list(
                    "pk", flat=True
                )
            )
        count = Shipment.objects.filter(pk__in=ids).update(
            channel_state=state,
            channel_reference=reference,
            channel_updated_at=at,
            channel_error="",
        )
        Shipment.objects.filter(pk__in=ids, first_told_at=None).update(first_told_at=at)
        _events(ids, at, OrderEventKind.NOTE, how, actor)
    return count


def settle_shipment(
    *, shipment_id: int, state: str, at: dt.datetime, error: str, actor: str
) -> None:
    """The channel's answer to a submitted shipment: CONFIRMED, or FAILED with its reason (the
    outbox retries). A shipment relabelled while it was in flight is pending again, and stays
    so: the answer was about its old tracking number."""
    with transaction.atomic():
        answered = Shipment.objects.filter(
            pk=shipment_id, channel_state=ConfirmationState.SUBMITTED
        ).update(channel_state=state, channel_updated_at=at, channel_error=error[:2000])
        if not answered:
            return
        if state == ConfirmationState.CONFIRMED:
            _events([shipment_id], at, OrderEventKind.CONFIRMED, "Channel has the tracking", actor)
        elif state == ConfirmationState.FAILED:
            _events([shipment_id], at, OrderEventKind.NOTE, f"Channel refused: {error}", actor)


def _events(shipment_ids: list[int], at: dt.datetime, kind: str, how: str, actor: str) -> None:
    shipments = Shipment.objects.filter(pk__in=shipment_ids).only("order_id", "tracking_number")
    OrderEvent.objects.bulk_create(
        OrderEvent(
            order_id=shipment.order_id,
            at=at,
            kind=kind,
            message=f"{how}: tracking {shipment.tracking_number or '(none)'}"[:500],
            actor=actor,
        )
        for shipment in shipments
    )


def replace_tracking(
    *,
    shipment: Shipment,
    carrier: str,
    ship_method: str,
    tracking_number: str,
    actor: str,
    at: dt.datetime,
    tracking_link: str = "",
) -> Shipment:
    """A new label for a package already shipped: the old one was voided. The channel is
    told again, with the new number, through the outbox."""
    with transaction.atomic():
        shipment = Shipment.objects.select_for_update().select_related("order").get(pk=shipment.pk)
        if shipment.order.status not in SHIPPED_OR_PARTLY:
            raise InvalidTransition(
                f"Order {shipment.order.external_id} is "
                f"{shipment.order.get_status_display().lower()}: its labels can no longer change."
            )
        before = " ".join(filter(None, (shipment.carrier, shipment.tracking_number))) or "none"
        shipment.carrier, shipment.ship_method = carrier, ship_method
        shipment.tracking_number = tracking_number
        shipment.channel_state = ConfirmationState.PENDING
        shipment.channel_reference, shipment.channel_error = "", ""
        shipment.channel_updated_at = at
        shipment.save()
        add_event(
            shipment.order,
            at,
            OrderEventKind.LABEL,
            f"New label {carrier} {tracking_number} (replaces {before}); the channel will be told",
            actor,
            link=tracking_link,
        )
    return shipment


def record_first_scans(*, channel: str, scanned: dict[str, list[str]], at: dt.datetime) -> int:
    """The carrier has these parcels (order id -> tracking numbers, as the channel reports
    them): their first scan is taken as now, when it was first seen; a later report of the
    same scan changes nothing."""
    count = 0
    for order_id, numbers in scanned.items():
        count += Shipment.objects.filter(
            order__channel__code=channel, order__external_id=order_id,
            tracking_number__in=numbers, first_scan_at=None,
        ).update(first_scan_at=at)  # fmt: skip
    return count
