"""Order rules with no database: the data a channel sends, statuses and what follows from them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from sellerdesk.core.money import Money

# Statuses as strings so this module needs no Django; models.OrderStatus uses the same values.
PENDING_AVAILABILITY = "PendingAvailability"
PENDING = "Pending"
UNSHIPPED = "Unshipped"
PARTIALLY_SHIPPED = "PartiallyShipped"
SHIPPED = "Shipped"
INVOICE_UNCONFIRMED = "InvoiceUnconfirmed"
CANCELED = "Canceled"
UNFULFILLABLE = "Unfulfillable"
DELIVERED = "Delivered"
RETURNED = "Returned"

ALL_STATUSES = (
    PENDING_AVAILABILITY,
    PENDING,
    UNSHIPPED,
    PARTIALLY_SHIPPED,
    SHIPPED,
    INVOICE_UNCONFIRMED,
    CANCELED,
    UNFULFILLABLE,
    DELIVERED,
    RETURNED,
)
# Statuses in which stock should be held for a seller-fulfilled order.
HOLDS_STOCK = frozenset({PENDING_AVAILABILITY, PENDING, UNSHIPPED, PARTIALLY_SHIPPED})
SHIPPED_STATES = frozenset({SHIPPED, INVOICE_UNCONFIRMED, DELIVERED, RETURNED})
# How far along an order is. Statuses only move forward: a channel resend of older news (the
# order shipped here, Amazon not yet told) must not reopen it, and our own Delivered and
# Returned come after the channel's Shipped. A cancellation outranks the open states only.
_PROGRESS = {
    PENDING_AVAILABILITY: 0,
    PENDING: 1,
    UNSHIPPED: 2,
    PARTIALLY_SHIPPED: 3,
    CANCELED: 4,
    UNFULFILLABLE: 4,
    SHIPPED: 5,
    INVOICE_UNCONFIRMED: 6,
    DELIVERED: 7,
    RETURNED: 8,
}
# The money on an order line, in Amazon's terms.
LINE_MONEY_FIELDS = (
    "item_price",
    "item_tax",
    "shipping_price",
    "shipping_tax",
    "promotion_discount",
    "shipping_discount",
)
_DATETIME_FIELDS = (
    "purchased_at",
    "last_updated_at",
    "earliest_ship_at",
    "latest_ship_at",
    "earliest_delivery_at",
    "latest_delivery_at",
)

SELLER = "seller"
AMAZON = "amazon"
# Line ids for reports that name an order's lines only by SKU (Amazon's All Orders report).
# A line known this way takes the channel's own id when a later message brings one.
SKU_LINE_PREFIX = "sku:"


@dataclass(frozen=True, slots=True)
class LineData:
    external_id: str
    channel_sku: str
    quantity_ordered: int
    item_price: Money
    item_tax: Money | None = None
    shipping_price: Money | None = None
    shipping_tax: Money | None = None
    promotion_discount: Money | None = None
    shipping_discount: Money | None = None
    quantity_shipped: int = 0
    quantity_cancelled: int = 0
    title: str = ""
    asin: str = ""
    is_gift: bool = False
    gift_message: str = ""
    personalisation: str = ""


@dataclass(frozen=True, slots=True)
class BuyerData:
    name: str = ""
    email: str = ""
    phone: str = ""
    ship_name: str = ""
    address_line1: str = ""
    address_line2: str = ""
    address_line3: str = ""
    city: str = ""
    region: str = ""
    postal_code: str = ""
    country_code: str = ""
    ship_phone: str = ""


@dataclass(frozen=True, slots=True)
class OrderData:
    """One order as a channel reports it; every channel adapter produces this."""

    channel: str
    external_id: str
    status: str
    fulfillment: str
    purchased_at: dt.datetime
    last_updated_at: dt.datetime
    currency: str
    lines: Sequence[LineData]
    marketplace: str | None = None
    earliest_ship_at: dt.datetime | None = None
    latest_ship_at: dt.datetime | None = None
    earliest_delivery_at: dt.datetime | None = None
    latest_delivery_at: dt.datetime | None = None
    ship_service_level: str = ""
    is_prime: bool = False
    is_business: bool = False
    buyer: BuyerData | None = None
    prices_include_tax: bool | None = None
    """None: the marketplace's rule (VAT-inclusive in Europe, tax on top in the US)."""
    cancelled_by: str = ""
    """seller, buyer or channel when the channel says who cancelled; "" when it does not."""


