"""The whole workbook, written in XlsxWriter's constant-memory mode: each sheet's rows go to
disk as they are written, so a hundred thousand orders take no more memory than ten."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from django.conf import settings
from django.db.models import Max
from xlsxwriter.workbook import Workbook

from sellerdesk.core import clock
from sellerdesk.core.errors import DomainError
from sellerdesk.metrics.selectors.summary import metric_summary, policy_list, scope_list
from sellerdesk.orders.models import OrderEvent, Shipment
from sellerdesk.planning.selectors.restock import restock_list

from ..layout import ABOUT, DASHBOARD, INVENTORY, MOST_ROWS, ORDERS, PERFORMANCE, RETURNS
from ..models import WorkbookExport
from ..selectors import Period, fba_available, notes_of, order_count, order_rows, return_rows
from .cells import Formats
from .dashboard_sheet import write_dashboard
from .figures import Figures, grain_for
from .inventory_sheet import InventoryRow, write_inventory
from .orders_sheet import write_orders
from .other_sheets import write_about, write_performance, write_returns

KEPT_FOR = dt.timedelta(days=183)
DEFAULT_DAYS = 90


def default_period(
    first: dt.date | None = None, last: dt.date | None = None
) -> tuple[dt.date, dt.date]:
    """The days a workbook covers where the seller names none: the last 90, to today."""
    last = last or clock.seller_today()
    return first or last - dt.timedelta(days=DEFAULT_DAYS - 1), last


@dataclass(frozen=True)
class Exported:
    token: str
    order_rows: int
    skus: int
    figures: Figures


def export_workbook(
    target: str | Path | BinaryIO,
    *,
    first: dt.date,
    last: dt.date,
    results: bool = True,
    progress: Callable[[int, int], None] | None = None,
) -> Exported:
    """Write the workbook of the orders placed from `first` to `last` (the seller's days).

    `results`: store each formula's result as sellerdesk works it out, for spreadsheets that
    show stored results without recalculating; without them every formula reads 0 until
    recalculated. `progress(done, total)` is told of the order rows as they are written.
    """
    if last < first:
        raise DomainError(f"The period ends ({last}) before it starts ({first}).")
    period = Period(first, last)
    count = order_count(period)
    if count >= MOST_ROWS:
        raise DomainError(
            f"{count:,} order lines are more than a sheet holds ({MOST_ROWS - 1:,}): "
            "export a shorter period with --from and --to."
        )
    now = clock.now()
    zone = settings.SELLERDESK_TIME_ZONE
    figures = Figures(as_of=now.astimezone(clock.seller_zone()).replace(tzinfo=None, microsecond=0),
                      grain=grain_for(first, last))  # fmt: skip
    plans = restock_list()
    fba = fba_available([row.sku.pk for row in plans])
    stock = [InventoryRow.of(row, fba.get(row.sku.pk, 0)) for row in plans]
    figures.to_reorder = sum(1 for row in stock if row.reorder)
    # What old workbooks said is of no use once they are half a year old.
    WorkbookExport.objects.filter(exported_at__lt=now - KEPT_FOR).delete()
    record = WorkbookExport.objects.create(
        exported_at=now, first_day=first, last_day=last,
        skus={row.sku: _read_back(row) for row in stock}, notes=notes_of(period),
        last_event=OrderEvent.objects.aggregate(last=Max("pk"))["last"] or 0,
        last_shipment=Shipment.objects.aggregate(last=Max("pk"))["last"] or 0,
    )  # fmt: skip
    book = Workbook(
        target,
        {"constant_memory": True, "strings_to_numbers": False, "strings_to_formulas": False,
         "strings_to_urls": False, "default_date_format": "yyyy-mm-dd hh:mm"},
    )  # fmt: skip
    with book:
        formats = Formats.of(book)
        # Sheets appear in the order they are added; each is written in one pass, top down.
        dashboard = book.add_worksheet(DASHBOARD)
        orders = book.add_worksheet(ORDERS)
        inventory = book.add_worksheet(INVENTORY)
        returns = book.add_worksheet(RETURNS)
        performance = book.add_worksheet(PERFORMANCE)
        about = book.add_worksheet(ABOUT)
        tell = (lambda done: progress(done, count)) if progress else None
        write_orders(orders, order_rows(period), count, formats, figures, tell)
        write_inventory(inventory, stock, count, formats, figures, results=results)
        write_returns(returns, return_rows(period), formats)
        policies = policy_list()
        write_performance(
            performance,
            [(scope, result) for scope in scope_list()
             for result in metric_summary(scope, now.date(), policies)],
            formats, cached=results,
        )  # fmt: skip
        write_dashboard(
            book, dashboard, figures=figures, first=first, last=last, zone=zone,
            order_rows=count, skus=len(stock),
            titles={row.sku: row.product for row in stock}, formats=formats, results=results,
        )  # fmt: skip
        write_about(about, token=str(record.token), exported_at=figures.as_of, first=first,
                    last=last, zone=zone, formats=formats)  # fmt: skip
        dashboard.activate()
        if progress:
            progress(count, count)
    return Exported(str(record.token), count, len(stock), figures)


def _read_back(row: InventoryRow) -> dict[str, str | int]:
    """The SKU's values in the columns the import reads, as written."""
    return {
        "product_id": row.product_id, "product": row.product, "unit_cost": str(row.unit_cost),
        "cost_currency": row.cost_currency, "available": row.available,
    }  # fmt: skip
