"""Amazon report files for tests, built with the reports' real column headers."""

from __future__ import annotations

ALL_ORDERS_COLUMNS = [
    "amazon-order-id",
    "merchant-order-id",
    "purchase-date",
    "last-updated-date",
    "order-status",
    "fulfillment-channel",
    "sales-channel",
    "order-channel",
    "url",
    "ship-service-level",
    "product-name",
    "sku",
    "asin",
    "item-status",
    "quantity",
    "currency",
    "item-price",
    "item-tax",
    "shipping-price",
    "shipping-tax",
    "gift-wrap-price",
    "gift-wrap-tax",
    "item-promotion-discount",
    "ship-promotion-discount",
    "ship-country",
    "ship-promotion-id",
    "promotion-ids",
    "is-business-order",
    "purchase-order-number",
    "price-designation",
    "customized-url",
    "customized-page",
    "is-heavy-or-bulky",
    "is-replacement-order",
]
UNSHIPPED_COLUMNS = [
    "order-id",
    "order-item-id",
    "purchase-date",
    "payments-date",
    "reporting-date",
    "promise-date",
    "days-past-promise",
    "buyer-email",
    "buyer-phone-number",
    "sku",
    "product-name",
    "quantity-purchased",
    "quantity-shipped",
    "quantity-to-ship",
    "ship-service-level",
    "recipient-name",
    "ship-address-1",
    "ship-address-2",
    "ship-address-3",
    "ship-city",
    "ship-state",
    "ship-postal-code",
    "ship-country",
    "is-business-order",
    "purchase-order-number",
    "price-designation",
    "is-prime",
]


def all_orders_row(order_id: str = "111-0000001-0000001", **cells: str) -> dict[str, str]:
    row = {
        "amazon-order-id": order_id,
        "purchase-date": "2026-11-20T10:15:00+00:00",
        "last-updated-date": "2026-11-20T10:20:00+00:00",
        "order-status": "Pending",
        "fulfillment-channel": "Merchant",
        "sales-channel": "Amazon.com",
        "ship-service-level": "Standard",
        "product-name": "Silver stacking ring, size 7",
        "sku": "RING-SILVER-7",
        "asin": "B0TESTRING",
        "item-status": "Unshipped",
        "quantity": "1",
        "currency": "USD",
        "item-price": "48.00",
        "item-tax": "3.84",
        "shipping-price": "4.99",
        "shipping-tax": "0.00",
        "is-business-order": "false",
    }
    row.update({name.replace("_", "-"): value for name, value in cells.items()})
    return row


def unshipped_row(order_id: str = "111-0000001-0000001", **cells: str) -> dict[str, str]:
    row = {
        "order-id": order_id,
        "order-item-id": "40000000000001",
        "purchase-date": "2026-11-20T10:15:00+00:00",
        "payments-date": "2026-11-20T10:16:00+00:00",
        "reporting-date": "2026-11-21T08:00:00+00:00",
        "promise-date": "2026-11-23T07:59:59+00:00",
        "buyer-email": "abc123@marketplace.amazon.com",
        "sku": "RING-SILVER-7",
        "product-name": "Silver stacking ring, size 7",
        "quantity-purchased": "1",
        "quantity-shipped": "0",
        "quantity-to-ship": "1",
        "ship-service-level": "Standard",
        "recipient-name": "Ada Lovelace",
        "ship-address-1": "12 Elm Street",
        "ship-city": "Portland",
        "ship-state": "OR",
        "ship-postal-code": "97201",
        "ship-country": "US",
        "is-business-order": "false",
        "is-prime": "false",
    }
    row.update({name.replace("_", "-"): value for name, value in cells.items()})
    return row


def report(
    rows: list[dict[str, str]],
    columns: list[str] | tuple[str, ...] = ALL_ORDERS_COLUMNS,
    *,
    encoding: str = "utf-8",
    newline: str = "\n",
) -> bytes:
    lines = ["\t".join(columns)]
    lines += ["\t".join(row.get(column, "") for column in columns) for row in rows]
    return (newline.join(lines) + newline).encode(encoding)
