"""Orders from every channel, their lines, buyer details kept apart, and a status timeline."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models

from sellerdesk.catalog.models import Sku
from sellerdesk.channels.models import Marketplace, SalesChannel
from sellerdesk.core.money import Money

from . import domain


class OrderStatus(models.TextChoices):
    # Amazon's statuses (Orders API), then the two sellerdesk adds.
    PENDING_AVAILABILITY = "PendingAvailability", "Pending availability"
    PENDING = "Pending", "Pending"
    UNSHIPPED = "Unshipped", "Unshipped"
    PARTIALLY_SHIPPED = "PartiallyShipped", "Partially shipped"
    SHIPPED = "Shipped", "Shipped"
    INVOICE_UNCONFIRMED = "InvoiceUnconfirmed", "Invoice unconfirmed"
    CANCELED = "Canceled", "Cancelled"
    UNFULFILLABLE = "Unfulfillable", "Unfulfillable"
    DELIVERED = "Delivered", "Delivered"
    RETURNED = "Returned", "Returned"


class Fulfillment(models.TextChoices):
    SELLER = "seller", "Seller (FBM)"
    AMAZON = "amazon", "Amazon (FBA)"


MONEY: dict[str, Any] = {"max_digits": 14, "decimal_places": 4, "default": Decimal(0)}


# Foreign keys that lead a composite index or unique constraint need no index of their own:
# every index is paid for on each insert, and imports insert a million orders.
class Order(models.Model):
    channel = models.ForeignKey(
        SalesChannel, on_delete=models.PROTECT, related_name="orders", db_index=False
    )
    marketplace = models.ForeignKey(
        Marketplace,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="orders",
        db_index=False,
    )
    external_id = models.CharField("order id", max_length=64)
    status = models.CharField(max_length=20, choices=OrderStatus.choices)
    fulfillment = models.CharField(max_length=8, choices=Fulfillment.choices)
    purchased_at = models.DateTimeField()
    last_updated_at = models.DateTimeField(help_text="When the channel last changed the order.")
    received_at = models.DateTimeField(help_text="When sellerdesk first recorded the order.")
    earliest_ship_at = models.DateTimeField(null=True, blank=True)
    latest_ship_at = models.DateTimeField(null=True, blank=True)
    earliest_delivery_at = models.DateTimeField(null=True, blank=True)
    latest_delivery_at = models.DateTimeField(null=True, blank=True)
    shipped_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    # Amazon's cancellation rate leaves out only what the buyer asked for (amazon-rules.md 2.2).
    # A default in the database too: imports insert orders with their own column lists.
    cancelled_by = models.CharField(
        max_length=8,
        choices=[
            ("seller", "The seller"),
            ("buyer", "The buyer, through the channel"),
            ("channel", "The channel"),
        ],
        blank=True,
        default="",
        db_default="",
    )
    ship_service_level = models.CharField(max_length=64, blank=True)
    is_prime = models.BooleanField(default=False)
    is_business = models.BooleanField(default=False)
    currency = models.CharField(max_length=3)
    prices_include_tax = models.BooleanField(
        default=False, help_text="Item and shipping prices already include the tax reported."
    )
    total = models.DecimalField(**MONEY, help_text="Sum of the lines' charges, cached.")
    item_count = models.PositiveIntegerField(default=0, help_text="Units ordered, cached.")
    note = models.TextField(
        blank=True, default="", db_default="", help_text="The seller's own note on the order."
    )

    class Meta:
        ordering = ["-purchased_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "external_id"], name="order_external_id_per_channel"
            ),
            models.CheckConstraint(
                condition=models.Q(total__gte=0), name="order_total_not_negative"
            ),
        ]
        indexes = [
            models.Index(fields=["-purchased_at", "-id"], name="order_purchased"),
            models.Index(fields=["status", "-purchased_at"], name="order_status_purchased"),
            models.Index(fields=["marketplace", "-purchased_at"], name="order_market_purchased"),
            models.Index(fields=["channel", "-purchased_at"], name="order_channel_purchased"),
            models.Index(fields=["fulfillment", "-purchased_at"], name="order_fulfil_purchased"),
            models.Index(fields=["received_at"], name="order_received"),
            models.Index(fields=["latest_ship_at"], name="order_latest_ship"),
            # The daily rollups recount a day's promised and actual deliveries.
            models.Index(fields=["latest_delivery_at"], name="order_latest_delivery"),
            models.Index(fields=["delivered_at"], name="order_delivered"),
            models.Index(fields=["-total", "-id"], name="order_total"),
            # Order-id prefix search: text_pattern_ops lets PostgreSQL serve LIKE 'x%' from it
            # in any collation; SQLite ignores the opclass and uses it for a range instead.
            models.Index(
                fields=["external_id"],
                name="order_external_id_prefix",
                opclasses=["text_pattern_ops"],
            ),
        ]

    def __str__(self) -> str:
        return self.external_id

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


OPEN_STATUSES = (
    OrderStatus.PENDING_AVAILABILITY,
    OrderStatus.PENDING,
    OrderStatus.UNSHIPPED,
    OrderStatus.PARTIALLY_SHIPPED,
)
TO_SHIP_STATUSES = (OrderStatus.UNSHIPPED, OrderStatus.PARTIALLY_SHIPPED)
# How an order line names itself in inventory's reservations and movements.
LINE_REFERENCE_PREFIX = "order-line:"


class OrderLine(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines", db_index=False)
    sku = models.ForeignKey(
        Sku, on_delete=models.PROTECT, null=True, blank=True, related_name="order_lines"
    )
    channel_sku = models.CharField(max_length=64, help_text="The SKU as the channel sent it.")
    external_id = models.CharField("line id", max_length=64)
    asin = models.CharField(max_length=10, blank=True)
    title = models.CharField(max_length=500, blank=True)
    quantity_ordered = models.PositiveIntegerField()
    quantity_shipped = models.PositiveIntegerField(default=0)
    quantity_cancelled = models.PositiveIntegerField(default=0)
    currency = models.CharField(max_length=3)
    item_price = models.DecimalField(
        **MONEY, help_text="Unit price x quantity, as Amazon sends it."
    )
    item_tax = models.DecimalField(**MONEY)
    shipping_price = models.DecimalField(**MONEY)
    shipping_tax = models.DecimalField(**MONEY)
    promotion_discount = models.DecimalField(**MONEY)
    shipping_discount = models.DecimalField(**MONEY)
    is_gift = models.BooleanField(default=False)
    gift_message = models.TextField(blank=True)
    personalisation = models.TextField(blank=True)
    # Kept as units ship, so a period's margins sum one table; none: nothing shipped from
    # counted stock (an FBA order, or shipped before its stock was counted).
    cost_of_goods = models.DecimalField(
        max_digits=14,
        decimal_places=4,
        null=True,
        blank=True,
        help_text="What the units shipped cost (FIFO).",
    )
    cost_currency = models.CharField(max_length=3, blank=True, default="", db_default="")

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["order", "external_id"], name="line_external_id_per_order"
            ),
            models.CheckConstraint(
                condition=models.Q(
                    quantity_shipped__lte=models.F("quantity_ordered")
                    - models.F("quantity_cancelled")
                ),
                name="line_shipped_within_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(quantity_cancelled__lte=models.F("quantity_ordered")),
                name="line_cancelled_within_ordered",
            ),
        ]
        indexes = [models.Index(fields=["channel_sku"], name="line_channel_sku")]

    def __str__(self) -> str:
        return f"{self.quantity_ordered} x {self.channel_sku}"

    @property
    def reference(self) -> str:
        """How inventory names this line in reservations and movements."""
        return f"{LINE_REFERENCE_PREFIX}{self.pk}"

    @property
    def quantity_open(self) -> int:
        return self.quantity_ordered - self.quantity_shipped - self.quantity_cancelled

    @property
    def charged(self) -> Money:
        """What the buyer paid for the line (reads the order, loaded with the lines)."""
        amount = domain.charged_amount(
            item_price=self.item_price,
            item_tax=self.item_tax,
            shipping_price=self.shipping_price,
            shipping_tax=self.shipping_tax,
            promotion_discount=self.promotion_discount,
            shipping_discount=self.shipping_discount,
            prices_include_tax=self.order.prices_include_tax,
        )
        return Money(amount, self.currency)


class BuyerDetails(models.Model):
    """Personal data, apart from the order so it can be encrypted and purged on its own."""

    order = models.OneToOneField(Order, on_delete=models.CASCADE, related_name="buyer")
    name = models.CharField(max_length=200, blank=True)
    email = models.CharField(max_length=254, blank=True)
    phone = models.CharField(max_length=50, blank=True)
    ship_name = models.CharField(max_length=200, blank=True)
    address_line1 = models.CharField(max_length=200, blank=True)
    address_line2 = models.CharField(max_length=200, blank=True)
    address_line3 = models.CharField(max_length=200, blank=True)
    city = models.CharField(max_length=100, blank=True)
    region = models.CharField(max_length=100, blank=True)
    postal_code = models.CharField(max_length=20, blank=True)
    country_code = models.CharField(max_length=2, blank=True)
    ship_phone = models.CharField(max_length=50, blank=True)
    purged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "buyer details"

    def __str__(self) -> str:
        return f"buyer of order {self.order_id}"


class OrderEventKind(models.TextChoices):
    RECEIVED = "received", "Received"
    STATUS = "status", "Status changed"
    UPDATED = "updated", "Updated by channel"
    STOCK = "stock", "Stock"
    RESERVED = "reserved", "Reserved"
    BATCHED = "batched", "In a pick batch"
    PICKED = "picked", "Picked"
    PACKED = "packed", "Packed"
    LABEL = "label", "Label created"
    SHIPPED = "shipped", "Shipped"
    CONFIRMED = "confirmed", "Confirmed to the channel"
    DELIVERED = "delivered", "Delivered"
    RETURNED = "returned", "Returned"
    RETURN = "return", "Return"
    CANCELLED = "cancelled", "Cancelled"
    NOTE = "note", "Note"


class OrderEvent(models.Model):
    """The order's timeline: what happened, when, and who or what did it."""

    order = models.ForeignKey(
        Order, on_delete=models.CASCADE, related_name="events", db_index=False
    )
    at = models.DateTimeField()
    kind = models.CharField(max_length=16, choices=OrderEventKind.choices)
    status_from = models.CharField(max_length=20, blank=True)
    status_to = models.CharField(max_length=20, blank=True)
    message = models.CharField(max_length=500, blank=True)
    actor = models.CharField(max_length=100)
    # A default in the database too: imports insert events with their own column lists.
    link = models.URLField(
        max_length=300,
        blank=True,
        default="",
        db_default="",
        help_text="A carrier's tracking page.",
    )

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["order", "at"], name="event_order_time")]

    def __str__(self) -> str:
        return f"{self.order_id} {self.kind} at {self.at:%Y-%m-%d %H:%M}"


