"""What the buyer paid for a line (orders.domain.charged_amount), and what its shipped units
earned (orders.domain.net_sales), worked out by the database."""

from __future__ import annotations

from decimal import Decimal

from django.db import connection
from django.db.models import (
    Case,
    DecimalField,
    ExpressionWrapper,
    F,
    FloatField,
    Value,
    When,
)
from django.db.models.functions import Cast


def line_charged(prefix: str = "") -> Case:
    """A line's charge as the order's total counts it; `prefix` is the path to the line."""
    money: DecimalField[Decimal, Decimal] = DecimalField(max_digits=14, decimal_places=4)
    base = ExpressionWrapper(
        F(f"{prefix}item_price") + F(f"{prefix}shipping_price")
        - F(f"{prefix}promotion_discount") - F(f"{prefix}shipping_discount"),
        output_field=money,
    )  # fmt: skip
    taxed = ExpressionWrapper(
        base + F(f"{prefix}item_tax") + F(f"{prefix}shipping_tax"), output_field=money
    )
    return Case(
        When(**{f"{prefix}order__prices_include_tax": True}, then=base),
        default=taxed,
        output_field=money,
    )


def shipped_sales() -> ExpressionWrapper:
    """The shipped units' share of a line's sales before tax: a line half shipped has
    earned half so far (tax taken out where the prices include it). Ten decimal places, as
    the SKU rollup keeps them: a year of thirds of a line adds up to the cent."""
    share: DecimalField[Decimal, Decimal] = DecimalField(max_digits=28, decimal_places=10)
    tax_inside = Case(
        When(order__prices_include_tax=True, then=F("item_tax")), default=Value(Decimal(0))
    )
    sold = F("quantity_ordered") - F("quantity_cancelled")
    if connection.vendor == "sqlite":  # 25.00 is stored as 25 there: divide as a real number
        sold = Cast(sold, FloatField())
    return ExpressionWrapper(
        (F("item_price") - F("promotion_discount") - tax_inside) * F("quantity_shipped") / sold,
        output_field=share,
    )
