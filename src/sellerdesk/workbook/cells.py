"""A workbook cell's value as sellerdesk needs it, or a message naming the sheet, row and
column and the form expected.

Spreadsheets hand back numbers as floats (12 comes as 12.0), dates typed by hand as text
and dates at midnight as dates: each is taken in the forms a seller would type.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from sellerdesk.core import clock

from .layout import INVENTORY_COLUMNS, ORDER_COLUMNS, ORDERS, squeezed
from .reading import Row, Table

# No 03/04/2026: it is March in one country and April in the next.
DAY_FORMS = ("%Y-%m-%d", "%d-%b-%Y", "%d %b %Y")
DATE_FORMS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", *DAY_FORMS)
MOST_UNITS = 2_147_483_647
MOST_MONEY = Decimal(10) ** 10
"""Amounts are kept to 14 digits, 4 of them after the point."""
THOUSANDS = re.compile(r"\d{1,3}(,\d{3})+")


class CellError(ValueError):
    def __init__(self, table: Table, row: Row, key: str, expected: str, value: Any) -> None:
        shown = value if isinstance(value, str) else _shown(value)
        column = table.columns.get(key) or f"{header_of(table.sheet, key)} (not in the sheet)"
        self.where = f"{table.sheet}, row {row.number}, column {column}"
        super().__init__(f"{self.where}: expected {expected}, got {shown!r}")


def header_of(sheet: str, key: str) -> str:
    columns = ORDER_COLUMNS if squeezed(sheet) == squeezed(ORDERS) else INVENTORY_COLUMNS
    return next((column.header for column in columns if column.key == key), key)


def _shown(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def text(row: Row, key: str) -> str:
    value = row.cells.get(key, "")
    if value is None:
        return ""
    if isinstance(value, float):
        # A number typed into a text column, such as a tracking number of digits.
        return _shown(value)
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def present(row: Row, key: str) -> bool:
    return key in row.cells


def whole(table: Table, row: Row, key: str) -> int | None:
    value = row.cells.get(key, "")
    if value in ("", None):
        return None
    number: Decimal | None
    if isinstance(value, bool):
        number = None
    elif isinstance(value, int | float):
        number = Decimal(str(value))
    else:
        text = str(value).strip()
        number = _decimal(text.replace(",", "") if THOUSANDS.fullmatch(text) else text)
    if number is None or number != number.to_integral_value() or not 0 <= number <= MOST_UNITS:
        raise CellError(table, row, key, "a whole number of units, 0 or more (such as 12)", value)
    return int(number)


def amount(table: Table, row: Row, key: str) -> Decimal | None:
    value = row.cells.get(key, "")
    if value in ("", None):
        return None
    if isinstance(value, bool):
        found = None
    elif isinstance(value, int | float):
        found = _decimal(repr(float(value)))
    else:
        found = _typed_amount(str(value).strip())
    if found is None or not 0 <= found < MOST_MONEY:
        raise CellError(
            table, row, key, "an amount, 0 or more, such as 4.50 (or 4,50; no thousands "
            "separator unless with the decimals, as in 1,234.50)", value,
        )  # fmt: skip
    return found.quantize(Decimal("0.0001"))


SIGNS = {"£": "GBP", "€": "EUR", "¥": "JPY"}


def currency_named(table: Table, row: Row, key: str) -> str | None:
    """The currency an amount typed as text names (£4.50, 4.50 EUR), if it names one."""
    value = row.cells.get(key, "")
    if not isinstance(value, str):
        return None
    for sign, code in SIGNS.items():
        if sign in value:
            return code
    found = re.search(r"\b[A-Z]{3}\b", value.upper())
    return found.group() if found else None


def _typed_amount(text: str) -> Decimal | None:
    """An amount as typed: a currency sign around it is fine, a decimal point or a decimal
    comma, thousands separators where the decimals say which is which. "1,234" could be
    either, so it is refused rather than guessed."""
    cleaned = re.sub(r"^[^\d\-.,(]+|[^\d.,)]+$", "", text)
    if "," in cleaned and "." in cleaned:
        # The later of the two marks the decimals: 1,234.50 or 1.234,50.
        if cleaned.rfind(",") > cleaned.rfind("."):
            cleaned = cleaned.replace(".", "").replace(",", ".")
        else:
            cleaned = cleaned.replace(",", "")
    elif "," in cleaned:
        if THOUSANDS.fullmatch(cleaned):
            return None
        cleaned = cleaned.replace(",", ".")  # a decimal comma: 4,50
    return _decimal(cleaned)


def _decimal(text: str) -> Decimal | None:
    try:
        found = Decimal(text)
    except InvalidOperation:
        return None
    return found if found.is_finite() else None


def typed_day(text: str) -> dt.date | None:
    """The day a text names without a time (2026-11-27, 27 Nov 2026), if it is one."""
    for form in DAY_FORMS:
        try:
            return dt.datetime.strptime(text.strip(), form).date()  # noqa: DTZ007 - a day
        except ValueError:
            continue
    return None


def moment(table: Table, row: Row, key: str) -> dt.datetime | None:
    """A date, or date and time, on the seller's clock, as a UTC instant."""
    value = row.cells.get(key, "")
    if value in ("", None):
        return None
    found: dt.datetime | None = None
    if isinstance(value, dt.datetime):
        found = value
    elif isinstance(value, dt.date):
        found = dt.datetime.combine(value, dt.time())
    elif isinstance(value, str):
        for form in DATE_FORMS:
            try:
                found = dt.datetime.strptime(value.strip(), form).replace(
                    tzinfo=clock.seller_zone()
                )
                break
            except ValueError:
                continue
    if found is None:
        raise CellError(table, row, key, "a date such as 2026-11-27 or 2026-11-27 14:30", value)
    if found.tzinfo is None:
        found = found.replace(tzinfo=clock.seller_zone())
    # Spreadsheets keep times as fractions of a day: round to the nearest second.
    found = found.astimezone(dt.UTC) + dt.timedelta(microseconds=500_000)
    return found.replace(microsecond=0)
