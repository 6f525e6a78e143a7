"""What the buyer paid for a line, worked out by the database (orders.domain.charged_amount)."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Case, DecimalField, ExpressionWrapper, F, When


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
