"""Cells of the channels' exports: amounts, counts and the date forms Etsy and Shopify use."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from .reader import CsvRows

# Etsy writes the buyer's country as a name; addresses keep ISO codes.
COUNTRY_CODES = {
    "united states": "US", "united kingdom": "GB", "canada": "CA", "australia": "AU",
    "germany": "DE", "france": "FR", "ireland": "IE", "netherlands": "NL", "the netherlands": "NL",
    "italy": "IT", "spain": "ES", "belgium": "BE", "austria": "AT", "switzerland": "CH",
    "sweden": "SE", "denmark": "DK", "norway": "NO", "finland": "FI", "new zealand": "NZ",
    "japan": "JP", "mexico": "MX", "portugal": "PT", "poland": "PL",
}  # fmt: skip


class Cells:
    """Reads typed values from one row, naming the line and column of anything malformed."""

    def __init__(self, rows: CsvRows, line: int, row: dict[str, str]) -> None:
        self.rows, self.line, self.row = rows, line, row

    def text(self, column: str) -> str:
        return self.row.get(column, "")

    def required(self, column: str, expected: str) -> str:
        value = self.text(column)
        if not value:
            raise self.rows.error(self.line, column, "this cell is empty", expected)
        return value

    def amount(self, column: str) -> Decimal:
        """An amount, 0 when empty; a currency sign or thousands commas are allowed."""
        value = self.text(column).replace(",", "").lstrip("$£€¥")
        if not value:
            return Decimal(0)
        try:
            return Decimal(value)
        except InvalidOperation:
            raise self.rows.error(
                self.line, column, f"{self.text(column)!r} is not an amount", "a number like 24.50"
            ) from None

    def count(self, column: str) -> int:
        value = self.required(column, "a whole number of units")
        if not value.isdigit() or int(value) == 0:
            raise self.rows.error(
                self.line, column, f"{value!r} is not a number of units", "a whole number like 2"
            )
        return int(value)

    def currency(self, column: str) -> str:
        value = self.required(column, "a three-letter currency code like USD").upper()
        if len(value) != 3 or not value.isalpha():
            raise self.rows.error(
                self.line, column, f"{value!r} is not a currency", "a code like USD or GBP"
            )
        return value

    def day(self, column: str, zone: ZoneInfo) -> dt.datetime | None:
        """Etsy's MM/DD/YY (or MM/DD/YYYY) as the start of that day in the seller's zone."""
        value = self.text(column)
        if not value:
            return None
        for form in ("%m/%d/%y", "%m/%d/%Y"):
            try:
                return dt.datetime.strptime(value, form).replace(tzinfo=zone)
            except ValueError:
                continue
        raise self.rows.error(self.line, column, f"{value!r} is not a date", "a date like 11/25/25")

    def instant(self, column: str) -> dt.datetime | None:
        """Shopify's '2025-10-07 09:50:26 +0200'."""
        value = self.text(column)
        if not value:
            return None
        try:
            return dt.datetime.strptime(value, "%Y-%m-%d %H:%M:%S %z")
        except ValueError:
            raise self.rows.error(
                self.line, column, f"{value!r} is not a date and time",
                "a time like 2025-10-07 09:50:26 +0200",
            ) from None  # fmt: skip


def country_code(value: str) -> str:
    """An ISO code as given, or the code of a country's English name; blank when unknown."""
    value = value.strip()
    if len(value) == 2 and value.isalpha():
        return value.upper()
    return COUNTRY_CODES.get(value.lower(), "")
