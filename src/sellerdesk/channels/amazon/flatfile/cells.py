"""Typed reads of one report row: every error names the file, line and column."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TypedDict

from sellerdesk.core.money import Money

from .errors import FlatFileError
from .reader import Row
from .values import DATE_FORMS, PLAIN_AMOUNT, parse_datetime, parse_decimal

# What the order tables hold (DecimalField(max_digits=14, decimal_places=4)).
AMOUNT_PLACES = 4
MAX_AMOUNT = Decimal(10) ** (14 - AMOUNT_PLACES)
_TRUE = frozenset({"true", "yes", "y", "1"})
_FALSE = frozenset({"false", "no", "n", "0", ""})


class Cells:
    """One row of a report, read as text, times, counts, amounts and flags."""

    __slots__ = ("_columns", "_values", "file", "row")

    def __init__(self, row: Row, file: str) -> None:
        self.row, self.file = row, file
        # Read a million times a file: the row's parts at hand, not behind Row.get.
        self._columns, self._values = row.columns, row.values

    def error(self, column: str, message: str, expected: str) -> FlatFileError:
        return FlatFileError(
            message, file=self.file, line=self.row.line, column=column, expected=expected
        )

    def text(self, column: str) -> str:
        index = self._columns.get(column)
        return "" if index is None else self._values[index].strip()

    def required(self, column: str) -> str:
        value = self.text(column)
        if not value:
            raise self.error(column, "the cell is empty", "a value")
        return value

    def time(self, column: str) -> dt.datetime:
        value = self.required(column)
        try:
            return parse_datetime(value)
        except ValueError:
            raise self.error(column, f"{value!r} is not a date", DATE_FORMS) from None

    def optional_time(self, column: str) -> dt.datetime | None:
        return self.time(column) if self.text(column) else None

    def count(self, column: str, *, default: int | None = None) -> int:
        value = self.text(column)
        if not value and default is not None:
            return default
        # isdigit alone lets through "²" and other digits int() refuses.
        if not (value.isascii() and value.isdigit()) or len(value) > 9:
            raise self.error(column, f"{value!r} is not a quantity", "a whole number, 0 or more")
        return int(value)

    def money(self, column: str, currency: str) -> Money | None:
        value = self.text(column)
        if not value:
            return None
        point = value.find(".")
        if PLAIN_AMOUNT.fullmatch(value):  # "48.00": most cells, checked on the text
            amount = Decimal(value)
            too_precise = point >= 0 and len(value) - point - 1 > AMOUNT_PLACES
        else:
            try:
                amount = parse_decimal(value)
            except ValueError:
                raise self.error(
                    column, f"{value!r} is not an amount", "a number such as 12.50 or 12,50"
                ) from None
            too_precise = amount.as_tuple().exponent < -AMOUNT_PLACES  # type: ignore[operator]
        if too_precise or abs(amount) >= MAX_AMOUNT:
            raise self.error(
                column,
                f"{value!r} is out of range",
                f"an amount below {MAX_AMOUNT:,} with at most {AMOUNT_PLACES} decimal places",
            )
        return Money(amount, currency)

    def discount(self, column: str, currency: str) -> Money | None:
        # Amazon writes discounts negative in reports and positive in the API.
        amount = self.money(column, currency)
        return None if amount is None else Money(abs(amount.amount), currency)

    def flag(self, column: str) -> bool:
        value = flag_value(self.text(column))
        if value is None:
            raise self.error(
                column, f"{self.text(column).lower()!r} is not true or false", "true or false"
            )
        return value


def flag_value(text: str) -> bool | None:
    """A true/false cell's value; None when it is neither."""
    value = text.lower()
    if value in _TRUE:
        return True
    return False if value in _FALSE else None


class LineMoney(TypedDict):
    item_price: Money
    item_tax: Money | None
    shipping_price: Money | None
    shipping_tax: Money | None
    promotion_discount: Money | None
    shipping_discount: Money | None


def line_money(cells: Cells, currency: str) -> LineMoney:
    return {
        "item_price": cells.money("item-price", currency) or Money(Decimal(0), currency),
        "item_tax": cells.money("item-tax", currency),
        "shipping_price": cells.money("shipping-price", currency),
        "shipping_tax": cells.money("shipping-tax", currency),
        "promotion_discount": cells.discount("item-promotion-discount", currency),
        "shipping_discount": cells.discount("ship-promotion-discount", currency),
    }
