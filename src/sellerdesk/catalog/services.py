"""Catalogue use cases."""

from __future__ import annotations

from decimal import Decimal

from django.db import IntegrityError, transaction

from sellerdesk.core.errors import DomainError

from .models import Sku

GTIN_LENGTHS = (8, 12, 13, 14)


def gtin_check_digit(body: str) -> int:
    """The GS1 check digit for a GTIN's digits without it (weights 3, 1 from the right)."""
    total = sum(
        int(digit) * (3 if place % 2 == 0 else 1) for place, digit in enumerate(reversed(body))
    )
    return (10 - total % 10) % 10


def set_sku_barcode(*, sku: Sku, barcode: str) -> Sku:
    """Give a SKU the code its scanner reads (blank removes it).

    A UPC or EAN is checked by its check digit, so a mistyped one is refused rather than
    flagging every scan of the real item as the wrong item.
    """
    code = "".join(barcode.split()).upper()
    if len(code) > 32:
        raise DomainError("A barcode is at most 32 characters.")
    if code.isdigit() and len(code) in GTIN_LENGTHS:
        expected = gtin_check_digit(code[:-1])
        if int(code[-1]) != expected:
            raise DomainError(
                f"{code} looks like a UPC/EAN but its check digit is {code[-1]}, where the rest "
                f"calls for {expected}: a digit was mistyped."
            )
    taken = (
        Sku.objects.filter(barcode=code).exclude(pk=sku.pk).values_list("code", flat=True).first()
    )
    if code and taken:
        raise DomainError(f"{code} is already the barcode of {taken}.")
    try:
        with transaction.atomic():
            Sku.objects.filter(pk=sku.pk).update(barcode=code)
    except IntegrityError:  # another tab took it meanwhile
        raise DomainError(f"{code} is already another SKU's barcode.") from None
    sku.barcode = code
    return sku


def set_unit_cost(*, sku: Sku, unit_cost: Decimal) -> Sku:
    """The SKU's current unit cost (its latest landed purchase cost), in its cost currency.

    Stock already on hand keeps the cost it came in at (its FIFO layers); this is the cost
    of units found by a count and the estimate where nothing is layered.
    """
    if unit_cost < 0:
        raise DomainError(f"A unit cost cannot be negative, got {unit_cost}.")
    Sku.objects.filter(pk=sku.pk).update(unit_cost=unit_cost)
    sku.unit_cost = unit_cost
    return sku
