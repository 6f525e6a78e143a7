"""All Orders and Unshipped reports into orders, through orders.services.record_orders."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator

from django.db.models import QuerySet

from sellerdesk.channels.models import Marketplace
from sellerdesk.inventory.services import Actor
from sellerdesk.orders import domain
from sellerdesk.orders.services import record_orders

from ..flatfile.orders import OrderRows, SkippedOrder
from ..flatfile.reader import TabReader
from ..flatfile.reports import ReportKind
from ..models import ReportImport
from ..selectors import amazon_storefronts
from .staged import import_staged

PROGRESS_EVERY = 2_000  # orders between progress reports
STAGED = True
"""All Orders reports go through the staging table first (tests compare both ways)."""


def import_orders(
    reader: TabReader,
    kind: ReportKind,
    record: ReportImport,
    actor: Actor,
    progress: Callable[[int], None] | None,
    *,
    large: bool,
    reopen: Callable[[], TabReader],
) -> None:
    """Import an order report; `reopen` gives a reader at the file's top again."""
    storefronts = amazon_storefronts()
    fallback = _only_active(Marketplace.objects.filter(channel__code="amazon"))

    def order_rows(reader: TabReader) -> OrderRows:
        return OrderRows(
            reader,
            kind,
            storefronts=storefronts,
            default_marketplace=record.marketplace or None,
            fallback_marketplace=fallback,
        )

    note = f"Imported from {kind.value} {record.file_name}"
    progress = _onward(progress)
    if kind is ReportKind.ALL_ORDERS and STAGED:
        staged = import_staged(
            reader, order_rows(reader), actor=actor, note=note, progress=progress, large=large
        )
        if staged is not None:
            record.created, record.updated, record.unchanged = (
                staged.created,
                staged.updated,
                staged.unchanged,
            )
            _skipped(record, staged.skipped)
            record.short_of_stock = staged.short_of_stock[:1000]
            record.rows = reader.rows_read
            return
        reader = reopen()  # the row-by-row reader imports it, or says what is wrong
    rows = order_rows(reader)
    skipped: Counter[str] = Counter()

    def orders() -> Iterator[domain.OrderData]:
        for count, item in enumerate(rows, start=1):
            if progress is not None and count % PROGRESS_EVERY == 0:
                progress(reader.bytes_read)
            if isinstance(item, SkippedOrder):
                skipped[item.reason] += 1
                continue
            yield item.data

    summary = record_orders(
        orders=orders(),
        actor=actor,
        note=note,
        # The Unshipped report is an older snapshot that still brings the buyer and line ids.
        always_merge=kind is ReportKind.UNSHIPPED_ORDERS,
        validated=True,  # OrderRows checked each order, to name its line
        large=large,
    )
    if progress is not None:
        progress(reader.bytes_read)
    record.created, record.updated, record.unchanged = (
        summary.created,
        summary.updated,
        summary.unchanged,
    )
    _skipped(record, skipped)
    record.short_of_stock = summary.short_of_stock[:1000]
    record.rows = reader.rows_read


def _onward(progress: Callable[[int], None] | None) -> Callable[[int], None] | None:
    """Progress that never goes back: the reader, after the staged way gives up, starts
    from the file's top again, and the bar waits for it to pass where it was."""
    if progress is None:
        return None
    furthest = 0

    def report(done: int) -> None:
        nonlocal furthest
        if done > furthest:
            furthest = done
            progress(done)

    return report


def _skipped(record: ReportImport, skipped: Counter[str]) -> None:
    record.skipped = sum(skipped.values())
    record.skipped_reasons = dict(skipped)


def _only_active(marketplaces: QuerySet[Marketplace]) -> str | None:
    """The seller's one Amazon marketplace, for reports that do not name theirs."""
    active = list(marketplaces.filter(is_active=True).values_list("code", flat=True)[:2])
    return active[0] if len(active) == 1 else None
