"""Order Tracking: one row per order line, a status drop-down, late orders highlighted."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from xlsxwriter.worksheet import Worksheet

from ..layout import ORDER_COLUMNS, column_letter, place
from ..selectors import STATUS_LABELS, OrderRow
from .cells import FORMULA_START, Formats, start_table
from .figures import Figures

STATUS_LIST = list(STATUS_LABELS.values())
OPEN_LABELS = ("Pending availability", "Pending", "Unshipped", "Partially shipped")
COL = {column.key: place(ORDER_COLUMNS, column.key) for column in ORDER_COLUMNS}
C = {column.key: column_letter(ORDER_COLUMNS, column.key) for column in ORDER_COLUMNS}


def write_orders(
    sheet: Worksheet,
    rows: Iterable[OrderRow],
    count: int,
    formats: Formats,
    figures: Figures,
    progress: Callable[[int], None] | None = None,
) -> None:
    start_table(sheet, ORDER_COLUMNS, count, formats)
    text = (COL["order_id"], COL["customer"], COL["sku"], COL["product"], COL["currency"],
            COL["status"], COL["fulfilled_by"], COL["carrier"], COL["tracking"], COL["notes"])  # fmt: skip
    times = (COL["order_date"], COL["ship_by"], COL["shipped"], COL["expected"], COL["delivered"])
    write_string, write_number, write_datetime = (
        sheet.write_string, sheet.write_number, sheet.write_datetime
    )  # fmt: skip
    quoted, when, money = formats.quoted, formats.when, formats.money
    number = 0
    # The hot loop of a big export: write_text's rule inlined (order text is never near
    # Excel's 32,767 characters a cell).
    for number, row in enumerate(rows, start=1):
        values = (row.order_id, row.customer, row.sku, row.product, row.currency, row.status,
                  row.fulfilled_by, row.carrier, row.tracking, row.notes)  # fmt: skip
        for col, value in zip(text, values, strict=True):
            if value:
                if value.startswith(FORMULA_START):
                    write_string(number, col, value, quoted)
                else:
                    write_string(number, col, value)
        for col, moment in zip(
            times,
            (row.order_date, row.ship_by, row.shipped, row.expected, row.delivered),
            strict=True,
        ):
            if moment is not None:
                write_datetime(number, col, moment, when)
        write_number(number, COL["line"], row.line)
        write_number(number, COL["quantity"], row.quantity)
        write_number(number, COL["unit_price"], float(row.unit_price), money)
        write_number(number, COL["total"], float(row.total), money)
        figures.add(row)
        if progress is not None and number % 5000 == 0:
            progress(number)
    last = max(number, 1)
    _status_drop_down(sheet, last)
    _highlight_late(sheet, last, formats)


def _status_drop_down(sheet: Worksheet, last: int) -> None:
    col = COL["status"]
    sheet.data_validation(
        1, col, last, col,
        {"validate": "list", "source": STATUS_LIST, "error_title": "Order status",
         "error_message": "Choose one of the statuses in the list."},
    )  # fmt: skip


def _highlight_late(sheet: Worksheet, last: int, formats: Formats) -> None:
    """The seller's own orders not shipped by the ship-by date, or not delivered by the
    expected date (as of now); Amazon answers for the orders it fulfils."""
    status, ship_by, shipped = C["status"], C["ship_by"], C["shipped"]
    seller = f'${C["fulfilled_by"]}2="Seller"'
    expected, delivered = C["expected"], C["delivered"]
    still_open = "OR(" + ",".join(f'${status}2="{label}"' for label in OPEN_LABELS) + ")"
    late_ship = (
        f'=AND({seller},${ship_by}2<>"",OR(AND(${shipped}2="",{still_open},NOW()>${ship_by}2),'
        f'AND(${shipped}2<>"",${shipped}2>${ship_by}2)))'
    )
    late_delivery = (
        f'=AND({seller},${expected}2<>"",${status}2<>"Cancelled",OR(AND(${delivered}2="",'
        f'NOW()>${expected}2),AND(${delivered}2<>"",${delivered}2>${expected}2)))'
    )
    for column, rule, look in (
        (COL["ship_by"], late_ship, formats.late),
        (COL["expected"], late_delivery, formats.warn),
    ):
        sheet.conditional_format(
            1, column, last, column, {"type": "formula", "criteria": rule, "format": look}
        )
    # The whole row's order id too, so a late order stands out when the sheet is sorted.
    sheet.conditional_format(
        1, COL["order_id"], last, COL["order_id"],
        {"type": "formula", "criteria": late_ship, "format": formats.late},
    )  # fmt: skip
