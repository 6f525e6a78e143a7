"""Amazon's order reports as the OrderData every channel adapter produces.

The All Orders report has one line per order item and no item ids: its lines are named by
SKU (orders.domain.sku_line_ids) until a report with ids comes. The Unshipped report is a
snapshot of open seller-fulfilled orders with the buyer and the address, but no status
and no change time: it stands as of the payment, so any later news of the order wins.
Rows of one order follow each other; each run of rows becomes one order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass

from sellerdesk.orders import domain

from .cells import Cells, line_money
from .errors import FlatFileError
from .reader import Row, TabReader
from .reports import ReportKind


@dataclass(frozen=True, slots=True)
class Storefront:
    """What the mapping needs to know of a marketplace."""

    code: str
    currency: str
    domain: str


@dataclass(frozen=True, slots=True)
class ParsedOrder:
    data: domain.OrderData
    line: int
    """The file line of the order's first row."""


@dataclass(frozen=True, slots=True)
class SkippedOrder:
    external_id: str
    line: int
    reason: str


# All Orders report order-status values (lower case) -> Amazon's API statuses.
_ORDER_STATUSES = {
    "pending": domain.PENDING,
    "pending - waiting for pick up": domain.PENDING,
    "pendingavailability": domain.PENDING_AVAILABILITY,
    "unshipped": domain.UNSHIPPED,
    "shipping": domain.PARTIALLY_SHIPPED,
    "partiallyshipped": domain.PARTIALLY_SHIPPED,
    "shipped": domain.SHIPPED,
    "complete": domain.SHIPPED,
    "invoiceunconfirmed": domain.INVOICE_UNCONFIRMED,
    "shipped - delivered to buyer": domain.DELIVERED,
    "cancelled": domain.CANCELED,
    "canceled": domain.CANCELED,
    "unfulfillable": domain.UNFULFILLABLE,
}
# Carrier events after shipping ("Shipped - Out for Delivery", "- Returned to Seller") are
# all still shipped here: returns are recorded from the returns reports.
_SHIPPED_PREFIX = "shipped - "
_ITEM_OPEN = frozenset({"", "unshipped", "pending", "shipping"})
ITEM_OPEN, ITEM_SHIPPED, ITEM_CANCELLED = "open", "shipped", "cancelled"
_ITEM_CANCELLED = frozenset({"cancelled", "canceled"})
_FULFILMENT = {
    "merchant": domain.SELLER,
    "mfn": domain.SELLER,
    "amazon": domain.AMAZON,
    "afn": domain.AMAZON,
}
NOT_AMAZON = "non-amazon"

ALL_ORDERS_REQUIRED = [
    "amazon-order-id",
    "purchase-date",
    "last-updated-date",
    "order-status",
    "fulfillment-channel",
    "sku",
    "item-status",
    "quantity",
]
UNSHIPPED_REQUIRED = ["order-id", "order-item-id", "purchase-date", "sku", "quantity-purchased"]


