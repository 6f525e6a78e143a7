"""What each order line charges, as Amazon reports it: price, tax, shipping, promotions.

Money is Decimal throughout. Amazon gives amounts in cents, so each computed amount is
rounded to the cent once, here, and memoised: a million orders reuse a few thousand
distinct prices, so the Decimal arithmetic is done once per distinct amount.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from sellerdesk.orders.domain import charged_amount

CENT = Decimal("0.01")
ZERO = Decimal(0)
SIX = Decimal(6)  # a VAT-inclusive price holds 20/120 = 1/6 of VAT

# (market, fulfilment, service level) -> shipping charged when the buyer is not Prime
SHIPPING = {
    ("US", "seller", "Standard"): Decimal("4.99"),
    ("US", "seller", "Expedited"): Decimal("9.99"),
    ("US", "seller", "NextDay"): Decimal("19.99"),
    ("UK", "seller", "Standard"): Decimal("5.99"),
    ("UK", "seller", "Expedited"): Decimal("12.99"),
    ("US", "amazon", "Standard"): Decimal("5.99"),
    ("US", "amazon", "Expedited"): Decimal("8.99"),
    ("US", "amazon", "SecondDay"): Decimal("12.99"),
    ("US", "amazon", "NextDay"): Decimal("16.99"),
    ("UK", "amazon", "Standard"): Decimal("3.99"),
    ("UK", "amazon", "Expedited"): Decimal("5.99"),
    ("UK", "amazon", "NextDay"): Decimal("7.99"),
}
# Standard shipping is free above these item totals: Amazon sends the charge and an equal discount.
FREE_SHIPPING_FROM = {"US": Decimal(35), "UK": Decimal(30)}


class Charges(NamedTuple):
    item_price: Decimal
    item_tax: Decimal
    shipping_price: Decimal
    shipping_tax: Decimal
    promotion_discount: Decimal
    shipping_discount: Decimal


def line_charged(charges: Charges, *, prices_include_tax: bool) -> Decimal:
    """What a line adds to the order total, by the order domain's one formula."""
    return charged_amount(**charges._asdict(), prices_include_tax=prices_include_tax)


class Pricer:
    """Charges per line for one marketplace's tax rules, with every rounding memoised."""

    def __init__(self) -> None:
        self._times: dict[tuple[Decimal, int], Decimal] = {}
        self._percent: dict[tuple[Decimal, int], Decimal] = {}
        self._tax: dict[tuple[Decimal, Decimal], Decimal] = {}
        self._vat: dict[Decimal, Decimal] = {}

    def item_price(self, unit: Decimal, quantity: int) -> Decimal:
        if quantity == 1:
            return unit
        key = (unit, quantity)
        amount = self._times.get(key)
        if amount is None:
            amount = self._times[key] = unit * quantity
        return amount

    def discount(self, amount: Decimal, percent: int) -> Decimal:
        key = (amount, percent)
        value = self._percent.get(key)
        if value is None:
            value = (amount * percent / 100).quantize(CENT, ROUND_HALF_UP)
            self._percent[key] = value
        return value

    def sales_tax(self, amount: Decimal, rate: Decimal) -> Decimal:
        """US sales tax on a net amount, which Amazon collects and reports per line."""
        if not rate or not amount:
            return ZERO
        key = (amount, rate)
        tax = self._tax.get(key)
        if tax is None:
            tax = self._tax[key] = (amount * rate).quantize(CENT, ROUND_HALF_UP)
        return tax

    def vat_portion(self, amount: Decimal) -> Decimal:
        """UK: prices include 20% VAT and Amazon's ItemTax reports the part that is VAT."""
        if not amount:
            return ZERO
        vat = self._vat.get(amount)
        if vat is None:
            vat = self._vat[amount] = (amount / SIX).quantize(CENT, ROUND_HALF_UP)
        return vat

    def order_lines(
        self,
        market: str,
        shipping_key: tuple[str, str, str],
        items: list[tuple[Decimal, int]],
        *,
        prime: bool,
        tax_rate: Decimal,
        promotion_percent: int,
    ) -> list[Charges]:
        """Charges for each (unit price, quantity); the order's shipping sits on its first line."""
        prices = [self.item_price(unit, quantity) for unit, quantity in items]
        shipping = ZERO if prime else SHIPPING[shipping_key]
        free = (
            shipping
            and shipping_key[2] == "Standard"
            and sum(prices, ZERO) >= FREE_SHIPPING_FROM[market]
        )
        charges = []
        for index, price in enumerate(prices):
            promotion = self.discount(price, promotion_percent) if promotion_percent else ZERO
            ship = shipping if index == 0 else ZERO
            ship_discount = ship if free else ZERO
            if market == "UK":
                item_tax = self.vat_portion(price - promotion)
                ship_tax = self.vat_portion(ship - ship_discount)
            else:
                item_tax = self.sales_tax(price - promotion, tax_rate)
                ship_tax = ZERO
            charges.append(Charges(price, item_tax, ship, ship_tax, promotion, ship_discount))
        return charges
