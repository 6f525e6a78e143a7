"""An uploaded workbook's Order Tracking and Inventory sheets, read by their headers.

Sheets and headers are matched without case, spaces or punctuation; the header row may sit
under a few rows of titles; other sheets and columns are ignored. Rows keep their Excel
numbers, so every message can name the row the seller sees.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from python_calamine import CalamineWorkbook

from sellerdesk.core.errors import DomainError

from .layout import (
    ABOUT,
    INVENTORY,
    INVENTORY_COLUMNS,
    ORDER_COLUMNS,
    ORDERS,
    Column,
    letter,
    squeezed,
)

HEADER_SEARCH_ROWS = 10
SPREADSHEETS = (".xlsx", ".xlsm", ".ods")
"""The files read back as workbooks: Excel's, and LibreOffice's own when saved as it. Not
the old binary .xls: a damaged one can make the reader abort the whole process."""
OLD_EXCEL = ".xls"


@dataclass(frozen=True)
class Row:
    number: int
    """The row's number in Excel (1 is the first row)."""
    cells: dict[str, Any]
    """Column key -> the cell's value, for the columns found."""


@dataclass
class Table:
    sheet: str
    """The sheet's name as the workbook spells it."""
    columns: dict[str, str]
    """Column key -> "Header (letter)", for messages."""
    rows: list[Row] = field(default_factory=list)


@dataclass
class ReadBook:
    name: str
    orders: Table | None
    inventory: Table | None
    token: str = ""
    """The Workbook ID of a workbook sellerdesk exported (About sheet); empty for others."""


def read_workbook(content: bytes, name: str) -> ReadBook:
    if name.lower().endswith(OLD_EXCEL):
        raise DomainError(
            f"{name}: an old Excel file (.xls). Save it as an Excel workbook (.xlsx) and "
            "upload that."
        )
    try:
        sheets, data = _cells(content)
    except Exception as error:
        raise _unreadable(name, error) from None
    except BaseException as error:
        # The Rust reader's panics reach Python as pyo3's PanicException, a BaseException.
        if type(error).__name__ != "PanicException":
            raise
        raise _unreadable(name, error) from None
    tables = {}
    for title, columns, key in ((ORDERS, ORDER_COLUMNS, "order_id"),
                                (INVENTORY, INVENTORY_COLUMNS, "sku")):  # fmt: skip
        actual = sheets.get(squeezed(title))
        if actual is not None:
            tables[title] = _table(name, actual, data[actual], columns, key)
    if not tables:
        raise DomainError(
            f"{name}: no sheet named {ORDERS!r} or {INVENTORY!r}. Name the sheets like "
            "sellerdesk's workbook (Export > Workbook) to import them."
        )
    token = ""
    for row in data.get(sheets.get(squeezed(ABOUT), ""), []):
        if len(row) > 1 and squeezed(str(row[0])) == "workbookid":
            token = str(row[1]).strip()
    return ReadBook(name, tables.get(ORDERS), tables.get(INVENTORY), token)


def _cells(content: bytes) -> tuple[dict[str, str], dict[str, list[list[Any]]]]:
    """The sheets' names as matched -> as spelled, and the cells of the sheets read back."""
    with CalamineWorkbook.from_filelike(io.BytesIO(content)) as book:
        sheets = {squeezed(sheet): sheet for sheet in book.sheet_names}
        wanted = [sheets[squeezed(title)] for title in (ORDERS, INVENTORY, ABOUT)
                  if squeezed(title) in sheets]  # fmt: skip
        data = {
            sheet: book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
            for sheet in wanted
        }
    return sheets, data


def _unreadable(name: str, error: BaseException) -> DomainError:
    return DomainError(
        f"{name}: not a workbook that can be read ({error}). Save it from Excel or "
        "LibreOffice as .xlsx and upload it again."
    )


def _table(
    name: str, sheet: str, data: list[list[Any]], columns: tuple[Column, ...], key: str
) -> Table:
    names: dict[str, Column] = {}
    for column in columns:
        for spelling in (column.header, *column.aliases):
            names.setdefault(squeezed(spelling), column)
    wanted = next(column for column in columns if column.key == key)
    header = _header_row(data, names, wanted)
    if header is None:
        raise DomainError(
            f"{name}, sheet {sheet}: no {wanted.header!r} column in its first "
            f"{HEADER_SEARCH_ROWS} rows. Keep the header row of the exported workbook."
        )
    at, found = header
    seen: dict[str, int] = {}
    for n, column in found.items():
        if column.key in seen:
            raise DomainError(
                f"{name}, sheet {sheet}: two columns are {column.header!r} "
                f"({letter(seen[column.key])} and {letter(n)}); keep one."
            )
        seen[column.key] = n
    table = Table(sheet, {c.key: f"{c.header} ({letter(n)})" for n, c in found.items()})
    for offset, cells in enumerate(data[at + 1 :], start=at + 2):
        values = {c.key: cells[n] if n < len(cells) else "" for n, c in found.items()}
        if any(value not in ("", None) for value in values.values()):
            table.rows.append(Row(offset, values))
    return table


def _header_row(
    data: list[list[Any]], names: dict[str, Column], wanted: Column
) -> tuple[int, dict[int, Column]] | None:
    """The first row naming the sheet's key column, with the columns it names by position."""
    for at, cells in enumerate(data[:HEADER_SEARCH_ROWS]):
        found = {
            n: names[squeezed(cell)]
            for n, cell in enumerate(cells)
            if isinstance(cell, str) and squeezed(cell) in names
        }
        if wanted in found.values():
            return at, found
    return None