class OrderRows:
    """The orders of one All Orders or Unshipped report, in file order."""

    def __init__(
        self,
        reader: TabReader,
        kind: ReportKind,
        *,
        storefronts: Mapping[str, Storefront],
        default_marketplace: str | None,
        fallback_marketplace: str | None = None,
    ) -> None:
        """`default_marketplace`, when given, is the marketplace of rows that name none, and
        rows of any other are skipped; `fallback_marketplace` only fills in a missing one."""
        if kind not in (ReportKind.ALL_ORDERS, ReportKind.UNSHIPPED_ORDERS):
            raise ValueError(f"{kind} is not an order report")
        self.reader, self.kind = reader, kind
        self.by_code = {front.code: front for front in storefronts.values()}
        self.by_domain = {front.domain.lower(): front for front in storefronts.values()}
        self.default = default_marketplace
        self.fallback = default_marketplace or fallback_marketplace
        reader.require(ALL_ORDERS_REQUIRED if kind is ReportKind.ALL_ORDERS else UNSHIPPED_REQUIRED)
        self._id_column = "amazon-order-id" if kind is ReportKind.ALL_ORDERS else "order-id"
        self._build: Callable[[list[Cells], Storefront, str], domain.OrderData] = (
            self._all_orders if kind is ReportKind.ALL_ORDERS else self._unshipped
        )

    def __iter__(self) -> Iterator[ParsedOrder | SkippedOrder]:
        return self.orders_of(self.reader)

    def orders_of(self, rows: Iterable[Row]) -> Iterator[ParsedOrder | SkippedOrder]:
        """The orders of these rows of the report (all of them, or some orders' rows)."""
        group: list[Cells] = []
        # Every order met: an order's rows come together in Amazon's reports, and rows of one
        # order apart would make two versions of it. Kept compact (a million-line report
        # has some 700,000 orders): Amazon's 3-7-7 ids as one integer each.
        seen: set[int | str] = set()
        for row in rows:
            cells = Cells(row, self.reader.name)
            order_id = cells.required(self._id_column)
            if group and order_id != group[0].text(self._id_column):
                yield self._order(group)
                group = []
            if not group:
                key = _compact(order_id)
                if key in seen:
                    raise cells.error(
                        self._id_column,
                        f"order {order_id} is also on an earlier line, with other orders between",
                        "an order's lines one after another, as Seller Central writes them; "
                        "sort the file by order id or download it again",
                    )
                seen.add(key)
            group.append(cells)
        if group:
            yield self._order(group)

    def _order(self, group: list[Cells]) -> ParsedOrder | SkippedOrder:
        first = group[0]
        front = self._storefront(first)
        if isinstance(front, str):
            return SkippedOrder(first.text(self._id_column), first.row.line, front)
        built = self._build(group, front, self._currency(group, front))
        try:
            domain.validate(built)
        except domain.InvalidOrderData as error:
            raise FlatFileError(str(error), file=self.reader.name, line=group[0].row.line) from None
        return ParsedOrder(built, group[0].row.line)

    def storefront(self, sales_channel: str) -> Storefront | str | None:
        """The marketplace of an order whose sales-channel cell says this, the reason the
        order is not one of ours to import, or None when the report cannot say which."""
        site = sales_channel.lower()
        if site == NOT_AMAZON:
            return "a multi-channel fulfilment order (sales channel Non-Amazon)"
        if site:
            found = self.by_domain.get(site.removeprefix("www."))
            if found is not None and self.default is not None and found.code != self.default:
                return f"an order of Amazon {found.code}, not {self.default} as asked"
            return found
        return None if self.fallback is None else self.by_code[self.fallback]

    def _storefront(self, first: Cells) -> Storefront | str:
        """The order's marketplace, or the reason the order is not one of ours to import."""
        found = self.storefront(first.text("sales-channel"))
        if found is not None:
            return found
        if first.text("sales-channel"):
            raise first.error(
                "sales-channel",
                f"{first.text('sales-channel')!r} is not a marketplace sellerdesk knows",
                "an Amazon site such as Amazon.com or Amazon.co.uk",
            )
        if self.fallback is None:
            raise FlatFileError(
                "the report does not say which marketplace its orders are from",
                file=self.reader.name,
                line=first.row.line,
                expected="the marketplace given with --marketplace (US, UK, DE, ...) "
                "or chosen on the upload form",
            )
        raise AssertionError("storefront() found the fallback marketplace")

    def _all_orders(self, group: list[Cells], front: Storefront, currency: str) -> domain.OrderData:
        first = group[0]
        external_id = first.text("amazon-order-id")
        skus = [cells.required("sku") for cells in group]
        lines = [
            self._all_orders_line(cells, line_id, sku, currency)
            for cells, line_id, sku in zip(group, domain.sku_line_ids(skus), skus, strict=True)
        ]
        purchased = first.time("purchase-date")
        updated = first.time("last-updated-date")
        return domain.OrderData(
            channel="amazon",
            marketplace=front.code,
            external_id=external_id,
            status=_order_status(first),
            fulfillment=_fulfilment(first),
            purchased_at=purchased,
            last_updated_at=max(updated, purchased),
            currency=currency,
            lines=lines,
            ship_service_level=first.text("ship-service-level")[:64],
            is_business=first.flag("is-business-order"),
        )

    def _all_orders_line(
        self, cells: Cells, line_id: str, sku: str, currency: str
    ) -> domain.LineData:
        quantity = cells.count("quantity")
        state = item_state(cells.text("item-status"))
        if state is None:
            raise cells.error(
                "item-status",
                f"unknown item status {cells.text('item-status').lower()!r}",
                "Unshipped, Shipped or Cancelled",
            )
        shipped = quantity if state == ITEM_SHIPPED else 0
        cancelled = quantity if state == ITEM_CANCELLED else 0
        return domain.LineData(
            external_id=line_id,
            channel_sku=sku,
            quantity_ordered=quantity,
            quantity_shipped=shipped,
            quantity_cancelled=cancelled,
            title=cells.text("product-name")[:500],
            asin=cells.text("asin")[:10],
            **line_money(cells, currency),
        )

    def _unshipped(self, group: list[Cells], front: Storefront, currency: str) -> domain.OrderData:
        first = group[0]
        external_id = first.text("order-id")
        lines = []
        for cells in group:
            ordered = cells.count("quantity-purchased")
            shipped = cells.count("quantity-shipped", default=0)
            to_ship = cells.count("quantity-to-ship", default=ordered - shipped)
            gift = cells.text("gift-message-text")
            lines.append(
                domain.LineData(
                    external_id=cells.required("order-item-id"),
                    channel_sku=cells.required("sku"),
                    quantity_ordered=ordered,
                    quantity_shipped=shipped,
                    # What is neither shipped nor still to ship was cancelled.
                    quantity_cancelled=max(ordered - shipped - to_ship, 0),
                    title=cells.text("product-name")[:500],
                    is_gift=bool(gift or cells.text("gift-wrap-type")),
                    gift_message=gift,
                    personalisation=cells.text("customized-url"),
                    **line_money(cells, currency),
                )
            )
        purchased = first.time("purchase-date")
        paid = first.optional_time("payments-date")
        any_shipped = any(line.quantity_shipped for line in lines)
        return domain.OrderData(
            channel="amazon",
            marketplace=front.code,
            external_id=external_id,
            status=domain.PARTIALLY_SHIPPED if any_shipped else domain.UNSHIPPED,
            fulfillment=domain.SELLER,
            purchased_at=purchased,
            last_updated_at=max(paid or purchased, purchased),
            currency=currency,
            lines=lines,
            latest_ship_at=first.optional_time("promise-date"),
            earliest_delivery_at=first.optional_time("delivery-start-date"),
            latest_delivery_at=first.optional_time("delivery-end-date"),
            ship_service_level=first.text("ship-service-level")[:64],
            is_prime=first.flag("is-prime"),
            is_business=first.flag("is-business-order"),
            buyer=domain.BuyerData(
                name=first.text("buyer-name")[:200],
                email=first.text("buyer-email")[:254],
                phone=first.text("buyer-phone-number")[:50],
                ship_name=first.text("recipient-name")[:200],
                address_line1=first.text("ship-address-1")[:200],
                address_line2=first.text("ship-address-2")[:200],
                address_line3=first.text("ship-address-3")[:200],
                city=first.text("ship-city")[:100],
                region=first.text("ship-state")[:100],
                postal_code=first.text("ship-postal-code")[:20],
                country_code=first.text("ship-country")[:2].upper(),
                ship_phone=first.text("ship-phone-number")[:50],
            ),
        )

    @staticmethod
    def _currency(group: list[Cells], front: Storefront) -> str:
        # Cancelled items come with no currency and no prices; any line of the order may say it.
        for cells in group:
            if text := cells.text("currency"):
                if (code := currency_code(text)) is None:
                    raise cells.error(
                        "currency", f"{text.upper()!r} is not a currency", "a code such as USD"
                    )
                return code
        return front.currency


