"""Money: a Decimal amount with its currency. Never a float."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

# ISO 4217 minor units for the currencies sellerdesk's marketplaces use; two is the default.
MINOR_UNITS: dict[str, int] = {"JPY": 0, "KRW": 0, "CLP": 0, "HUF": 2, "BHD": 3, "KWD": 3}

SYMBOLS: dict[str, str] = {
    "USD": "$",
    "CAD": "CA$",
    "MXN": "MX$",
    "GBP": "£",
    "EUR": "€",
    "JPY": "¥",
    "AUD": "A$",
    "SEK": "kr ",
    "PLN": "zł ",
}


class CurrencyMismatch(ValueError):
    """Two amounts in different currencies were combined."""


def minor_units(currency: str) -> int:
    return MINOR_UNITS.get(currency, 2)


def to_decimal(value: Any) -> Decimal:
    """Parse an external amount exactly: floats go through str() so 0.1 stays 0.1."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return Decimal(str(value))
    return Decimal(value)


@dataclass(frozen=True, slots=True)
class Money:
    amount: Decimal
    currency: str

    def __post_init__(self) -> None:
        if not isinstance(self.amount, Decimal):
            object.__setattr__(self, "amount", to_decimal(self.amount))
        if len(self.currency) != 3 or not self.currency.isupper():
            raise ValueError(f"currency must be a three-letter ISO code, got {self.currency!r}")

    @classmethod
    def zero(cls, currency: str) -> Money:
        return cls(Decimal(0), currency)

    def _check(self, other: Money) -> None:
        if not isinstance(other, Money):
            raise TypeError(f"cannot combine Money with {type(other).__name__}")
        if other.currency != self.currency:
            raise CurrencyMismatch(f"cannot combine {self.currency} with {other.currency}")

    def __add__(self, other: Money) -> Money:
        self._check(other)
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._check(other)
        return Money(self.amount - other.amount, self.currency)

    def __mul__(self, factor: int | Decimal) -> Money:
        if isinstance(factor, float):
            raise TypeError("multiply Money by an int or Decimal, never a float")
        return Money(self.amount * factor, self.currency)

    __rmul__ = __mul__

    def __neg__(self) -> Money:
        return Money(-self.amount, self.currency)

    def __lt__(self, other: Money) -> bool:
        self._check(other)
        return self.amount < other.amount

    def __le__(self, other: Money) -> bool:
        self._check(other)
        return self.amount <= other.amount

    def __bool__(self) -> bool:
        return bool(self.amount)

    def quantized(self) -> Money:
        """Rounded to the currency's minor unit: for display, documents and channels."""
        exponent = Decimal(1).scaleb(-minor_units(self.currency))
        return Money(self.amount.quantize(exponent, rounding=ROUND_HALF_UP), self.currency)

    def __str__(self) -> str:
        return format_money(self.amount, self.currency)


def format_money(amount: Decimal, currency: str) -> str:
    """A human string such as "£12.50" or "¥1,200"; unknown currencies show their code."""
    places = minor_units(currency)
    exponent = Decimal(1).scaleb(-places)
    value = amount.quantize(exponent, rounding=ROUND_HALF_UP)
    sign = "-" if value < 0 else ""
    text = f"{abs(value):,.{places}f}"
    symbol = SYMBOLS.get(currency)
    if symbol is None:
        return f"{sign}{text} {currency}"
    return f"{sign}{symbol}{text}"
