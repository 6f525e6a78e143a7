"""The staging SQL accepts exactly the forms it converts as Python reads them, on either
database, and loads rows through each database's own bulk path."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import DatabaseError, DataError, connection, transaction

from sellerdesk.core.staging import WHITE_SPACE, Dialect, StagingTable

pytestmark = pytest.mark.django_db


def evaluate(expression_of, value: str):
    """An expression of the dialect over one text value, as the database computes it."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {expression_of('v')} FROM (SELECT CAST(%s AS text) AS v) x", [value]
        )
        (result,) = cursor.fetchone()
    return result


def accepts(test_of, value: str) -> bool:
    return bool(evaluate(lambda v: f"CASE WHEN {test_of(v)} THEN 1 ELSE 0 END", value))


@pytest.mark.parametrize(
    ("text", "accepted"),
    [
        ("48.00", True),
        ("-5.00", True),
        ("0", True),
        ("1234567890.1234", True),
        ("12345678901", False),  # beyond what the order tables hold
        ("1.23456", False),
        ("48,00", False),  # a decimal comma: the reader's own parser takes it
        ("1e5", False),
        (".5", False),
        ("5.", False),
        ("--5", False),
        ("+5", False),
        (" 5", False),
        ("1.2.3", False),
        ("", False),
        ("\u0663", False),  # an Arabic-Indic three
    ],
)
def test_amounts_are_accepted_only_in_the_plain_form_and_convert_exactly(text, accepted):
    dialect = Dialect.current()
    assert accepts(dialect.is_amount, text) is accepted
    if accepted:
        stored = evaluate(dialect.amount, text)
        assert Decimal(str(stored)) == Decimal(text)
        assert Decimal(evaluate(dialect.cents, text)) == Decimal(text) * 10000


@pytest.mark.parametrize(
    ("text", "utc"),
    [
        ("2026-11-20T10:15:00+00:00", dt.datetime(2026, 11, 20, 10, 15, tzinfo=dt.UTC)),
        ("2026-11-20T22:15:00-07:00", dt.datetime(2026, 11, 21, 5, 15, tzinfo=dt.UTC)),
        ("2026-11-20T24:00:00+00:00", None),
        ("2026-11-20 10:15:00+00:00", None),  # other forms go to the reader's parser
        ("2026-11-20T10:15:00Z", None),
        ("10-Jul-2025", None),
        ("2026-11-20T10:15:00+24:00", None),
        ("0001-01-01T00:30:00+01:00", None),  # before year 1 in UTC: Python cannot hold it
        ("9999-12-31T23:30:00-01:00", None),
    ],
)
def test_times_are_accepted_in_the_iso_form_with_an_offset_and_stored_in_utc(text, utc):
    dialect = Dialect.current()
    assert accepts(dialect.is_time, text) is (utc is not None)
    if utc is not None:
        stored = evaluate(dialect.utc_time, text)
        if connection.vendor == "sqlite":  # naive UTC text, as the ORM writes it
            stored = dt.datetime.fromisoformat(stored).replace(tzinfo=dt.UTC)
        assert stored == utc


def test_a_day_that_does_not_exist_never_converts():
    dialect, text = Dialect.current(), "2026-02-30T10:00:00+00:00"
    if connection.vendor == "sqlite":
        assert not accepts(dialect.is_time, text)  # SQLite would roll it into March
    else:
        with pytest.raises(DataError), transaction.atomic():  # the cast refuses it
            evaluate(dialect.utc_time, text)


@pytest.mark.parametrize(
    ("text", "accepted"),
    [
        ("0", True),
        ("12", True),
        ("123456789", True),
        ("1234567890", False),
        ("-1", False),
        ("1.0", False),
        ("\u00b2", False),
        ("", False),
    ],
)
def test_counts_are_plain_whole_numbers(text, accepted):
    assert accepts(Dialect.current().is_count, text) is accepted


def test_trimming_removes_the_white_space_python_strips():
    text = '\u3000\xa0 Gold ring 7" \t\u2009'
    assert evaluate(Dialect.current().trimmed, text) == text.strip()
    assert all(character.isspace() for character in WHITE_SPACE)


def test_a_staging_table_loads_rows_as_given_and_is_dropped():
    table = StagingTable("core_staging_test", keys=("line",), texts=("name", "amount"))
    table.load([(2, 'Ring 12" x 18"', ""), (3, "back\\slash", " ")])
    with connection.cursor() as cursor:
        cursor.execute("SELECT line, name, amount FROM core_staging_test ORDER BY line")
        assert cursor.fetchall() == [(2, 'Ring 12" x 18"', ""), (3, "back\\slash", " ")]
    table.drop()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM core_staging_test")
