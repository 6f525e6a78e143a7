"""Shipping: the calendar per marketplace, the shop's return address, and pick batches."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.validators import MaxValueValidator
from django.db import models

from sellerdesk.channels.models import Marketplace
from sellerdesk.orders.models import Order, OrderLine, Shipment

DEFAULT_HANDLING_DAYS = 1
DEFAULT_CUTOFF = dt.time(14, 0)  # Amazon's default same-day cut-off, local time


class ShippingSettings(models.Model):
    """How long the seller takes to ship in one marketplace. Without a row, the defaults."""

    marketplace = models.OneToOneField(
        Marketplace, on_delete=models.CASCADE, related_name="shipping_settings"
    )
    handling_days = models.PositiveSmallIntegerField(
        default=DEFAULT_HANDLING_DAYS,
        validators=[MaxValueValidator(30)],
        help_text="Business days between an order and its ship-by day; 0 is same-day.",
    )
    cutoff = models.TimeField(
        default=DEFAULT_CUTOFF,
        help_text="With same-day handling, orders after this local time ship the next day.",
    )

    class Meta:
        verbose_name_plural = "shipping settings"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(handling_days__lte=30), name="handling_days_at_most_30"
            )
        ]

    def __str__(self) -> str:
        return f"{self.marketplace}: {self.handling_days} business day(s), cut-off {self.cutoff}"


class Holiday(models.Model):
    """A day the seller's carriers do not work in a marketplace: not a business day."""

    marketplace = models.ForeignKey(Marketplace, on_delete=models.CASCADE, related_name="holidays")
    day = models.DateField()
    name = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["day"]
        constraints = [
            models.UniqueConstraint(fields=["marketplace", "day"], name="holiday_once_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.marketplace} {self.day} {self.name}".strip()


class ShopProfile(models.Model):
    """Who the parcels come from: printed on packing slips and labels. One row, or none yet."""

    shop_name = models.CharField(max_length=100)
    address_line1 = models.CharField("address", max_length=200)
    address_line2 = models.CharField("address line 2", max_length=200, blank=True)
    city = models.CharField(max_length=100)
    region = models.CharField("state, county or region", max_length=100, blank=True)
    postal_code = models.CharField(max_length=20)
    country_code = models.CharField("country", max_length=2, help_text="Two letters: US, GB, DE.")
    phone = models.CharField(max_length=50, blank=True)
    email = models.EmailField(blank=True)
    slip_note = models.TextField(
        blank=True, help_text="Printed at the foot of every packing slip: a thank-you, returns."
    )
    logo = models.BinaryField(blank=True, default=b"", editable=True)
    logo_type = models.CharField(max_length=20, blank=True, help_text="image/png or image/jpeg")

    def __str__(self) -> str:
        return self.shop_name

    @property
    def address_lines(self) -> list[str]:
        town = " ".join(part for part in (self.city, self.region, self.postal_code) if part)
        lines = [self.address_line1, self.address_line2, town, self.country_code]
        return [line for line in lines if line]


class PickBatch(models.Model):
    """Orders picked and packed together: one pick list, one PDF of packing slips."""

    created_at = models.DateTimeField()
    created_by = models.CharField(max_length=100)
    closed_at = models.DateTimeField(
        null=True, blank=True, help_text="When the batch was closed; its orders are free again."
    )
    closed_by = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "pick batches"

    def __str__(self) -> str:
        return f"Batch {self.pk}"


class PickBatchOrder(models.Model):
    batch = models.ForeignKey(PickBatch, on_delete=models.CASCADE, related_name="entries")
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveIntegerField(help_text="The order's place in the batch's documents.")
    is_open = models.BooleanField(
        default=True, help_text="The batch is still being worked (copied from it for the rule)."
    )

    class Meta:
        ordering = ["batch", "position"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "order"], name="batch_order_once"),
            # An order is worked in one batch at a time; closing a batch frees its orders.
            models.UniqueConstraint(
                fields=["order"], condition=models.Q(is_open=True), name="order_in_one_open_batch"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order_id} in batch {self.batch_id}"


class PackingSettings(models.Model):
    """How the pack screen is used. One row, or none: the defaults."""

    require_scan = models.BooleanField(
        "Require a full scan before shipping",
        default=False,
        help_text="Every unit in a parcel must be scanned on the pack screen before its "
        "tracking number or label is accepted.",
    )

    class Meta:
        verbose_name_plural = "packing settings"

    def __str__(self) -> str:
        return "scan required" if self.require_scan else "scan optional"


class PackScan(models.Model):
    """Units of an order line scanned on the pack screen and not yet shipped."""

    order_line = models.OneToOneField(OrderLine, on_delete=models.CASCADE, related_name="pack_scan")
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="+")
    scanned = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["order"], name="pack_scan_order")]

    def __str__(self) -> str:
        return f"{self.scanned} scanned of line {self.order_line_id}"


class ShippingLabel(models.Model):
    """A label made or bought for a shipment: its document, its cost, whether it was voided."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="+")
    shipment = models.ForeignKey(
        Shipment,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="labels",
        help_text="Empty while the label is bought but the parcel not yet shipped with it.",
    )
    provider = models.CharField(max_length=20, help_text="printed, amazon, ...")
    reference = models.CharField(max_length=100, blank=True, help_text="The provider's label id.")
    tracking_number = models.CharField(max_length=64)
    content_type = models.CharField(max_length=40, blank=True)
    document = models.BinaryField(blank=True, default=b"")
    cost = models.DecimalField(max_digits=14, decimal_places=4, default=Decimal(0))
    currency = models.CharField(max_length=3, blank=True)
    created_at = models.DateTimeField()
    voided_at = models.DateTimeField(null=True, blank=True)
    problem = models.CharField(
        max_length=300, blank=True, help_text="What went wrong with it, for the seller to act on."
    )

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.provider} label {self.tracking_number}"