def _compact(order_id: str) -> int | str:
    digits = order_id.replace("-", "")
    return int(digits) if len(digits) == 17 and digits.isascii() and digits.isdigit() else order_id


def currency_code(text: str) -> str | None:
    """A currency cell as its code (USD); None when it is not one."""
    code = text.upper()
    return code if len(code) == 3 and code.isalpha() else None


def order_status(text: str) -> str | None:
    """An All Orders report's order-status cell as Amazon's API status; None if unknown."""
    value = text.lower()
    if value in _ORDER_STATUSES:
        return _ORDER_STATUSES[value]
    return domain.SHIPPED if value.startswith(_SHIPPED_PREFIX) else None


def fulfilment(text: str) -> str | None:
    return _FULFILMENT.get(text.lower())


def item_state(text: str) -> str | None:
    """An item-status cell as ITEM_OPEN, ITEM_SHIPPED or ITEM_CANCELLED; None if unknown."""
    value = text.lower()
    if value in _ITEM_CANCELLED:
        return ITEM_CANCELLED
    if value == "shipped" or value.startswith(_SHIPPED_PREFIX):
        return ITEM_SHIPPED
    return ITEM_OPEN if value in _ITEM_OPEN else None


def _order_status(cells: Cells) -> str:
    value = cells.required("order-status")
    if (status := order_status(value)) is not None:
        return status
    raise cells.error(
        "order-status",
        f"unknown order status {value.lower()!r}",
        "Pending, Unshipped, Shipping, Shipped or Cancelled",
    )


def _fulfilment(cells: Cells) -> str:
    value = cells.required("fulfillment-channel")
    if (found := fulfilment(value)) is not None:
        return found
    raise cells.error(
        "fulfillment-channel", f"unknown fulfilment channel {value.lower()!r}", "Amazon or Merchant"
    )
