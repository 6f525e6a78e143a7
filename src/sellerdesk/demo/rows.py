"""Generated orders as table rows for `core.bulk`, and as channel data for the order service.

Rows are tuples in the field order below, with explicit ids so lines, buyers, events and
ledger lines can point at their order and line without reading anything back. Each order
gets the timeline the services would have written: received, then shipped, delivered or
cancelled. Each shipped line takes its units off the location it was sold from.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Model

from sellerdesk.core import bulk
from sellerdesk.core.money import Money
from sellerdesk.fulfillment.domain.tracking import with_check_digit
from sellerdesk.inventory.models import StockMovement
from sellerdesk.metrics.models import Claim, Feedback
from sellerdesk.orders import domain
from sellerdesk.orders.models import (
    BuyerDetails,
    Order,
    OrderEvent,
    OrderLine,
    Shipment,
    ShipmentLine,
)

from .generator import CANCELED, DELIVERED, DemoOrder
from .stockbook import StockEvent

ORDER_TABLES: tuple[type[Model], ...] = (
    Order, OrderLine, BuyerDetails, OrderEvent, StockMovement, Shipment, ShipmentLine, Feedback,
    Claim,
)  # fmt: skip
ORDER_FIELDS = (
    "id", "channel", "marketplace", "external_id", "status", "fulfillment", "purchased_at",
    "last_updated_at", "received_at", "earliest_ship_at", "latest_ship_at",
    "earliest_delivery_at", "latest_delivery_at", "shipped_at", "delivered_at", "cancelled_at",
    "cancelled_by", "ship_service_level", "is_prime", "is_business", "currency",
    "prices_include_tax", "total", "item_count",
)  # fmt: skip
LINE_FIELDS = (
    "id", "order", "sku", "channel_sku", "external_id", "asin", "title", "quantity_ordered",
    "quantity_shipped", "quantity_cancelled", "currency", "item_price", "item_tax",
    "shipping_price", "shipping_tax", "promotion_discount", "shipping_discount", "is_gift",
    "gift_message", "personalisation",
)  # fmt: skip
BUYER_FIELDS = (
    "id", "order", "name", "email", "phone", "ship_name", "address_line1", "address_line2",
    "address_line3", "city", "region", "postal_code", "country_code", "ship_phone",
)  # fmt: skip
EVENT_FIELDS = ("id", "order", "at", "kind", "status_from", "status_to", "message", "actor")
MOVEMENT_FIELDS = (
    "id", "sku", "location", "kind", "on_hand_change", "reserved_change", "reason", "reference",
    "actor", "created_at",
)  # fmt: skip
SHIPMENT_FIELDS = (
    "id", "order", "shipped_at", "carrier", "ship_method", "tracking_number", "created_by",
    "channel_state", "channel_reference", "channel_updated_at", "channel_error", "first_told_at",
    "first_scan_at",
)  # fmt: skip
SHIPMENT_LINE_FIELDS = ("id", "shipment", "order_line", "quantity")
FEEDBACK_FIELDS = ("id", "order", "stars", "left_at", "removed_at", "comment", "source")
CLAIM_FIELDS = (
    "id", "order", "filed_at", "state", "protected", "amount", "currency", "note", "source",
)  # fmt: skip
# The seller's own carriers and their numbers' forms, by marketplace.
CARRIERS = {
    "US": ("USPS", "USPS IMpb", "9400111{:014d}0"),
    "UK": ("Royal Mail", "Royal Mail (UPU S10)", "RB{:08d}0GB"),
}
SELLER = "demo"  # the shop owner, as the services would name her
CHANNEL = "sync"  # what Amazon's order sync writes


class Ids:
    """The next primary key of each bulk-written table."""

    def __init__(
        self, order: int, line: int, buyer: int, event: int, movement: int, shipment: int,
        shipment_line: int, feedback: int, claim: int,
    ) -> None:  # fmt: skip
        self.order, self.line, self.buyer, self.event, self.movement = (
            order,
            line,
            buyer,
            event,
            movement,
        )
        self.shipment, self.shipment_line, self.feedback, self.claim = (
            shipment,
            shipment_line,
            feedback,
            claim,
        )

    @classmethod
    def after_existing(cls) -> Ids:
        return cls(*(bulk.next_ids(model, 0).start for model in ORDER_TABLES))


class OrderRows:
    def __init__(self, refs: dict[str, dict[str, int]], ids: Ids) -> None:
        self.channel = refs["channel"]["amazon"]
        self.markets = refs["market"]
        self.skus = refs["sku"]
        self.locations = refs["location"]
        self.ids = ids
        self.orders: list[tuple[Any, ...]] = []
        self.lines: list[tuple[Any, ...]] = []
        self.buyers: list[tuple[Any, ...]] = []
        self.events: list[tuple[Any, ...]] = []
        self.movements: list[tuple[Any, ...]] = []
        self.shipments: list[tuple[Any, ...]] = []
        self.shipment_lines: list[tuple[Any, ...]] = []
        self.feedback: list[tuple[Any, ...]] = []
        self.claims: list[tuple[Any, ...]] = []

    @property
    def pending(self) -> int:
        return len(self.orders)

    def tables(self) -> list[tuple[type[Model], tuple[str, ...], list[tuple[Any, ...]]]]:
        return [
            (Order, ORDER_FIELDS, self.orders),
            (OrderLine, LINE_FIELDS, self.lines),
            (BuyerDetails, BUYER_FIELDS, self.buyers),
            (OrderEvent, EVENT_FIELDS, self.events),
            (StockMovement, MOVEMENT_FIELDS, self.movements),
            (Shipment, SHIPMENT_FIELDS, self.shipments),
            (ShipmentLine, SHIPMENT_LINE_FIELDS, self.shipment_lines),
            (Feedback, FEEDBACK_FIELDS, self.feedback),
            (Claim, CLAIM_FIELDS, self.claims),
        ]

    def clear(self) -> None:
        for _, _, rows in self.tables():
            rows.clear()

    def order(self, o: DemoOrder) -> None:
        """One order that is no longer open: shipped, delivered or cancelled."""
        ids = self.ids
        order_id = ids.order
        ids.order += 1
        self.orders.append(
            (
                order_id, self.channel, self.markets[o.market], o.external_id, o.status,
                o.fulfillment, o.purchased_at, o.last_updated_at, o.received_at,
                o.earliest_ship_at, o.latest_ship_at, o.earliest_delivery_at,
                o.latest_delivery_at, o.shipped_at, o.delivered_at, o.cancelled_at,
                _cancelled_by(o), o.ship_service_level, o.is_prime, o.is_business, o.currency,
                o.prices_include_tax, o.total, o.item_count,
            )
        )  # fmt: skip
        cancelled = o.status == CANCELED
        shipper = SELLER if o.fulfillment == "seller" else CHANNEL
        shipment_id = self._shipment(o, order_id) if not cancelled else None
        for line in o.lines:
            line_id = ids.line
            ids.line += 1
            quantity = line.quantity
            self.lines.append(
                (line_id, order_id, self.skus[line.sku.code], line.channel_sku, line.external_id,
                 line.asin, line.sku.title, quantity, 0 if cancelled else quantity,
                 quantity if cancelled else 0, o.currency, *line.charges, line.is_gift,
                 line.gift_message, line.personalisation)
            )  # fmt: skip
            if shipment_id is not None:
                self.shipment_lines.append((ids.shipment_line, shipment_id, line_id, quantity))
                ids.shipment_line += 1
            if not cancelled:
                self.movements.append(
                    (ids.movement, self.skus[line.sku.code], self.locations[line.location],
                     "shipment", -quantity, 0, "shipped", f"order-line:{line_id}", shipper,
                     o.shipped_at)
                )  # fmt: skip
                ids.movement += 1
        self.buyers.append((ids.buyer, order_id, *o.buyer[:12]))
        ids.buyer += 1
        self._defects(o, order_id)
        self._event(order_id, o.received_at, "received", "", "Unshipped", "Received from Amazon")
        if cancelled:
            actor = CHANNEL if o.cancel_reason.startswith("buyer") else SELLER
            message = f"Cancelled: {o.cancel_reason}"
            self._event(
                order_id, o.cancelled_at, "cancelled", "Unshipped", CANCELED, message, actor
            )
            return
        self._event(
            order_id,
            o.shipped_at,
            "shipped",
            "Unshipped",
            "Shipped",
            "Unshipped → Shipped",
            shipper,
        )
        if o.status == DELIVERED:
            self._event(
                order_id, o.delivered_at, "status", "Shipped", DELIVERED, "Shipped → Delivered"
            )

    def _shipment(self, o: DemoOrder, order_id: int) -> int | None:
        """The seller's own parcel, told to Amazon within minutes; most scanned hours later,
        about one in fifty never (a drop-off the carrier did not scan)."""
        if o.fulfillment != "seller" or o.shipped_at is None:
            return None
        carrier, form, pattern = CARRIERS[o.market]
        number = with_check_digit(form, pattern.format(o.seq))
        told = o.shipped_at + dt.timedelta(minutes=5 + o.seq % 40)
        scanned = None if o.seq % 50 == 7 else o.shipped_at + dt.timedelta(hours=2 + o.seq % 9)
        shipment_id = self.ids.shipment
        self.ids.shipment += 1
        self.shipments.append(
            (shipment_id, order_id, o.shipped_at, carrier, o.ship_service_level, number, SELLER,
             "confirmed", "demo", told, "", told, scanned)
        )  # fmt: skip
        return shipment_id

    def _defects(self, o: DemoOrder, order_id: int) -> None:
        """A handful of what every shop meets: poor feedback on about one order in 400, an
        A-to-z claim on one in 1,500."""
        if o.delivered_at is not None and o.seq % 397 == 11:
            stars = 1 + o.seq % 2
            self.feedback.append(
                (self.ids.feedback, order_id, stars, o.delivered_at + dt.timedelta(days=2), None,
                 "Smaller than it looked in the photos.", "file")
            )  # fmt: skip
            self.ids.feedback += 1
        if o.shipped_at is not None and o.seq % 1499 == 3:
            self.claims.append(
                (self.ids.claim, order_id, o.shipped_at + dt.timedelta(days=12), "pending", False,
                 o.total, o.currency, "Item not received", "file")
            )  # fmt: skip
            self.ids.claim += 1

    def _event(
        self,
        order_id: int,
        at: Any,
        kind: str,
        before: str,
        after: str,
        message: str,
        actor: str = CHANNEL,
    ) -> None:
        self.events.append((self.ids.event, order_id, at, kind, before, after, message, actor))
        self.ids.event += 1

    def stock_event(self, event: StockEvent) -> None:
        """A receipt is one ledger line; a transfer is two, out of the shelf and into Amazon."""
        sku = self.skus[event.sku]
        if event.kind == "transfer":
            self.movements.append(
                (self.ids.movement, sku, self.locations[event.source], "transfer_out",
                 -event.quantity, 0, event.reason, event.reference, SELLER, event.at)
            )  # fmt: skip
            self.ids.movement += 1
            kind = "transfer_in"
        else:
            kind = "receipt"
        self.movements.append(
            (self.ids.movement, sku, self.locations[event.location], kind, event.quantity, 0,
             event.reason, event.reference, SELLER, event.at)
        )  # fmt: skip
        self.ids.movement += 1


def open_order_data(o: DemoOrder) -> domain.OrderData:
    """An order still waiting to ship, as Amazon's order sync would hand it to the service."""
    currency = o.currency
    lines = [
        domain.LineData(
            external_id=line.external_id,
            channel_sku=line.channel_sku,
            quantity_ordered=line.quantity,
            item_price=Money(line.charges.item_price, currency),
            item_tax=Money(line.charges.item_tax, currency),
            shipping_price=Money(line.charges.shipping_price, currency),
            shipping_tax=Money(line.charges.shipping_tax, currency),
            promotion_discount=Money(line.charges.promotion_discount, currency),
            shipping_discount=Money(line.charges.shipping_discount, currency),
            title=line.sku.title,
            asin=line.asin,
            is_gift=line.is_gift,
            gift_message=line.gift_message,
            personalisation=line.personalisation,
        )
        for line in o.lines
    ]
    buyer = domain.BuyerData(
        **{name: getattr(o.buyer, name) for name in domain.BuyerData.__dataclass_fields__}
    )
    return domain.OrderData(
        channel="amazon",
        external_id=o.external_id,
        status=o.status,
        fulfillment=o.fulfillment,
        purchased_at=o.purchased_at,
        last_updated_at=o.last_updated_at,
        currency=currency,
        lines=lines,
        marketplace=o.market,
        earliest_ship_at=o.earliest_ship_at,
        latest_ship_at=o.latest_ship_at,
        earliest_delivery_at=o.earliest_delivery_at,
        latest_delivery_at=o.latest_delivery_at,
        ship_service_level=o.ship_service_level,
        is_prime=o.is_prime,
        is_business=o.is_business,
        buyer=buyer,
    )


def _cancelled_by(o: DemoOrder) -> str:
    if o.status != CANCELED:
        return ""
    return "buyer" if o.cancel_reason.startswith("buyer") else "seller"