class OrderFeedCursor(models.Model):
    """Up to when a user has seen new orders: the home page shows what arrived after it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="order_feed_cursor"
    )
    seen_until = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.user_id} saw orders until {self.seen_until:%Y-%m-%d %H:%M}"


class ConfirmationState(models.TextChoices):
    """How far the channel has been told of a shipment: the outbox a channel adapter works."""

    PENDING = "pending", "Not yet sent"
    EXPORTED = "exported", "In a file for Seller Central"
    SUBMITTED = "submitted", "Sent to the channel"
    CONFIRMED = "confirmed", "Confirmed by the channel"
    FAILED = "failed", "Refused by the channel"


class Shipment(models.Model):
    """One package (or several under one tracking number) sent for an order."""

    order = models.ForeignKey(
        Order, on_delete=models.CASCADE, related_name="shipments", db_index=False
    )
    shipped_at = models.DateTimeField()
    carrier = models.CharField(max_length=64, blank=True, help_text="The carrier's name.")
    ship_method = models.CharField(max_length=64, blank=True, help_text="The carrier's service.")
    tracking_number = models.CharField(max_length=64, blank=True)
    created_by = models.CharField(max_length=100)
    channel_state = models.CharField(
        max_length=10, choices=ConfirmationState.choices, default=ConfirmationState.PENDING
    )
    channel_reference = models.CharField(
        max_length=100, blank=True, help_text="The file or feed that told the channel."
    )
    channel_updated_at = models.DateTimeField(null=True, blank=True)
    channel_error = models.TextField(blank=True)
    # When the channel was first told, by file or by API: Amazon's Late Shipment Rate counts
    # that moment, not the carrier's scan; a new label later does not move it.
    first_told_at = models.DateTimeField(null=True, blank=True)
    first_scan_at = models.DateTimeField(
        null=True, blank=True, help_text="The carrier's first scan of the package."
    )

    class Meta:
        ordering = ["shipped_at", "id"]
        indexes = [
            # The outbox: shipments the channel has not yet been told of are few.
            models.Index(
                fields=["channel_state"],
                name="shipment_to_confirm",
                condition=models.Q(channel_state__in=["pending", "failed"]),
            ),
            models.Index(fields=["order", "shipped_at"], name="shipment_order"),
            # Early warnings: parcels told to the channel and not yet scanned are few.
            models.Index(
                fields=["first_told_at"],
                name="shipment_not_scanned",
                condition=models.Q(first_scan_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"shipment of {self.order_id} at {self.shipped_at:%Y-%m-%d %H:%M}"


class ShipmentLine(models.Model):
    shipment = models.ForeignKey(
        Shipment, on_delete=models.CASCADE, related_name="lines", db_index=False
    )
    order_line = models.ForeignKey(OrderLine, on_delete=models.CASCADE, related_name="+")
    quantity = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["shipment", "order_line"], name="shipment_line_once"),
            models.CheckConstraint(
                condition=models.Q(quantity__gt=0), name="shipment_line_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} of line {self.order_line_id}"
