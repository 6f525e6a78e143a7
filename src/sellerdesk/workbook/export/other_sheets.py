"""Returns, Performance (Amazon's account-health metrics) and About."""

from __future__ import annotations

import datetime as dt

from xlsxwriter.worksheet import Worksheet

from sellerdesk.metrics.selectors.counts import Scope
from sellerdesk.metrics.selectors.summary import MetricResult

from ..layout import PERFORMANCE_COLUMNS, RETURN_COLUMNS, column_letter
from ..selectors import FULFILLED_BY, ReturnRow
from .cells import Formats, start_table, write_text


def write_returns(sheet: Worksheet, rows: list[ReturnRow], formats: Formats) -> None:
    start_table(sheet, RETURN_COLUMNS, len(rows), formats)
    for number, row in enumerate(rows, start=1):
        for col, value in enumerate((row.rma, row.order_id, row.sku)):
            write_text(sheet, number, col, value, formats)
        sheet.write_number(number, 3, row.quantity)
        write_text(sheet, number, 4, row.reason, formats)
        write_text(sheet, number, 5, row.status, formats)
        for col, when in ((6, row.requested), (7, row.received)):
            if when is not None:
                sheet.write_datetime(number, col, when, formats.when)
        sheet.write_number(number, 8, float(row.refunded), formats.money)
        write_text(sheet, number, 9, row.currency, formats)
        write_text(sheet, number, 10, row.note, formats)


def write_performance(
    sheet: Worksheet,
    results: list[tuple[Scope, MetricResult]],
    formats: Formats,
    *,
    cached: bool,
) -> None:
    start_table(sheet, PERFORMANCE_COLUMNS, len(results), formats)
    counted, of = (
        column_letter(PERFORMANCE_COLUMNS, "counted"),
        column_letter(PERFORMANCE_COLUMNS, "of"),
    )
    for number, (scope, result) in enumerate(results, start=1):
        market = scope.marketplace.code if scope.marketplace else "All"
        write_text(sheet, number, 0, market, formats)
        write_text(sheet, number, 1, FULFILLED_BY.get(scope.fulfillment, ""), formats)
        write_text(sheet, number, 2, result.policy.name, formats)
        sheet.write_datetime(number, 3, _midnight(result.window.first), formats.day)
        sheet.write_datetime(number, 4, _midnight(result.window.last), formats.day)
        sheet.write_number(number, 5, result.rate.numerator)
        sheet.write_number(number, 6, result.rate.denominator)
        value = result.rate.value
        sheet.write_formula(
            number, 7, f'=IF({of}{number + 1}>0,{counted}{number + 1}/{of}{number + 1},"")',
            formats.percent, (float(value) if value is not None else "") if cached else 0,
        )  # fmt: skip
        write_text(sheet, number, 8, result.policy.target.describe(), formats)
        write_text(sheet, number, 9, str(result.rate.status), formats)


def write_about(
    sheet: Worksheet,
    *,
    token: str,
    exported_at: dt.datetime,
    first: dt.date,
    last: dt.date,
    zone: str,
    formats: Formats,
) -> None:
    sheet.set_column(0, 0, 22)
    sheet.set_column(1, 1, 90)
    sheet.write_string(0, 0, "sellerdesk workbook", formats.title)
    facts = (
        ("Exported", exported_at.strftime("%Y-%m-%d %H:%M")),
        ("Orders placed from", f"{first:%Y-%m-%d}"),
        ("Orders placed to", f"{last:%Y-%m-%d}"),
        ("Times are in", zone),
        ("Workbook ID", token),
        ("Reading it back", "Change unit costs, available quantities (what is free on your own "
         "shelves: on hand less what orders hold), order "
         "statuses, carriers, tracking numbers, shipped and delivered dates and notes, or add "
         "products at the end of Inventory; then upload the workbook on the Imports page or "
         "run `sellerdesk import FILE.xlsx`. You see every change before it is applied."),
        ("Worked out by sellerdesk", "Ordered Quantity, Total Cost, On Order, velocity, lead "
         "time, safety stock, reorder point, and the Dashboard, Returns and Performance sheets "
         "are sellerdesk's own figures: they are not read back."),
    )  # fmt: skip
    for row, (label, value) in enumerate(facts, start=2):
        sheet.write_string(row, 0, label)
        write_text(sheet, row, 1, value, formats)


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time())
