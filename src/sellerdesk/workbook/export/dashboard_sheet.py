"""Dashboard: the period's figures as formulas over the other sheets, and charts of them."""

from __future__ import annotations

import datetime as dt

from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from sellerdesk.metrics.selectors.sales import Period, period_starts

from ..layout import DASHBOARD, INVENTORY, ORDERS
from .cells import Formats, write_text
from .figures import Figures
from .inventory_sheet import COL as INV_COL
from .inventory_sheet import C as INV
from .orders_sheet import C as ORDER

TOP = 10
CHARTED_SKUS = 50
NOT_CANCELLED = '"<>Cancelled"'


def write_dashboard(
    book: Workbook,
    sheet: Worksheet,
    *,
    figures: Figures,
    first: dt.date,
    last: dt.date,
    zone: str,
    order_rows: int,
    skus: int,
    titles: dict[str, str],
    formats: Formats,
    results: bool,
) -> None:
    end = max(order_rows, 1) + 1
    col = {key: f"'{ORDERS}'!${ORDER[key]}$2:${ORDER[key]}${end}" for key in ORDER}
    stock = f"'{INVENTORY}'!${INV['reorder']}$2:${INV['reorder']}${max(skus, 1) + 1}"

    def cached(value: float | int) -> float | int:
        return value if results else 0

    sheet.set_column(0, 0, 26)
    sheet.set_column(1, 3, 16)
    sheet.write_string(0, 0, "Dashboard", formats.title)
    sheet.write_string(1, 0, "Orders placed")
    sheet.write_string(1, 1, f"{first:%Y-%m-%d} to {last:%Y-%m-%d} (times in {zone})")
    sheet.write_string(2, 0, "As of")
    sheet.write_datetime(2, 1, figures.as_of, formats.when)
    sheet.write_string(4, 0, "Summary", formats.header)
    sheet.write_string(4, 1, "", formats.header)
    summary: list[tuple[str, str, float | int, object]] = [
        ("Orders", f"=COUNTIFS({col['line']},1,{col['status']},{NOT_CANCELLED})",
         figures.orders, formats.number),
        ("Units sold", f"=SUMIFS({col['quantity']},{col['status']},{NOT_CANCELLED})",
         figures.units, formats.number),
    ]  # fmt: skip
    for currency in sorted(figures.sales) or ["USD"]:
        summary.append((
            f"Sales ({currency})",
            f'=SUMIFS({col["total"]},{col["currency"]},"{currency}",{col["status"]},{NOT_CANCELLED})',
            float(figures.sales.get(currency, 0)), formats.money,
        ))  # fmt: skip
    late = (
        f'=SUMPRODUCT(({col["line"]}=1)*({col["fulfilled_by"]}="Seller")'
        f'*({col["status"]}<>"Cancelled")*({col["ship_by"]}<>"")'
        f'*(({col["shipped"]}<>"")*({col["shipped"]}>{col["ship_by"]})'
        f'+({col["shipped"]}="")*($B$3>{col["ship_by"]})))'
    )
    summary.append(("Late shipments (your own)", late, figures.late, formats.number))
    summary.append(("SKUs at their reorder point", f'=COUNTIF({stock},"Yes")', figures.to_reorder,
                    formats.number))  # fmt: skip
    for row, (label, formula, value, look) in enumerate(summary, start=5):
        sheet.write_string(row, 0, label)
        sheet.write_formula(row, 1, formula, look, cached(value))

    top_at = 6 + len(summary)
    sheet.write_string(top_at, 0, "Top products (units)", formats.header)
    sheet.write_string(top_at, 1, "Product", formats.header)
    sheet.write_string(top_at, 2, "Units", formats.header)
    top = figures.top(TOP)
    for row, (sku, units) in enumerate(top, start=top_at + 1):
        write_text(sheet, row, 0, sku, formats)
        write_text(sheet, row, 1, titles.get(sku, ""), formats)
        sheet.write_formula(
            row, 2,
            f"=SUMPRODUCT(EXACT({col['sku']},$A{row + 1})*({col['status']}<>\"Cancelled\"),"
            f"{col['quantity']})",
            formats.number, cached(units),
        )  # fmt: skip

    trend_at = top_at + max(len(top), 1) + 2
    currencies = sorted(figures.sales) or ["USD"]
    sheet.write_string(trend_at, 0, f"Sales by {figures.grain}: from", formats.header)
    sheet.write_string(trend_at, 1, "to", formats.header)
    for n, currency in enumerate(currencies, start=2):
        sheet.write_string(trend_at, n, currency, formats.header)
    starts = period_starts(Period(first, last), figures.grain)
    for row, start in enumerate(starts, start=trend_at + 1):
        until = (
            starts[row - trend_at] - dt.timedelta(days=1) if row - trend_at < len(starts) else last
        )
        sheet.write_datetime(row, 0, dt.datetime.combine(start, dt.time()), formats.day)
        sheet.write_datetime(row, 1, dt.datetime.combine(until, dt.time()), formats.day)
        for n, currency in enumerate(currencies, start=2):
            sheet.write_formula(
                row, n,
                f'=SUMIFS({col["total"]},{col["currency"]},"{currency}",{col["status"]},'
                f'{NOT_CANCELLED},{col["order_date"]},">="&$A{row + 1},'
                f'{col["order_date"]},"<"&($B{row + 1}+1))',
                formats.money, cached(float(figures.sales_by_start.get((start, currency), 0))),
            )  # fmt: skip

    _charts(book, sheet, trend_at=trend_at, periods=len(starts), currencies=currencies,
            top_at=top_at, top=len(top), skus=skus)  # fmt: skip


