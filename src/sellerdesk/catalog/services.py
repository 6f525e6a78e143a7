"""Catalogue use cases."""

from __future__ import annotations

import re
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from sellerdesk.core.errors import DomainError

from .models import Product, Sku

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


LONGEST_CODE = Sku._meta.get_field("code").max_length or 64
ASIN_FORM = re.compile(r"[A-Z0-9]{10}")


@transaction.atomic
def create_sku(
    *,
    code: str,
    title: str,
    unit_cost: Decimal = Decimal(0),
    cost_currency: str = "USD",
    asin: str = "",
    lead_time_days: int | None = None,
) -> Sku:
    """A new product with its one SKU, as a seller adds a piece she has started to make."""
    code, title, asin = code.strip(), title.strip(), asin.strip().upper()
    if not code:
        raise DomainError("A new product needs its SKU.")
    if len(code) > LONGEST_CODE:
        raise DomainError(f"A SKU is at most {LONGEST_CODE} characters, got {len(code)}.")
    if not title:
        raise DomainError(f"Give the new product {code} a name.")
    if unit_cost < 0:
        raise DomainError(f"A unit cost cannot be negative, got {unit_cost}.")
    if asin and not ASIN_FORM.fullmatch(asin):
        raise DomainError(f"An ASIN is 10 letters and digits (such as B0C1234567), got {asin!r}.")
    if Sku.objects.filter(code=code).exists():
        raise DomainError(f"There is already a SKU {code}.")
    product = Product.objects.create(title=title[:300])
    extra = {} if lead_time_days is None else {"lead_time_days": lead_time_days}
    return Sku.objects.create(
        product=product, code=code, title=title[:300], unit_cost=unit_cost,
        cost_currency=cost_currency, asin=asin, **extra,
    )  # fmt: skip


def retire_sku(*, sku: Sku) -> None:
    """Take a SKU out of the catalogue: deleted when nothing refers to it, else made inactive
    (its orders, ledger and costs keep their history)."""
    try:
        with transaction.atomic():
            product = sku.product
            sku.delete()
            if not product.skus.exists():
                product.delete()
    except ProtectedError:
        Sku.objects.filter(pk=sku.pk).update(is_active=False)
        sku.is_active = False


def set_sku_title(*, sku: Sku, title: str) -> Sku:
    """The name the seller knows the SKU by (orders keep the title the channel sent)."""
    title = title.strip()
    if not title:
        raise DomainError(f"Give {sku.code} a name.")
    Sku.objects.filter(pk=sku.pk).update(title=title[:300])
    sku.title = title[:300]
    return sku
