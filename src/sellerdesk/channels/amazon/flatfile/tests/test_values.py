import datetime as dt
from decimal import Decimal

import pytest

from sellerdesk.channels.amazon.flatfile.values import parse_datetime, parse_decimal


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-07-10T14:03:00+00:00", dt.datetime(2025, 7, 10, 14, 3, tzinfo=dt.UTC)),
        ("2025-07-10T07:03:00-07:00", dt.datetime(2025, 7, 10, 14, 3, tzinfo=dt.UTC)),
        ("2025-07-10T14:03:00Z", dt.datetime(2025, 7, 10, 14, 3, tzinfo=dt.UTC)),
        ("10-Jul-2025", dt.datetime(2025, 7, 10, tzinfo=dt.UTC)),
        ("2023-01-01 00:00:00 UTC", dt.datetime(2023, 1, 1, tzinfo=dt.UTC)),
        (" 2023-01-01 00:00:00 UTC ", dt.datetime(2023, 1, 1, tzinfo=dt.UTC)),
    ],
)
def test_amazons_date_forms_become_aware_utc(text, expected):
    parsed = parse_datetime(text)
    assert parsed == expected
    assert parsed.utcoffset() == dt.timedelta(0)


@pytest.mark.parametrize("text", ["2025-07-10 14:03:00", "10-Foo-2025", "yesterday", ""])
def test_a_date_without_a_zone_or_in_another_form_is_refused(text):
    with pytest.raises(ValueError):  # noqa: PT011 - the reader adds file, line and column
        parse_datetime(text)


@pytest.mark.parametrize(
    ("text", "decimal_comma", "expected"),
    [
        ("12.50", False, Decimal("12.50")),
        ("1,234.50", False, Decimal("1234.50")),
        ("12,50", None, Decimal("12.50")),
        ("1.234,50", None, Decimal("1234.50")),
        ("1,234.50", None, Decimal("1234.50")),
        ("1,234", None, Decimal("1234")),
        ("-3,00", None, Decimal("-3.00")),
        ("19.49", None, Decimal("19.49")),
        ("1.234,50", True, Decimal("1234.50")),
        ("12,5", True, Decimal("12.5")),
        ("-3,00", True, Decimal("-3.00")),
        ("1\u00a0234,00", True, Decimal("1234.00")),
        ("1500", False, Decimal("1500")),
    ],
)
def test_amounts_parse_exactly_with_either_decimal_mark(text, decimal_comma, expected):
    assert parse_decimal(text, decimal_comma=decimal_comma) == expected


@pytest.mark.parametrize("text", ["abc", "NaN", "Infinity", "1.2.3"])
def test_a_non_amount_is_refused(text):
    with pytest.raises(ValueError, match="is not an amount"):
        parse_decimal(text)
