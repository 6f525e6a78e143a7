"""XlsxWriter alone writing the export's Order Tracking and Inventory cells: the floor the
export is measured against. The cells are read into memory first; only the writing is timed."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

from xlsxwriter.workbook import Workbook

from sellerdesk.planning.selectors.restock import restock_list
from sellerdesk.workbook.export.inventory_sheet import (
    COL,
    FORMULA_KEYS,
    InventoryRow,
    row_formulas,
)
from sellerdesk.workbook.layout import INVENTORY_COLUMNS, ORDER_COLUMNS
from sellerdesk.workbook.selectors import Period, fba_available, order_rows


def write_alone(target: Path, first: dt.date, last: dt.date) -> float:
    rows = [
        (r.order_id, r.line, r.order_date, r.customer, r.sku, r.product, r.quantity,
         float(r.unit_price), float(r.total), r.currency, r.status, r.fulfilled_by, r.ship_by,
         r.shipped, r.carrier, r.tracking, r.expected, r.delivered, r.notes)
        for r in order_rows(Period(first, last))
    ]  # fmt: skip
    plans = restock_list()
    fba = fba_available([row.sku.pk for row in plans])
    stock = [InventoryRow.of(row, fba.get(row.sku.pk, 0)) for row in plans]
    started = time.perf_counter()
    book = Workbook(str(target), {"constant_memory": True})
    when = book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    money = book.add_format({"num_format": "#,##0.00"})
    orders = book.add_worksheet("Order Tracking")
    for col, column in enumerate(ORDER_COLUMNS):
        orders.write_string(0, col, column.header)
    for number, row in enumerate(rows, start=1):
        for col, value in enumerate(row):
            if isinstance(value, str):
                if value:
                    orders.write_string(number, col, value)
            elif isinstance(value, dt.datetime):
                orders.write_datetime(number, col, value, when)
            elif value is not None:
                orders.write_number(number, col, value, money if col in (7, 8) else None)
    inventory = book.add_worksheet("Inventory")
    for col, column in enumerate(INVENTORY_COLUMNS):
        inventory.write_string(0, col, column.header)
    end = len(rows) + 1
    for number, item in enumerate(stock, start=1):
        excel = number + 1
        for key, value in (("product_id", item.product_id), ("product", item.product),
                           ("sku", item.sku), ("cost_currency", item.cost_currency)):  # fmt: skip
            if value:
                inventory.write_string(number, COL[key], value)
        for key, number_value in (("unit_cost", float(item.unit_cost)),
                                  ("available", item.available), ("fba", item.fba),
                                  ("on_order", item.on_order),
                                  ("velocity", item.velocity), ("lead_time", item.lead_time),
                                  ("safety", item.safety)):  # fmt: skip
            inventory.write_number(number, COL[key], number_value)
        for key, formula in zip(FORMULA_KEYS, row_formulas(excel, end), strict=True):
            inventory.write_formula(number, COL[key], formula)
    book.close()
    return time.perf_counter() - started
