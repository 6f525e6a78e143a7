"""Importing an Etsy or Shopify export: its orders recorded like any channel's, in the
import history, one file one transaction."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import BinaryIO

from sellerdesk.channels.amazon.flatfile.errors import FlatFileError
from sellerdesk.channels.amazon.flatfile.reports import ReportKind
from sellerdesk.channels.amazon.models import ReportImport
from sellerdesk.inventory.services import Actor
from sellerdesk.orders import domain
from sellerdesk.orders.services import record_orders

from . import etsy, listings, shopify
from .reader import CsvRows

Parser = Callable[[CsvRows], Iterator[tuple[int, domain.OrderData]]]


# Listings exports: quantities each channel says it offers, for the drift report.
_LISTINGS = {
    ReportKind.ETSY_LISTINGS: (listings.ETSY_SIGNATURE, "etsy"),
    ReportKind.SHOPIFY_PRODUCTS: (listings.SHOPIFY_SIGNATURE, "shopify"),
}


_PARSERS: dict[ReportKind, tuple[frozenset[str], Parser]] = {
    ReportKind.ETSY_ORDER_ITEMS: (etsy.SIGNATURE, etsy.etsy_orders),
    ReportKind.SHOPIFY_ORDERS: (shopify.SIGNATURE, shopify.shopify_orders),
}


def looks_like_csv(head: bytes) -> bool:
    """A comma-separated first line (Amazon's reports are tab-separated)."""
    first = head.split(b"\n", 1)[0]
    return b"," in first and b"\t" not in first


def export_kind(header: list[str]) -> ReportKind | None:
    columns = set(header)
    for kind, (signature, _) in [*_PARSERS.items(), *_LISTINGS.items()]:
        if signature <= columns:
            return kind
    return None


def import_channel_export(source: BinaryIO, record: ReportImport, actor: Actor) -> ReportKind:
    """Record the orders of an export inside the caller's transaction; fills in `record`."""
    rows = CsvRows(source, name=record.file_name)
    try:
        return _import(rows, record, actor)
    finally:
        rows.release()


def _import(rows: CsvRows, record: ReportImport, actor: Actor) -> ReportKind:
    record.encoding = rows.encoding
    kind = export_kind(rows.header)
    if kind is None:
        raise FlatFileError(
            "this comma-separated file is not an export sellerdesk can import",
            file=record.file_name, line=1,
            expected="the header of Etsy's order items or listings export (Shop Manager > "
            "Settings > Options > Download Data), Shopify's orders or products export, or a "
            "tab-separated Amazon report",
        )  # fmt: skip
    record.report = kind.name
    if kind in _LISTINGS:
        record.updated, record.skipped_reasons = listings.import_reported(
            rows, channel_code=_LISTINGS[kind][1]
        )
        record.skipped = sum(record.skipped_reasons.values())
        record.rows = rows.rows_read
        return kind
    _, parse = _PARSERS[kind]

    def orders() -> Iterator[domain.OrderData]:
        for line, order in parse(rows):
            try:
                domain.validate(order)
            except domain.InvalidOrderData as error:
                raise FlatFileError(str(error), file=record.file_name, line=line) from None
            yield order

    summary = record_orders(
        orders=orders(), actor=actor, note=f"imported from {record.file_name}", validated=True
    )
    record.created, record.updated, record.unchanged = (
        summary.created,
        summary.updated,
        summary.unchanged,
    )
    record.short_of_stock = summary.short_of_stock[:1000]
    record.rows = rows.rows_read
    return kind