class InvalidOrderData(ValueError):
    """The channel's data contradicts itself; the message names the field."""


def validate(order: OrderData) -> None:
    if order.status not in ALL_STATUSES:
        raise InvalidOrderData(f"order {order.external_id}: unknown status {order.status!r}")
    if order.fulfillment not in (SELLER, AMAZON):
        raise InvalidOrderData(
            f"order {order.external_id}: fulfilment must be seller or amazon, "
            f"got {order.fulfillment!r}"
        )
    for stamp in _DATETIME_FIELDS:
        value = getattr(order, stamp)
        if value is not None and value.tzinfo is None:
            raise InvalidOrderData(f"order {order.external_id}: {stamp} has no time zone")
    seen: set[str] = set()
    for line in order.lines:
        if line.external_id in seen:
            raise InvalidOrderData(
                f"order {order.external_id}: line {line.external_id} appears twice"
            )
        seen.add(line.external_id)
        if line.quantity_ordered < 0 or line.quantity_shipped < 0 or line.quantity_cancelled < 0:
            raise InvalidOrderData(f"order {order.external_id}: negative quantity")
        if line.quantity_shipped + line.quantity_cancelled > line.quantity_ordered:
            raise InvalidOrderData(
                f"order {order.external_id} line {line.external_id}: shipped plus cancelled "
                "exceeds ordered"
            )
        for name in LINE_MONEY_FIELDS:
            amount = getattr(line, name)
            if amount is not None and amount.currency != order.currency:
                raise InvalidOrderData(
                    f"order {order.external_id} line {line.external_id}: {name} is in "
                    f"{amount.currency}, the order in {order.currency}"
                )


def is_stale(*, incoming: dt.datetime, stored: dt.datetime) -> bool:
    """Older channel data never overwrites newer."""
    return incoming < stored


def merged_status(*, current: str, incoming: str) -> str:
    """The further along of the two: the channel's news never moves an order backwards."""
    return incoming if _PROGRESS[incoming] >= _PROGRESS[current] else current


def settled_quantities(
    *, status: str, ordered: int, shipped: int, cancelled: int
) -> tuple[int, int]:
    """(shipped, cancelled) as the order's status implies them.

    A channel may send "Shipped" or "Canceled" for the order without per-line counts;
    a shipped order has shipped all it did not cancel, a cancelled one cancelled the rest.
    """
    if status in SHIPPED_STATES:
        return ordered - cancelled, cancelled
    if status in (CANCELED, UNFULFILLABLE):
        return shipped, ordered - shipped
    return shipped, cancelled


def holds_stock(*, status: str, fulfillment: str) -> bool:
    """Seller-fulfilled orders hold stock until shipped or cancelled; Amazon holds FBA stock."""
    return fulfillment == SELLER and status in HOLDS_STOCK


def can_cancel(status: str) -> bool:
    return status in HOLDS_STOCK


def can_ship(*, status: str, fulfillment: str) -> bool:
    return fulfillment == SELLER and status in (UNSHIPPED, PARTIALLY_SHIPPED)


def can_mark_delivered(*, status: str, fulfillment: str) -> bool:
    """A seller-fulfilled order all shipped may be marked delivered by hand (the carrier said
    so, or the buyer did); Amazon reports its own FBA deliveries."""
    return fulfillment == SELLER and status in (SHIPPED, INVOICE_UNCONFIRMED)


