"""Reads for the Imports pages: the history, one import in full."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from sellerdesk.channels.models import Marketplace
from sellerdesk.orders.models import Order

from .flatfile.orders import Storefront
from .models import (
    AmazonConnection,
    FeedResult,
    FeedResultRecord,
    FileExport,
    MarketplaceSync,
    ReportImport,
)


def import_list() -> QuerySet[ReportImport]:
    return ReportImport.objects.select_related("user").order_by("-started_at", "-id")


@dataclass(frozen=True, slots=True)
class ImportDetail:
    record: ReportImport
    feed: FeedResult | None
    feed_records: list[tuple[FeedResultRecord, dict[str, str]]]
    """Each message with the uploaded file's record it is about, when sellerdesk made it."""
    short_orders: list[Order]
    earlier_same_file: ReportImport | None
    """A successful import of the same bytes before this one, if any."""


def import_get(pk: int, *, record_limit: int = 500) -> ImportDetail | None:
    record = ReportImport.objects.select_related("user").filter(pk=pk).first()
    if record is None:
        return None
    feed = FeedResult.objects.filter(imported_by=record).select_related("upload").first()
    records = []
    if feed is not None:
        for message in feed.records.all()[:record_limit]:
            upload = feed.upload.record(message.record_number) if feed.upload else {}
            records.append((message, upload))
    short = list(
        Order.objects.filter(external_id__in=record.short_of_stock[:50]).order_by("external_id")
    )
    earlier = (
        ReportImport.objects.filter(
            sha256=record.sha256, succeeded=True, dry_run=False, started_at__lt=record.started_at
        )
        .order_by("-started_at")
        .first()
        if record.sha256
        else None
    )
    return ImportDetail(record, feed, records, short, earlier)


def amazon_storefronts() -> dict[str, Storefront]:
    """Every Amazon marketplace as the order mappings need it, by Amazon's marketplace id."""
    return {
        m.external_id: Storefront(m.code, m.currency, m.domain)
        for m in Marketplace.objects.filter(channel__code="amazon")
    }


def amazon_marketplace_choices() -> list[tuple[str, str]]:
    """Amazon marketplaces, the seller's own first, as (code, label) pairs."""
    markets = Marketplace.objects.filter(channel__code="amazon").order_by("-is_active", "code")
    return [(m.code, f"{m.code}: {m.name}") for m in markets]


def export_list(limit: int = 20) -> list[FileExport]:
    return list(FileExport.objects.defer("content").order_by("-created_at", "-id")[:limit])


@dataclass(frozen=True, slots=True)
class SyncStatus:
    marketplace: Marketplace
    state: MarketplaceSync
    connected: bool


def sync_status_list() -> list[SyncStatus]:
    """Each marketplace the sync works, with what it did last, for the dashboard."""
    regions = set(AmazonConnection.objects.values_list("region", flat=True))
    states = MarketplaceSync.objects.select_related("marketplace").order_by("marketplace__code")
    return [SyncStatus(s.marketplace, s, s.marketplace.region in regions) for s in states]


def connection_list() -> list[AmazonConnection]:
    return list(AmazonConnection.objects.order_by("region"))
