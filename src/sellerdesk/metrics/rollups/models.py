"""The rollup tables. Each row counts one day of one slice; a window or period is the sum of
its days' rows. Amazon's metrics count UTC days (amazon-rules.md section 1.1); sales count the
seller's days (SELLERDESK_TIME_ZONE), so the two are kept apart."""

from __future__ import annotations

from decimal import Decimal

from django.db import models

from sellerdesk.catalog.models import Sku
from sellerdesk.channels.models import Marketplace, SalesChannel


class StaleDay(models.Model):
    """A UTC day whose rollups a change has made stale. Database triggers mark it (every write
    path, raw SQL included); `refresh` removes the marks it can see and recounts their days.
    Not unique: a change still uncommitted adds its own mark, which no refresh can remove
    before the change is there to count."""

    day = models.DateField(db_index=True)

    def __str__(self) -> str:
        return f"stale {self.day}"


class RollupState(models.Model):
    """One row once the rollups are built: how they were counted and the time zone their
    sales days are in."""

    zone = models.CharField(max_length=64)
    version = models.PositiveIntegerField(default=0)
    built_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"rollups in {self.zone}"


def _market() -> models.ForeignKey[Marketplace | None, Marketplace | None]:
    return models.ForeignKey(
        Marketplace, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )


class AmazonDay(models.Model):
    """Amazon orders by UTC purchase day: the Order Defect, Late Shipment and Cancellation
    Rates' numerators and denominators."""

    day = models.DateField()
    marketplace = _market()
    fulfillment = models.CharField(max_length=8)
    orders = models.PositiveIntegerField()
    defective = models.PositiveIntegerField()
    negative_feedback = models.PositiveIntegerField()
    claims = models.PositiveIntegerField()
    chargebacks = models.PositiveIntegerField()
    shipping_orders = models.PositiveIntegerField(help_text="Not cancelled, with a ship-by.")
    late = models.PositiveIntegerField()
    cancelled = models.PositiveIntegerField(help_text="Cancellations that count.")

    class Meta:
        indexes = [models.Index(fields=["fulfillment", "day"], name="amazon_day")]

    def __str__(self) -> str:
        return f"{self.day} {self.marketplace_id} {self.fulfillment}"


class UnconfirmedHour(models.Model):
    """Amazon orders not yet confirmed, by UTC purchase day and the hour their ship-by falls
    in: how many will count late, or are due, at any instant asked about."""

    day = models.DateField()
    marketplace = _market()
    fulfillment = models.CharField(max_length=8)
    ship_by_hour = models.DateTimeField()
    orders = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["fulfillment", "day"], name="unconfirmed_day")]

    def __str__(self) -> str:
        return f"{self.day} due {self.ship_by_hour}"


class TrackingDay(models.Model):
    """Packages told to the channel by the UTC day of their promised delivery, per category:
    the Valid Tracking Rate."""

    day = models.DateField()
    marketplace = _market()
    fulfillment = models.CharField(max_length=8)
    category = models.CharField(max_length=100)
    packages = models.PositiveIntegerField()
    valid = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["fulfillment", "day"], name="tracking_day")]

    def __str__(self) -> str:
        return f"{self.day} {self.category}"


class DeliveryDay(models.Model):
    """Tracked units by UTC delivery day: the On-Time Delivery Rate."""

    day = models.DateField()
    marketplace = _market()
    fulfillment = models.CharField(max_length=8)
    units = models.PositiveIntegerField()
    on_time = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["fulfillment", "day"], name="delivery_day")]

    def __str__(self) -> str:
        return f"{self.day} delivered"


class SalesDay(models.Model):
    """Every channel's orders by the seller's day of purchase, per status and currency."""

    day = models.DateField()
    channel = models.ForeignKey(SalesChannel, on_delete=models.CASCADE, related_name="+")
    marketplace = _market()
    currency = models.CharField(max_length=3)
    status = models.CharField(max_length=20)
    fulfillment = models.CharField(max_length=8)
    orders = models.PositiveIntegerField()
    revenue = models.DecimalField(max_digits=18, decimal_places=4, default=Decimal(0))
    units = models.IntegerField(help_text="Ordered less cancelled.")
    shipped_units = models.PositiveIntegerField()
    returned_units = models.PositiveIntegerField(help_text="In returns not rejected.")
    shipped_orders = models.PositiveIntegerField(help_text="Shipped by the seller herself.")
    time_to_ship = models.DurationField(help_text="Summed over shipped_orders.")

    class Meta:
        indexes = [models.Index(fields=["day"], name="sales_day")]

    def __str__(self) -> str:
        return f"{self.day} {self.status} {self.currency}"


class SkuDay(models.Model):
    """Units and sales of each SKU by the seller's day, cancelled orders and units left out;
    and for the margins, what its shipped units earned and cost."""

    day = models.DateField()
    channel = models.ForeignKey(SalesChannel, on_delete=models.CASCADE, related_name="+")
    marketplace = _market()
    currency = models.CharField(max_length=3)
    channel_sku = models.CharField(max_length=64)
    # The catalogue SKU the lines were mapped to (none: not mapped yet). No constraint: a
    # rollup row must never stand in the way of changing the catalogue.
    sku = models.ForeignKey(
        Sku, on_delete=models.DO_NOTHING, db_constraint=False, null=True, related_name="+"
    )
    title = models.CharField(max_length=500, blank=True)
    orders = models.PositiveIntegerField()
    units = models.IntegerField()
    revenue = models.DecimalField(max_digits=18, decimal_places=4, default=Decimal(0))
    shipped_units = models.IntegerField(default=0)
    shipped_sales = models.DecimalField(
        max_digits=28,
        decimal_places=10,
        default=Decimal(0),
        # Not rounded to the amounts' four places per day: a year of thirds of a line adds
        # up to what the lines would, to the cent.
        help_text="The shipped units' share of the lines' sales before tax.",
    )
    drawn_cost = models.DecimalField(
        max_digits=18,
        decimal_places=4,
        default=Decimal(0),
        help_text="What the shipped units cost, as their stock was drawn (FIFO).",
    )
    uncosted_units = models.IntegerField(
        default=0, help_text="Shipped with no cost drawn (an FBA order): costed when read."
    )

    class Meta:
        indexes = [models.Index(fields=["day"], name="sku_day")]

    def __str__(self) -> str:
        return f"{self.day} {self.channel_sku}"


ROLLUPS = (AmazonDay, UnconfirmedHour, TrackingDay, DeliveryDay, SalesDay, SkuDay)
"""Every rollup table."""
