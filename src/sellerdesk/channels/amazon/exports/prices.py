"""The price and quantity file for seller-fulfilled listings (Seller Central's "Price &
Quantity" inventory template): what each listing may sell from the seller's own shelves."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction

from sellerdesk.catalog.models import Listing
from sellerdesk.core.money import minor_units
from sellerdesk.inventory.selectors import publishable_quantities
from sellerdesk.inventory.services import Actor

from ..models import ExportKind, FileExport
from .errors import NothingToExport
from .files import save_export

COLUMNS = (
    "sku",
    "price",
    "minimum-seller-allowed-price",
    "maximum-seller-allowed-price",
    "quantity",
    "handling-time",
    "fulfillment-channel",
)


@transaction.atomic
def export_prices_and_quantities(*, marketplace: str, actor: Actor) -> FileExport:
    listings = list(
        Listing.objects.filter(
            channel__code="amazon",
            marketplace__code=marketplace,
            fulfilled_by_channel=False,
            is_active=True,
        ).order_by("channel_sku")
    )
    if not listings:
        raise NothingToExport(
            f"No active seller-fulfilled Amazon {marketplace} listing: add listings first."
        )
    quantities = publishable_quantities(sorted({listing.sku_id for listing in listings}))
    rows = [
        [
            listing.channel_sku,
            _price(listing.price, listing.currency),
            "",
            "",
            str(quantities.get(listing.sku_id, 0)),
            "",  # blank keeps the handling time set on Amazon
            "DEFAULT",  # DEFAULT is Amazon's name for seller-fulfilled
        ]
        for listing in listings
    ]
    return save_export(
        kind=ExportKind.PRICE_QUANTITY,
        marketplace=marketplace,
        columns=COLUMNS,
        rows=rows,
        prefix="price-quantity",
        created_by=actor.name,
    )


def _price(amount: Decimal | None, currency: str) -> str:
    if amount is None:
        return ""  # blank leaves the price on Amazon as it is
    unit = Decimal(1).scaleb(-minor_units(currency))
    return str(amount.quantize(unit, rounding=ROUND_HALF_UP))
