"""Amazon's value forms in flat files: dates in three shapes, amounts with either decimal mark."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

_MONTHS = {
    name: number
    for number, name in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"],
        start=1,
    )
}
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})-([A-Za-z]{3})-(\d{4})$")
_WITH_ZONE_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})\s+(UTC|GMT|Z)$")
PLAIN_AMOUNT = re.compile(r"-?\d+(?:\.\d+)?")
DATE_FORMS = "an ISO 8601 time with an offset (2025-07-10T14:03:00+00:00), 10-Jul-2025 or 2025-07-10 14:03:00 UTC"


def parse_datetime(text: str) -> dt.datetime:
    """An aware UTC datetime from any of the forms Amazon writes; ValueError otherwise.

    A time without an offset is refused rather than guessed: Amazon's reports carry one.
    """
    value = text.strip()
    if len(value) == 25 and value[10] == "T" and value[19] in "+-":
        # The common case, "2026-11-20T10:15:00+00:00", read without trying the others.
        parsed = dt.datetime.fromisoformat(value)
        return parsed if value.endswith("+00:00") else parsed.astimezone(dt.UTC)
    if match := _DAY_MONTH_YEAR.match(value):
        day, month, year = match.groups()
        if month.lower() not in _MONTHS:
            raise ValueError(f"unknown month {month!r}")
        return dt.datetime(int(year), _MONTHS[month.lower()], int(day), tzinfo=dt.UTC)
    if match := _WITH_ZONE_NAME.match(value):
        date, time, _zone = match.groups()
        return dt.datetime.fromisoformat(f"{date}T{time}+00:00").astimezone(dt.UTC)
    parsed = dt.datetime.fromisoformat(
        value.replace("Z", "+00:00") if value.endswith("Z") else value
    )
    if parsed.tzinfo is None:
        raise ValueError(f"{value!r} has no time zone offset")
    return parsed.astimezone(dt.UTC)


def parse_decimal(text: str, *, decimal_comma: bool | None = None) -> Decimal:
    """An exact amount: "1234.50", "1,234.50", or in EU reports "1.234,50" and "12,50".

    Without `decimal_comma`, the mark is read from the value: of a point and a comma the
    later one is the decimal mark, and a lone comma before one or two digits is one too.
    """
    if decimal_comma is None and PLAIN_AMOUNT.fullmatch(text):
        return Decimal(text)  # the common case, "48.00", read without the rest
    value = text.strip().replace("\u00a0", "").replace(" ", "")
    if decimal_comma is None:
        last_comma, last_point = value.rfind(","), value.rfind(".")
        if last_comma >= 0 and last_point >= 0:
            decimal_comma = last_comma > last_point
        else:
            decimal_comma = re.fullmatch(r"-?\d+,\d{1,2}", value) is not None
    # The other mark separates thousands.
    value = value.replace(".", "").replace(",", ".") if decimal_comma else value.replace(",", "")
    try:
        amount = Decimal(value)
    except InvalidOperation:
        raise ValueError(f"{text!r} is not an amount") from None
    if not amount.is_finite():
        raise ValueError(f"{text!r} is not an amount")
    return amount
