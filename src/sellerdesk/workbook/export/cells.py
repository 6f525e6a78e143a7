"""Cell formats and the one way text is written.

Text is always written as a string cell, never parsed: a buyer named =HYPERLINK(...) stays
a name. Text that begins with = + - or @ also gets Excel's quote prefix, so that editing
the cell in Excel keeps it text rather than turning it into a formula.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from ..layout import Column

LONGEST_TEXT = 32_767
"""Excel's limit on the characters in a cell."""
FORMULA_START = ("=", "+", "-", "@")


@dataclass(frozen=True)
class Formats:
    header: Any
    title: Any
    text: Any
    quoted: Any
    money: Any
    number: Any
    decimal: Any
    percent: Any
    when: Any
    day: Any
    late: Any
    warn: Any
    empty: Any
    typed: Any
    """Text as typed: a column's format, for the cells the seller fills in."""

    @classmethod
    def of(cls, book: Workbook) -> Formats:
        return cls(
            header=book.add_format(
                {
                    "bold": True,
                    "bg_color": "#232F3E",
                    "font_color": "#FFFFFF",
                    "text_wrap": True,
                    "valign": "top",
                    "border": 1,
                }
            ),
            title=book.add_format({"bold": True, "font_size": 14}),
            text=book.add_format({}),
            quoted=book.add_format({"quote_prefix": True}),
            money=book.add_format({"num_format": "#,##0.00"}),
            number=book.add_format({"num_format": "0"}),
            decimal=book.add_format({"num_format": "0.00"}),
            percent=book.add_format({"num_format": "0.00%"}),
            when=book.add_format({"num_format": "yyyy-mm-dd hh:mm"}),
            day=book.add_format({"num_format": "yyyy-mm-dd"}),
            late=book.add_format({"bg_color": "#F8D7DA", "font_color": "#842029"}),
            warn=book.add_format({"bg_color": "#FFF3CD", "font_color": "#664D03"}),
            empty=book.add_format({"bg_color": "#DC3545", "font_color": "#FFFFFF"}),
            typed=book.add_format({"num_format": "@"}),
        )


def write_text(sheet: Worksheet, row: int, col: int, text: str, formats: Formats) -> None:
    if not text:
        return
    text = text[:LONGEST_TEXT]
    if text.startswith(FORMULA_START):
        sheet.write_string(row, col, text, formats.quoted)
    else:
        sheet.write_string(row, col, text)


def start_table(sheet: Worksheet, columns: tuple[Column, ...], rows: int, formats: Formats) -> None:
    """Headers, widths, frozen header row and filters over `rows` data rows."""
    for number, column in enumerate(columns):
        sheet.set_column(number, number, column.width, formats.typed if column.text else None)
        sheet.write_string(0, number, column.header, formats.header)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(rows, 1), len(columns) - 1)
