"""Orders API (v2026-01-01) orders as the OrderData every channel adapter produces.

Money comes from each item's proceeds breakdowns (ITEM, SHIPPING, TAX, DISCOUNT, each
possibly split into item and shipping parts), the unit price times the quantity when an
item has no breakdown. Amazon sends every amount as a decimal string: read exactly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from sellerdesk.core.money import Money
from sellerdesk.orders import domain

from .flatfile.orders import Storefront

STATUSES = {
    "PENDING_AVAILABILITY": domain.PENDING_AVAILABILITY,
    "PENDING": domain.PENDING,
    "UNSHIPPED": domain.UNSHIPPED,
    "PARTIALLY_SHIPPED": domain.PARTIALLY_SHIPPED,
    "SHIPPED": domain.SHIPPED,
    "CANCELLED": domain.CANCELED,
    "UNFULFILLABLE": domain.UNFULFILLABLE,
}


class UnusableOrder(ValueError):
    """An order sellerdesk cannot record as sent; the message says what is wrong."""


def order_from_api(
    order: Mapping[str, Any], *, marketplaces: Mapping[str, Storefront]
) -> domain.OrderData | str:
    """The order as OrderData, or the reason it is not one to record (another marketplace)."""
    order_id = str(order.get("orderId") or "")
    if not order_id:
        raise UnusableOrder("an order without an orderId")
    marketplace_id = (order.get("salesChannel") or {}).get("marketplaceId", "")
    front = marketplaces.get(marketplace_id)
    if front is None:
        name = (order.get("salesChannel") or {}).get("marketplaceName") or marketplace_id
        return f"an order of {name}, a marketplace not set up in sellerdesk"
    fulfillment = order.get("fulfillment") or {}
    status = STATUSES.get(str(fulfillment.get("fulfillmentStatus")))
    if status is None:
        raise UnusableOrder(
            f"order {order_id}: unknown fulfillmentStatus {fulfillment.get('fulfillmentStatus')!r}"
        )
    currency = _currency(order) or front.currency
    items = order.get("orderItems") or []
    lines = [_line(item, currency, order_id) for item in items]
    created = _time(order.get("createdTime"), order_id, "createdTime")
    updated = _time(order.get("lastUpdatedTime"), order_id, "lastUpdatedTime") or created
    if created is None or updated is None:
        raise UnusableOrder(f"order {order_id}: no createdTime")
    ship_by = fulfillment.get("shipByWindow") or {}
    deliver_by = fulfillment.get("deliverByWindow") or {}
    programs = set(order.get("programs") or [])
    return domain.OrderData(
        channel="amazon",
        marketplace=front.code,
        external_id=order_id,
        status=status,
        fulfillment=domain.AMAZON if fulfillment.get("fulfilledBy") == "AMAZON" else domain.SELLER,
        purchased_at=created,
        last_updated_at=max(updated, created),
        currency=currency,
        lines=lines,
        earliest_ship_at=_time(ship_by.get("earliestDateTime"), order_id, "shipByWindow"),
        latest_ship_at=_time(ship_by.get("latestDateTime"), order_id, "shipByWindow"),
        earliest_delivery_at=_time(deliver_by.get("earliestDateTime"), order_id, "deliverByWindow"),
        latest_delivery_at=_time(deliver_by.get("latestDateTime"), order_id, "deliverByWindow"),
        ship_service_level=str(fulfillment.get("fulfillmentServiceLevel") or "")[:64],
        is_prime="PRIME" in programs,
        is_business="AMAZON_BUSINESS" in programs,
        buyer=_buyer(order),
        cancelled_by=_cancelled_by(items),
    )


# Orders v2026-01-01: ItemCancellationExecution.cancelledBy, else the buyer's own request.
_CANCELLED_BY = {"BUYER": "buyer", "MERCHANT": "seller", "AMAZON": "channel"}


def _cancelled_by(items: list[Mapping[str, Any]]) -> str:
    """Who cancelled the order's items: the seller if she cancelled any (that counts against
    her), else Amazon, else the buyer; "" when Amazon does not say."""
    found = set()
    for item in items:
        cancellation = item.get("cancellation") or {}
        execution = cancellation.get("cancellationExecution") or {}
        request = cancellation.get("cancellationRequest") or {}
        who = _CANCELLED_BY.get(str(execution.get("cancelledBy") or ""))
        if who is None and request.get("requester") == "BUYER":
            who = "buyer"
        if who:
            found.add(who)
    for who in ("seller", "channel", "buyer"):
        if who in found:
            return who
    return ""


def _line(item: Mapping[str, Any], currency: str, order_id: str) -> domain.LineData:
    product = item.get("product") or {}
    quantity = int(item.get("quantityOrdered") or 0)
    parts = _proceeds(item, currency, order_id)
    if "item" not in parts:
        unit = _money((product.get("price") or {}).get("unitPrice"), currency, order_id)
        parts["item"] = Money(unit.amount * quantity, currency)
    fulfilled = item.get("fulfillment") or {}
    gift = ((fulfilled.get("packing") or {}).get("giftOption") or {}).get("giftMessage") or ""
    wrapped = ((fulfilled.get("packing") or {}).get("giftOption") or {}).get("giftWrapLevel")
    shipped = min(int(fulfilled.get("quantityFulfilled") or 0), quantity)
    return domain.LineData(
        external_id=str(item.get("orderItemId") or ""),
        channel_sku=str(product.get("sellerSku") or "")[:64],
        quantity_ordered=quantity,
        quantity_shipped=shipped,
        item_price=parts["item"],
        item_tax=parts.get("item_tax"),
        shipping_price=parts.get("shipping"),
        shipping_tax=parts.get("shipping_tax"),
        promotion_discount=parts.get("discount"),
        shipping_discount=parts.get("shipping_discount"),
        title=str(product.get("title") or "")[:500],
        asin=str(product.get("asin") or "")[:10],
        is_gift=bool(gift or wrapped),
        gift_message=str(gift),
        personalisation=str((product.get("customization") or {}).get("customizedUrl") or ""),
    )


# (breakdown type, detailed subtype) -> LineData money field; None: the type as a whole.
_PARTS = {
    ("ITEM", None): "item",
    ("ITEM", "ITEM"): "item",
    ("SHIPPING", None): "shipping",
    ("SHIPPING", "SHIPPING"): "shipping",
    ("TAX", None): "item_tax",
    ("TAX", "ITEM"): "item_tax",
    ("TAX", "SHIPPING"): "shipping_tax",
    ("DISCOUNT", None): "discount",
    ("DISCOUNT", "ITEM"): "discount",
    ("DISCOUNT", "SHIPPING"): "shipping_discount",
}


def _proceeds(item: Mapping[str, Any], currency: str, order_id: str) -> dict[str, Money]:
    parts: dict[str, Money] = {}
    for breakdown in (item.get("proceeds") or {}).get("breakdowns") or []:
        kind = str(breakdown.get("type"))
        details = breakdown.get("detailedBreakdowns") or []
        if details:
            for detail in details:
                field = _PARTS.get((kind, str(detail.get("subtype"))))
                if field:
                    _add(parts, field, _money(detail.get("value"), currency, order_id))
        elif field := _PARTS.get((kind, None)):
            _add(parts, field, _money(breakdown.get("subtotal"), currency, order_id))
    for name in ("discount", "shipping_discount"):
        if name in parts:  # proceeds count discounts negative; the order model, positive
            parts[name] = Money(abs(parts[name].amount), currency)
    return parts


def _add(parts: dict[str, Money], field: str, amount: Money) -> None:
    parts[field] = parts[field] + amount if field in parts else amount


def _money(value: Any, currency: str, order_id: str) -> Money:
    if not isinstance(value, Mapping):
        return Money(Decimal(0), currency)
    code = str(value.get("currencyCode") or currency)
    if code != currency:
        raise UnusableOrder(f"order {order_id}: an amount in {code}, the order in {currency}")
    try:
        return Money(Decimal(str(value.get("amount"))), currency)
    except InvalidOperation:
        raise UnusableOrder(f"order {order_id}: {value.get('amount')!r} is not an amount") from None


def _currency(order: Mapping[str, Any]) -> str:
    total = (order.get("proceeds") or {}).get("grandTotal") or {}
    if total.get("currencyCode"):
        return str(total["currencyCode"])
    for item in order.get("orderItems") or []:
        price = ((item.get("product") or {}).get("price") or {}).get("unitPrice") or {}
        if price.get("currencyCode"):
            return str(price["currencyCode"])
    return ""


def _time(value: Any, order_id: str, field: str) -> dt.datetime | None:
    if not value:
        return None
    try:
        parsed = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        raise UnusableOrder(f"order {order_id}: {field} {value!r} is not a time") from None
    if parsed.tzinfo is None:
        raise UnusableOrder(f"order {order_id}: {field} {value!r} has no time zone")
    return parsed.astimezone(dt.UTC)


def _buyer(order: Mapping[str, Any]) -> domain.BuyerData | None:
    buyer = order.get("buyer") or {}
    address = (order.get("recipient") or {}).get("deliveryAddress") or {}
    if not buyer and not address:
        return None
    return domain.BuyerData(
        name=str(buyer.get("buyerName") or "")[:200],
        email=str(buyer.get("buyerEmail") or "")[:254],
        ship_name=str(address.get("name") or "")[:200],
        address_line1=str(address.get("addressLine1") or "")[:200],
        address_line2=str(address.get("addressLine2") or "")[:200],
        address_line3=str(address.get("addressLine3") or "")[:200],
        city=str(address.get("city") or "")[:100],
        region=str(address.get("stateOrRegion") or "")[:100],
        postal_code=str(address.get("postalCode") or "")[:20],
        country_code=str(address.get("countryCode") or "")[:2].upper(),
        ship_phone=str(address.get("phone") or "")[:50],
    )


# Orders v2026-01-01 PackageStatus: the carrier has the parcel (it was scanned).
_IN_CARRIERS_HANDS = frozenset({"IN_TRANSIT", "DELIVERED"})
_SCANNED_DETAIL = frozenset({
    "PICKED_UP", "DROPPED_OFF", "AT_ORIGIN_FC", "AT_DESTINATION_FC", "OUT_FOR_DELIVERY",
    "DELIVERED", "REJECTED_BY_BUYER", "UNDELIVERABLE", "RETURNING_TO_SELLER",
    "RETURNED_TO_SELLER", "DAMAGED",
})  # fmt: skip


def scanned_packages(order: Mapping[str, Any]) -> list[str]:
    """Tracking numbers of the order's packages a carrier has scanned, as Amazon reports them."""
    numbers = []
    for package in order.get("packages") or []:
        status = package.get("packageStatus") or {}
        scanned = (
            status.get("status") in _IN_CARRIERS_HANDS
            or status.get("detailedStatus") in _SCANNED_DETAIL
        )
        number = str(package.get("trackingNumber") or "").strip()
        if scanned and number:
            numbers.append(number)
    return numbers
