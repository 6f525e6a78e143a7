"""Sending the shipping confirmation file through the Feeds API instead of uploading it."""

from __future__ import annotations

import httpx

from sellerdesk.channels.models import Marketplace
from sellerdesk.core import clock
from sellerdesk.inventory.services import Actor
from sellerdesk.orders.models import ConfirmationState, Shipment
from sellerdesk.orders.services import mark_shipments_sent

from ..exports import export_shipping_confirmations
from ..models import FileExport
from ..spapi import operations as api
from .connection import open_client

CONFIRMATION_FEED = "POST_FLAT_FILE_FULFILLMENT_DATA"


def submit_confirmation_feed(
    *, marketplace: str, actor: Actor, transport: httpx.BaseTransport | None = None
) -> tuple[FileExport, str]:
    """Make the confirmation file for a marketplace and send it as a feed; returns the file
    and Amazon's feed id. Its shipments are then submitted, no longer merely exported."""
    market = Marketplace.objects.get(channel__code="amazon", code=marketplace)
    with open_client(market, transport=transport) as (client, _connection):
        export = export_shipping_confirmations(marketplace=marketplace, actor=actor)
        feed_id = api.submit_feed(
            client,
            feed_type=CONFIRMATION_FEED,
            marketplace_ids=[market.external_id],
            content=export.content.encode(export.encoding),
            content_type=f"text/tab-separated-values; charset={_charset(export.encoding)}",
        )
    mark_shipments_sent(
        shipment_ids=Shipment.objects.filter(channel_reference=f"file:{export.pk}").values_list(
            "pk", flat=True
        ),
        state=ConfirmationState.SUBMITTED,
        reference=f"feed:{feed_id}",
        at=clock.now(),
        actor=actor.name,
        were=f"file:{export.pk}",
    )
    return export, feed_id


def _charset(codec: str) -> str:
    return {"cp1252": "windows-1252", "cp932": "Shift_JIS"}.get(codec, "UTF-8")