def _charts(
    book: Workbook,
    sheet: Worksheet,
    *,
    trend_at: int,
    periods: int,
    currencies: list[str],
    top_at: int,
    top: int,
    skus: int,
) -> None:
    trend = book.add_chart({"type": "line"})
    for n, _currency in enumerate(currencies, start=2):
        trend.add_series({
            "name": [DASHBOARD, trend_at, n],
            "categories": [DASHBOARD, trend_at + 1, 0, trend_at + periods, 0],
            "values": [DASHBOARD, trend_at + 1, n, trend_at + periods, n],
        })  # fmt: skip
    trend.set_title({"name": "Sales trend"})
    trend.set_x_axis({"date_axis": True, "num_format": "yyyy-mm-dd", "num_font": {"rotation": -45}})
    trend.set_legend({"position": "bottom"})
    sheet.insert_chart(1, 5, trend, {"x_scale": 1.4, "y_scale": 1.1})

    if top:
        best = book.add_chart({"type": "bar"})
        best.add_series({
            "name": "Units",
            "categories": [DASHBOARD, top_at + 1, 0, top_at + top, 0],
            "values": [DASHBOARD, top_at + 1, 2, top_at + top, 2],
        })  # fmt: skip
        best.set_title({"name": "Top products"})
        best.set_legend({"none": True})
        best.set_y_axis({"reverse": True})
        sheet.insert_chart(19, 5, best, {"x_scale": 1.4, "y_scale": 1.1})

    if skus:
        shown = min(skus, CHARTED_SKUS)
        levels = book.add_chart({"type": "column"})
        levels.add_series({
            "name": "Available",
            "categories": [INVENTORY, 1, INV_COL["sku"], shown, INV_COL["sku"]],
            "values": [INVENTORY, 1, INV_COL["available"], shown, INV_COL["available"]],
        })  # fmt: skip
        levels.set_title({"name": f"Inventory levels (first {shown} SKUs, those to reorder first)"})
        levels.set_legend({"none": True})
        sheet.insert_chart(37, 5, levels, {"x_scale": 2.0, "y_scale": 1.1})
