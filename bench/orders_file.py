"""A year of Amazon All Orders report lines, written the way Seller Central writes them.

Deterministic for a seed: the same call always writes the same bytes. Orders have one to
three items (about 1.4 lines per order), US and UK, seller- and Amazon-fulfilled; orders of
the last three days are still open, older ones shipped or (one in twenty) cancelled, and
some product names carry quotes, as Amazon's do.
"""

from __future__ import annotations

import datetime as dt
import random
import zlib
from pathlib import Path

from sellerdesk.channels.amazon.tests.reports import ALL_ORDERS_COLUMNS

# The report's real column header, kept with the test reports.
COLUMNS = ALL_ORDERS_COLUMNS
PRODUCTS = [
    (f"{kind.upper()}-{metal.upper()}-{size}", f'{metal.title()} {kind} {size}" gift box', price)
    for kind, price in (("ring", 48), ("necklace", 72), ("earrings", 36), ("bracelet", 54))
    for metal in ("silver", "gold", "rose")
    for size in range(5, 10)
]
MARKETS = (("Amazon.com", "USD", "US", 0.0), ("Amazon.co.uk", "GBP", "GB", 0.2))


def write(path: Path, *, lines: int, seed: int, end: dt.datetime) -> int:
    """Write at least `lines` item lines (whole orders); returns the number of orders."""
    rng = random.Random(seed)
    year = dt.timedelta(days=365).total_seconds()
    orders = 0
    written = 0
    with path.open("w", encoding="utf-8", newline="\n") as out:
        out.write("\t".join(COLUMNS) + "\n")
        while written < lines:
            orders += 1
            # Spread evenly over the year, oldest first, as a report by order date is.
            purchased = end - dt.timedelta(seconds=year * (1 - written / lines))
            age = end - purchased
            site, currency, country, vat = MARKETS[0] if rng.random() < 0.8 else MARKETS[1]
            fba = rng.random() < 0.3
            if age < dt.timedelta(days=3):
                status, item_status = (
                    ("Pending", "Unshipped") if fba else ("Unshipped", "Unshipped")
                )
            elif rng.random() < 0.05:
                status, item_status = "Cancelled", "Cancelled"
            else:
                status, item_status = "Shipped", "Shipped"
            updated = (
                purchased + dt.timedelta(hours=rng.randint(1, 60))
                if age > dt.timedelta(days=3)
                else purchased
            )
            order_id = f"{rng.randint(100, 999)}-{rng.randint(0, 9_999_999):07d}-{orders:07d}"
            items = rng.choices((1, 2, 3), weights=(70, 20, 10))[0]
            for sku, name, price in rng.sample(PRODUCTS, items):
                quantity = rng.choices((1, 2), weights=(90, 10))[0]
                cancelled = item_status == "Cancelled"
                amount = price * quantity
                row = {
                    "amazon-order-id": order_id,
                    "purchase-date": purchased.isoformat(timespec="seconds"),
                    "last-updated-date": updated.isoformat(timespec="seconds"),
                    "order-status": status,
                    "fulfillment-channel": "Amazon" if fba else "Merchant",
                    "sales-channel": site,
                    "ship-service-level": "Standard",
                    "product-name": name,
                    "sku": sku,
                    "asin": f"B0{zlib.crc32(sku.encode()) % 10**8:08d}",
                    "item-status": item_status,
                    "quantity": "0" if cancelled else str(quantity),
                    "currency": "" if cancelled else currency,
                    "item-price": "" if cancelled else f"{amount:.2f}",
                    "item-tax": "" if cancelled else f"{amount * (vat or 0.08):.2f}",
                    "shipping-price": "" if cancelled else "4.99",
                    "shipping-tax": "" if cancelled else "0.00",
                    "ship-country": country,
                    "is-business-order": "false",
                }
                out.write("\t".join(row.get(column, "") for column in COLUMNS) + "\n")
                written += 1
    return orders
