"""The buyer's address as slips and labels print it."""

from __future__ import annotations

from sellerdesk.orders.models import BuyerDetails


def ship_to_lines(buyer: BuyerDetails | None) -> list[str]:
    if buyer is None or buyer.purged_at is not None:
        return ["(no address: see the order on the channel)"]
    town = " ".join(part for part in (buyer.city, buyer.region, buyer.postal_code) if part)
    lines = [
        buyer.ship_name or buyer.name,
        buyer.address_line1,
        buyer.address_line2,
        buyer.address_line3,
        town,
        buyer.country_code,
    ]
    return [line for line in lines if line]
