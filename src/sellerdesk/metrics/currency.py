"""Sales in several currencies shown in one, at the seller's own rates: a currency without a
rate is kept apart, never guessed."""

from __future__ import annotations

from decimal import Decimal

from sellerdesk.core.money import minor_units

from .models import CurrencyRate


def rates_to(currency: str) -> dict[str, Decimal]:
    found = dict(CurrencyRate.objects.filter(to_currency=currency).values_list("currency", "rate"))
    return {currency: Decimal(1), **found}


def converted(
    amounts: dict[str, Decimal], currency: str, rates: dict[str, Decimal]
) -> dict[str, Decimal]:
    """`amounts` in `currency` where a rate is known; the others stay as they are."""
    kept = {code: amount for code, amount in amounts.items() if code not in rates}
    total = sum(
        (amount * rates[code] for code, amount in amounts.items() if code in rates), Decimal(0)
    )
    if any(code in rates for code in amounts):
        kept[currency] = total
    return rounded(kept)


def rounded(amounts: dict[str, Decimal]) -> dict[str, Decimal]:
    """Each amount to its currency's minor unit, for showing: the same on every database."""
    return {
        code: amount.quantize(Decimal(1).scaleb(-minor_units(code)))
        for code, amount in sorted(amounts.items())
    }