def status_after_shipment(lines: Sequence[tuple[int, int, int]]) -> str:
    """(ordered, shipped, cancelled) per line -> Shipped when nothing is left open."""
    open_units = sum(ordered - shipped - cancelled for ordered, shipped, cancelled in lines)
    shipped_units = sum(shipped for _, shipped, _ in lines)
    if open_units == 0 and shipped_units > 0:
        return SHIPPED
    if shipped_units > 0:
        return PARTIALLY_SHIPPED
    return UNSHIPPED


def charged_amount(
    *,
    item_price: Decimal,
    item_tax: Decimal,
    shipping_price: Decimal,
    shipping_tax: Decimal,
    promotion_discount: Decimal,
    shipping_discount: Decimal,
    prices_include_tax: bool,
) -> Decimal:
    """What the buyer paid for a line.

    Where prices include tax (VAT in Europe, consumption tax in Japan), Amazon's ItemTax
    and ShippingTax report the tax inside the prices: adding them would count it twice.
    """
    amount = item_price + shipping_price - promotion_discount - shipping_discount
    if not prices_include_tax:
        amount += item_tax + shipping_tax
    return amount


def line_charged(line: LineData, currency: str, *, prices_include_tax: bool) -> Money:
    zero = Money.zero(currency)
    amount = charged_amount(
        item_price=line.item_price.amount,
        item_tax=(line.item_tax or zero).amount,
        shipping_price=(line.shipping_price or zero).amount,
        shipping_tax=(line.shipping_tax or zero).amount,
        promotion_discount=(line.promotion_discount or zero).amount,
        shipping_discount=(line.shipping_discount or zero).amount,
        prices_include_tax=prices_include_tax,
    )
    return Money(amount, currency)


def order_total(lines: Sequence[LineData], currency: str, *, prices_include_tax: bool) -> Money:
    total = Money(Decimal(0), currency)
    for line in lines:
        total = total + line_charged(line, currency, prices_include_tax=prices_include_tax)
    return total


def sku_line_ids(channel_skus: Sequence[str]) -> list[str]:
    """Line ids for an order whose lines the channel names only by SKU, in the order given.

    The same SKU twice in one order (two conditions, a gift and a non-gift unit) gets
    "sku:X", then "sku:X#2", so a re-import of the same rows gives the same ids.
    """
    seen: dict[str, int] = {}
    ids = []
    for code in channel_skus:
        seen[code] = seen.get(code, 0) + 1
        suffix = "" if seen[code] == 1 else f"#{seen[code]}"
        ids.append(f"{SKU_LINE_PREFIX}{code}{suffix}")
    return ids


def is_sku_line_id(external_id: str) -> bool:
    return external_id.startswith(SKU_LINE_PREFIX)


def pair_lines(
    stored: Sequence[tuple[str, str]], incoming: Sequence[tuple[str, str]]
) -> dict[str, str]:
    """Which stored line each incoming line is, as {incoming id: stored id}; (id, SKU) pairs.

    Ids match first. Then a line named only by SKU matches a stored line of that SKU, and a
    line with the channel's id matches a stored line that was named only by SKU, so a report
    without line ids and one with them describe the same lines, whichever came first.
    Incoming lines missing from the result are new.
    """
    stored_ids = {external_id for external_id, _ in stored}
    pairs = {line_id: line_id for line_id, _ in incoming if line_id in stored_ids}
    free = [(line_id, sku) for line_id, sku in stored if line_id not in pairs.values()]
    for line_id, sku in incoming:
        if line_id in pairs:
            continue
        for candidate in free:
            candidate_id, candidate_sku = candidate
            # One of the two must be SKU-named: two channel ids are two different lines.
            if candidate_sku == sku and (is_sku_line_id(line_id) or is_sku_line_id(candidate_id)):
                pairs[line_id] = candidate_id
                free.remove(candidate)
                break
    return pairs


def shipment_predates_stock(*, changed_at: dt.datetime, stock_since: dt.datetime | None) -> bool:
    """An order reported shipped before sellerdesk held any stock of the SKU is history.

    Importing last year's orders must not take this year's counted stock off the shelf:
    the count was made after those units had left. The channel's last change of a shipped
    order is when it shipped, near enough.
    """
    return stock_since is None or changed_at < stock_since
