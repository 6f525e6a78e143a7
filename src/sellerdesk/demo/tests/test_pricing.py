"""Demo prices against totals worked out by hand, not by the formula the generator uses."""

from decimal import Decimal as D

from sellerdesk.demo.pricing import Charges, Pricer, line_charged

ZERO = D("0.00")


def total(charges: list[Charges], *, prices_include_tax: bool) -> D:
    return sum((line_charged(c, prices_include_tax=prices_include_tax) for c in charges), ZERO)


def test_a_us_order_adds_sales_tax_on_the_discounted_price_and_pays_for_shipping():
    # 2 x 14.99 + 3.50 = 33.48, under the $35 for free shipping; 10% off; 8.25% sales tax.
    charges = Pricer().order_lines(
        "US",
        ("US", "seller", "Standard"),
        [(D("14.99"), 2), (D("3.50"), 1)],
        prime=False,
        tax_rate=D("0.0825"),
        promotion_percent=10,
    )

    assert charges == [
        # 2.998 -> 3.00 off; tax on 26.98 is 2.22585 -> 2.23; shipping on the first line.
        Charges(D("29.98"), D("2.23"), D("4.99"), ZERO, D("3.00"), ZERO),
        # 0.35 off; tax on 3.15 is 0.259875 -> 0.26.
        Charges(D("3.50"), D("0.26"), ZERO, ZERO, D("0.35"), ZERO),
    ]
    # 29.98 + 4.99 - 3.00 + 2.23 = 34.20, and 3.50 - 0.35 + 0.26 = 3.41.
    assert total(charges, prices_include_tax=False) == D("37.61")


def test_a_uk_order_reports_the_vat_inside_its_prices_without_adding_it():
    # 12.50 + 9.99 = 22.49, under the £30 for free shipping; 15% off; 20% VAT included.
    charges = Pricer().order_lines(
        "UK",
        ("UK", "seller", "Standard"),
        [(D("12.50"), 1), (D("9.99"), 1)],
        prime=False,
        tax_rate=ZERO,
        promotion_percent=15,
    )

    assert charges == [
        # 1.875 -> 1.88 off; VAT in 10.62 is 1.77; VAT in 5.99 shipping is 0.998... -> 1.00.
        Charges(D("12.50"), D("1.77"), D("5.99"), D("1.00"), D("1.88"), ZERO),
        # 1.4985 -> 1.50 off; VAT in 8.49 is exactly 1.415, rounded half up -> 1.42.
        Charges(D("9.99"), D("1.42"), ZERO, ZERO, D("1.50"), ZERO),
    ]
    # 12.50 + 5.99 - 1.88 = 16.61, and 9.99 - 1.50 = 8.49: the VAT is already inside.
    assert total(charges, prices_include_tax=True) == D("25.10")


def test_standard_shipping_above_the_threshold_is_charged_and_discounted_back():
    # 2 x 18.00 = 36.00, over £30: Amazon reports the £5.99 charge and an equal discount.
    charges = Pricer().order_lines(
        "UK",
        ("UK", "seller", "Standard"),
        [(D("18.00"), 2)],
        prime=False,
        tax_rate=ZERO,
        promotion_percent=0,
    )

    assert charges == [Charges(D("36.00"), D("6.00"), D("5.99"), ZERO, ZERO, D("5.99"))]
    assert total(charges, prices_include_tax=True) == D("36.00")
