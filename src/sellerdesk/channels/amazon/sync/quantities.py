"""Pushing seller-fulfilled quantities that changed since they were last sent."""

from __future__ import annotations

import datetime as dt

from sellerdesk.catalog.models import Listing
from sellerdesk.channels.models import Marketplace
from sellerdesk.inventory.selectors import publishable_quantities

from ..models import AmazonConnection, PushedQuantity
from ..spapi import SpApiClient, SpApiError
from ..spapi import operations as api
from .errors import StepErrors


def push_quantities(
    client: SpApiClient, connection: AmazonConnection, market: Marketplace, *, now: dt.datetime
) -> dict[str, int]:
    listings = list(
        Listing.objects.filter(
            channel__code="amazon", marketplace=market, fulfilled_by_channel=False, is_active=True
        )
    )
    wanted = publishable_quantities(sorted({listing.sku_id for listing in listings}))
    sent = {
        pushed.listing_id: pushed.quantity
        for pushed in PushedQuantity.objects.filter(listing__in=listings)
    }
    pushed = failed = 0
    errors = []
    for listing in listings:
        quantity = wanted.get(listing.sku_id, 0)
        if sent.get(listing.pk) == quantity:
            continue
        try:
            api.set_quantity(
                client,
                seller_id=connection.seller_id,
                sku=listing.channel_sku,
                marketplace_id=market.external_id,
                quantity=quantity,
            )
        except SpApiError as error:
            failed += 1
            errors.append(f"{listing.channel_sku}: {error}")
            continue  # tried again next run: nothing is recorded as sent
        PushedQuantity.objects.update_or_create(
            listing=listing, defaults={"quantity": quantity, "pushed_at": now}
        )
        pushed += 1
    if errors:
        raise StepErrors(errors, {"quantities_pushed": pushed, "quantities_failed": failed})
    return {"quantities_pushed": pushed, "quantities_failed": failed}
