"""The workbook's sheets and columns, shared by the export and the import.

A seller's own workbook imports when its sheets and headers match these names, compared
without case, spaces or punctuation ("Order ID", "order id" and "OrderID" are one column).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ORDERS = "Order Tracking"
INVENTORY = "Inventory"
DASHBOARD = "Dashboard"
RETURNS = "Returns"
PERFORMANCE = "Performance"
ABOUT = "About"

MOST_ROWS = 1_048_576
"""Excel's limit on rows in a sheet, the header row included."""


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    width: float
    read_back: bool = False
    """The import reads the column (the others are sellerdesk's own figures)."""
    aliases: tuple[str, ...] = ()
    text: bool = False
    """Formatted as text, so that Excel keeps what is typed there as typed: a 22-digit
    tracking number would otherwise become a number rounded to 15 digits."""


ORDER_COLUMNS = (
    Column(
        "order_id", "Order ID", 21, read_back=True, aliases=("order", "order number"), text=True
    ),
    Column("line", "Line", 6),
    Column("order_date", "Order Date", 17),
    Column("customer", "Customer Name", 22, aliases=("customer", "buyer", "buyer name")),
    Column("sku", "SKU", 18, text=True),
    Column("product", "Product", 36, aliases=("product name", "title")),
    Column("quantity", "Quantity", 9, aliases=("qty", "units")),
    Column("unit_price", "Unit Price", 11),
    Column("total", "Total", 11),
    Column("currency", "Currency", 9),
    Column("status", "Order Status", 18, read_back=True, aliases=("status",)),
    Column("fulfilled_by", "Fulfilled By", 12),
    Column("ship_by", "Ship By", 17),
    Column("shipped", "Shipped Date", 17, read_back=True, aliases=("shipped", "ship date")),
    Column("carrier", "Carrier", 16, read_back=True, text=True),
    Column("tracking", "Tracking Number", 24, read_back=True, aliases=("tracking",), text=True),
    Column("expected", "Expected Delivery", 17),
    Column("delivered", "Delivered Date", 17, read_back=True, aliases=("delivered",)),
    Column("notes", "Notes", 40, read_back=True, aliases=("note",), text=True),
)

INVENTORY_COLUMNS = (
    Column("product_id", "Product ID", 13, read_back=True, aliases=("asin",), text=True),
    Column("product", "Product Name", 36, read_back=True, aliases=("product", "title"), text=True),
    Column("sku", "SKU", 18, read_back=True, text=True),
    Column("unit_cost", "Unit Cost", 11, read_back=True, aliases=("cost",)),
    Column("cost_currency", "Cost Currency", 9, read_back=True, aliases=("currency",)),
    Column(
        "available",
        "Available Quantity",
        11,
        read_back=True,
        aliases=("available", "stock", "qty", "quantity", "available qty"),
    ),
    Column("fba", "At Amazon (FBA)", 10),
    Column("ordered", "Ordered Quantity", 11),
    Column("total_cost", "Total Cost", 12),
    Column("on_order", "On Order", 10),
    Column("velocity", "Daily Sales Velocity", 11, aliases=("velocity",)),
    Column("lead_time", "Lead Time (days)", 10, aliases=("lead time",)),
    Column("safety", "Safety Stock", 10),
    Column("reorder_point", "Reorder Point", 10),
    Column("reorder", "Reorder?", 10),
)

RETURN_COLUMNS = (
    Column("rma", "Return", 16),
    Column("order_id", "Order ID", 21),
    Column("sku", "SKU", 18),
    Column("quantity", "Quantity", 9),
    Column("reason", "Reason", 24),
    Column("status", "Status", 14),
    Column("requested", "Requested", 17),
    Column("received", "Received", 17),
    Column("refunded", "Refunded", 11),
    Column("currency", "Currency", 9),
    Column("note", "Note", 40),
)

PERFORMANCE_COLUMNS = (
    Column("marketplace", "Marketplace", 13),
    Column("fulfilment", "Fulfilled By", 12),
    Column("metric", "Metric", 34),
    Column("from", "From", 12),
    Column("to", "To", 12),
    Column("counted", "Counted", 10),
    Column("of", "Of", 10),
    Column("rate", "Rate", 10),
    Column("target", "Target", 16),
    Column("status", "Status", 10),
)


def squeezed(text: str) -> str:
    """A header or sheet name as matched: lower case, letters and digits only."""
    return re.sub(r"[^0-9a-z]", "", text.casefold())


def letter(index: int) -> str:
    """The column letter of a 0-based column index (0 -> A, 26 -> AA)."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def place(columns: tuple[Column, ...], key: str) -> int:
    return next(n for n, column in enumerate(columns) if column.key == key)


def column_letter(columns: tuple[Column, ...], key: str) -> str:
    return letter(place(columns, key))
