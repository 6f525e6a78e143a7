"""Reading FBA stock from Amazon into the region's FBA location, through the ledger."""

from __future__ import annotations

import datetime as dt

from sellerdesk.catalog.models import Sku
from sellerdesk.channels.models import Marketplace, SalesChannel
from sellerdesk.inventory.models import Location, LocationKind, StockLevel
from sellerdesk.inventory.services import Actor, count_stock
from sellerdesk.orders.services.sku_mapping import SkuResolver

from ..spapi import SpApiClient
from ..spapi import operations as api


def refresh_fba_stock(
    client: SpApiClient, market: Marketplace, *, actor: Actor, now: dt.datetime
) -> dict[str, int]:
    location = Location.objects.filter(
        kind=LocationKind.FBA, amazon_region=market.region, is_active=True
    ).first()
    if location is None:
        return {"fba_skus": 0}  # no FBA location for the region: the seller has no FBA stock
    resolver = SkuResolver(SalesChannel.objects.get(code="amazon"))
    counted = changed = 0
    for summary in api.inventory_summaries(client, marketplace_id=market.external_id):
        sku_id = resolver.sku_id(market.pk, str(summary.get("sellerSku") or ""))
        if sku_id is None:
            continue
        details = summary.get("inventoryDetails") or {}
        fulfillable = int(details.get("fulfillableQuantity", summary.get("totalQuantity", 0)) or 0)
        counted += 1
        level = StockLevel.objects.filter(sku_id=sku_id, location=location).first()
        if level is not None and level.on_hand == fulfillable:
            continue
        count_stock(
            sku=Sku.objects.get(pk=sku_id),
            location=location,
            counted=fulfillable,
            actor=actor,
            at=now,
        )
        changed += 1
    return {"fba_skus": counted, "fba_changed": changed}
