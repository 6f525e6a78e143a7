"""What Etsy and Shopify say they offer: their listings exports, read for the drift report.

Etsy's "Currently for Sale Listings" export (Shop Manager > Settings > Options > Download
Data) and Shopify's products export (Products > Export) give each SKU's quantity on sale.
A SKU with no listing on the channel yet gets one when the catalogue has that SKU.
"""

from __future__ import annotations

from collections import Counter

from sellerdesk.catalog.models import Listing, Sku
from sellerdesk.channels.models import SalesChannel
from sellerdesk.core import clock
from sellerdesk.inventory.services.publishing import record_reported

from .reader import CsvRows
from .values import Cells

ETSY_SIGNATURE = frozenset({"title", "price", "currency_code", "quantity", "sku"})
SHOPIFY_SIGNATURE = frozenset({"handle", "variant sku", "variant inventory qty"})


def import_reported(rows: CsvRows, *, channel_code: str) -> tuple[int, dict[str, int]]:
    """Record each listed SKU's quantity; returns (listings updated, skipped by reason)."""
    sku_column, quantity_column = (
        ("sku", "quantity") if channel_code == "etsy" else ("variant sku", "variant inventory qty")
    )
    channel = SalesChannel.objects.get(code=channel_code)
    listings = {
        listing.channel_sku: listing
        for listing in Listing.objects.filter(channel=channel, marketplace__isnull=True)
    }
    catalogue = dict(Sku.objects.values_list("code", "pk"))
    reported: dict[int, int] = {}
    skipped: Counter[str] = Counter()
    for line, row in rows:
        cells = Cells(rows, line, row)
        code = cells.text(sku_column)
        if not code:
            skipped["no SKU on the channel's listing"] += 1
            continue
        text = cells.text(quantity_column) or "0"
        if not text.lstrip("-").isdigit():
            raise rows.error(line, quantity_column, f"{text!r} is not a quantity", "a whole number")
        listing = listings.get(code)
        if listing is None:
            if code not in catalogue:
                skipped[f"no SKU {code} in the catalogue"] += 1
                continue
            listing = Listing.objects.create(
                sku_id=catalogue[code], channel=channel, channel_sku=code
            )
            listings[code] = listing
        # Shopify counts variants sold beyond stock as negative: nothing is on offer then.
        reported[listing.pk] = reported.get(listing.pk, 0) + max(0, int(text))
    record_reported(reported, at=clock.now())
    return len(reported), dict(skipped)
