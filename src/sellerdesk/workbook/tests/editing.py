"""Editing an exported workbook as a seller would in Excel: by header, on the row of an
order or a SKU."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl


def edit(path: Path, sheet: str, key: str, match: str, **values: Any) -> None:
    """Set columns (by header) on every row of `sheet` whose `key` column reads `match`."""
    book = openpyxl.load_workbook(path)
    table = book[sheet]
    header = [cell.value for cell in table[1]]
    found = False
    for row in table.iter_rows(min_row=2):
        if row[header.index(key)].value == match:
            found = True
            for name, value in values.items():
                row[header.index(name)].value = value
    assert found, f"no row of {sheet} has {key} {match}"
    book.save(path)


def append(path: Path, sheet: str, **values: Any) -> None:
    book = openpyxl.load_workbook(path)
    table = book[sheet]
    header = [cell.value for cell in table[1]]
    table.append([values.get(name) for name in header])
    book.save(path)


def delete_row(path: Path, sheet: str, key: str, match: str) -> None:
    book = openpyxl.load_workbook(path)
    table = book[sheet]
    header = [cell.value for cell in table[1]]
    for row in table.iter_rows(min_row=2):
        if row[header.index(key)].value == match:
            table.delete_rows(row[0].row)
            break
    book.save(path)
