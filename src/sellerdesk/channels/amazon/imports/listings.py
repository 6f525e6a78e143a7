"""Amazon's listings reports (Active Listings, All Listings): what Amazon says each
seller-fulfilled listing offers, for the drift report. FBA rows are Amazon's own count."""

from __future__ import annotations

from collections import Counter

from sellerdesk.catalog.models import Listing
from sellerdesk.channels.models import Marketplace
from sellerdesk.core import clock
from sellerdesk.core.errors import DomainError
from sellerdesk.inventory.services.publishing import record_reported

from ..flatfile.errors import FlatFileError
from ..flatfile.reader import TabReader
from ..models import ReportImport


def import_listings(reader: TabReader, record: ReportImport) -> None:
    market = _marketplace(record.marketplace)
    listings = {
        listing.channel_sku: listing.pk
        for listing in Listing.objects.filter(channel__code="amazon", marketplace=market)
    }
    reported: dict[int, int] = {}
    skipped: Counter[str] = Counter()
    for row in reader:
        channel = row.get("fulfillment-channel").upper()
        if channel and channel != "DEFAULT":
            skipped["fulfilled by Amazon: its stock is Amazon's count"] += 1
            continue
        listing = listings.get(row.get("seller-sku"))
        if listing is None:
            skipped[f"no listing for {row.get('seller-sku')} on Amazon {market.code}"] += 1
            continue
        text = row.get("quantity") or "0"
        if not text.isdigit():
            raise FlatFileError(
                f"{text!r} is not a quantity", file=reader.name, line=row.line,
                column="quantity", expected="a whole number",
            )  # fmt: skip
        reported[listing] = int(text)
    record_reported(reported, at=clock.now())
    record.updated = len(reported)
    record.skipped = sum(skipped.values())
    record.skipped_reasons = dict(skipped)
    record.rows = reader.rows_read


def _marketplace(code: str) -> Marketplace:
    markets = Marketplace.objects.filter(channel__code="amazon")
    if code:
        return markets.get(code=code)
    active = list(markets.filter(is_active=True))
    if len(active) != 1:
        raise DomainError(
            "a listings report does not say its marketplace: give it with --marketplace "
            "(or choose it on the upload form)"
        )
    return active[0]
