"""Pushing seller-fulfilled quantities that changed since they were last sent."""

from __future__ import annotations

import datetime as dt

from sellerdesk.catalog.models import Listing
from sellerdesk.channels.models import Marketplace
from sellerdesk.inventory.selectors import listing_quantities, published_quantities
from sellerdesk.inventory.services.publishing import record_published

from ..models import AmazonConnection
from ..spapi import SpApiClient, SpApiError
from ..spapi import operations as api
from .errors import StepErrors


def quantities_to_push(market: Marketplace) -> list[tuple[Listing, int]]:
    """Seller-fulfilled listings whose quantity differs from what Amazon was last sent.

    Listings taken off sale are sent too (as 0) until Amazon has heard so once.
    """
    listings = list(
        Listing.objects.filter(
            channel__code="amazon", marketplace=market, fulfilled_by_channel=False
        )
    )
    wanted = listing_quantities(listings)
    sent = published_quantities(listings)
    return [
        (listing, wanted[listing.pk])
        for listing in listings
        if sent.get(listing.pk) != wanted[listing.pk]
        and (listing.is_active or sent.get(listing.pk) is not None)
    ]


def push_quantities(
    client: SpApiClient,
    connection: AmazonConnection,
    market: Marketplace,
    *,
    now: dt.datetime,
    changes: list[tuple[Listing, int]] | None = None,
) -> dict[str, int]:
    """Send `changes` (None: work out what changed) and record each one Amazon took."""
    pushed = failed = 0
    errors = []
    for listing, quantity in quantities_to_push(market) if changes is None else changes:
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
        record_published({listing.pk: quantity}, at=now)
        pushed += 1
    if errors:
        raise StepErrors(errors, {"quantities_pushed": pushed, "quantities_failed": failed})
    return {"quantities_pushed": pushed, "quantities_failed": failed}
