from decimal import Decimal

import pytest

from sellerdesk.core.money import CurrencyMismatch, Money, format_money, to_decimal


def test_adding_two_currencies_is_refused():
    with pytest.raises(CurrencyMismatch, match="USD with GBP"):
        Money(Decimal("1.00"), "USD") + Money(Decimal("1.00"), "GBP")


def test_amounts_parse_exactly_even_from_floats():
    assert to_decimal(0.1) == Decimal("0.1")
    assert Money(0.1, "USD").amount + Money(0.2, "USD").amount == Decimal("0.3")


def test_multiplying_by_a_float_is_refused():
    with pytest.raises(TypeError, match="float"):
        Money(Decimal(1), "USD") * 1.5


@pytest.mark.parametrize(
    ("amount", "currency", "text"),
    [
        ("1234.5", "USD", "$1,234.50"),
        ("1200.4", "JPY", "¥1,200"),
        ("12.345", "GBP", "£12.35"),
        ("-3", "EUR", "-€3.00"),
        ("7.5", "CHF", "7.50 CHF"),
    ],
)
def test_format_rounds_to_the_currency_minor_unit(amount, currency, text):
    assert format_money(Decimal(amount), currency) == text


def test_quantized_rounds_half_up_to_minor_units():
    assert Money(Decimal("2.345"), "USD").quantized().amount == Decimal("2.35")
    assert Money(Decimal("1500.5"), "JPY").quantized().amount == Decimal("1501")


def test_currency_must_be_an_iso_code():
    with pytest.raises(ValueError, match="three-letter"):
        Money(Decimal(1), "usd")
