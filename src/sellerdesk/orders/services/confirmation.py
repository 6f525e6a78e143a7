"""How far the channel has been told of each shipment, kept on the shipment and the timeline.

Channel adapters work the outbox (shipments pending or failed); these are their writes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction

from ..models import ConfirmationState, OrderEvent, OrderEventKind, Shipment


def mark_shipments_sent(
    *, shipment_ids: Iterable[int], state: str, reference: str, at: dt.datetime, actor: str
) -> int:
    """Shipments put in a file for the seller to upload (EXPORTED) or sent (SUBMITTED)."""
    ids = list(shipment_ids)
    how = {
        ConfirmationState.EXPORTED: "In a shipping confirmation file for Seller Central",
        ConfirmationState.SUBMITTED: "Sent to the channel",
    }[ConfirmationState(state)]
    with transaction.atomic():
        count = Shipment.objects.filter(pk__in=ids).update(
            channel_state=state,
            channel_reference=reference,
            channel_updated_at=at,
            channel_error="",
        )
        _events(ids, at, OrderEventKind.NOTE, how, actor)
    return count


def settle_shipment(
    *, shipment_id: int, state: str, at: dt.datetime, error: str, actor: str
) -> None:
    """The channel's answer: CONFIRMED, or FAILED with its reason (the outbox retries)."""
    with transaction.atomic():
        Shipment.objects.filter(pk=shipment_id).update(
            channel_state=state, channel_updated_at=at, channel_error=error[:2000]
        )
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
