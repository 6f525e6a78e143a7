"""What the seller sells: products, their stock-keeping units, and how each is listed on channels."""

from __future__ import annotations

from decimal import Decimal

from django.db import models

from sellerdesk.channels.models import Marketplace, SalesChannel


class Product(models.Model):
    """A design or item family (a ring style); its SKUs are the variants that are stocked."""

    title = models.CharField(max_length=300)
    category = models.CharField(max_length=100, blank=True)
    description = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class Assembly(models.TextChoices):
    STOCKED = "stocked", "Stocked: counted on the shelf"
    KIT = "kit", "Kit: sold as a set, taken from its components"
    MADE_TO_ORDER = "made_to_order", "Made to order: from materials, within a making capacity"


class Sku(models.Model):
    """The unit stock is counted in: one seller SKU, with its cost and replenishment facts.

    A kit or a made-to-order SKU has no stock of its own: an order holds and ships its
    components (materials), and what it can offer follows from theirs.
    """

    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="skus")
    code = models.CharField("seller SKU", max_length=64, unique=True)
    title = models.CharField(max_length=300)
    asin = models.CharField("ASIN", max_length=10, blank=True, db_index=True)
    # A default in the database too: bulk loads insert SKUs with their own column lists.
    barcode = models.CharField(
        max_length=32,
        blank=True,
        default="",
        db_default="",
        help_text="UPC, EAN or your own label's code, for scanning when packing.",
    )
    unit_cost = models.DecimalField(max_digits=14, decimal_places=4, default=Decimal(0))
    cost_currency = models.CharField(max_length=3, default="USD")
    lead_time_days = models.PositiveIntegerField(
        default=14, help_text="Days from ordering from the supplier to stock on the shelf."
    )
    low_stock_threshold = models.PositiveIntegerField(
        default=2, help_text="Alert when available stock falls to this or below."
    )
    safety_stock = models.PositiveIntegerField(
        default=0, help_text="Units held back from what channels are offered."
    )
    assembly = models.CharField(
        max_length=16, choices=Assembly.choices, default=Assembly.STOCKED, db_default="stocked"
    )
    sold_as_parts = models.BooleanField(
        default=False,
        db_default=False,
        help_text="An order has held it as its parts: what it is made of is fixed from then on.",
    )
    weekly_capacity = models.PositiveIntegerField(
        null=True, blank=True, help_text="Made to order: how many you can make in a week."
    )
    production_days = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Made to order: the production time you promise (Amazon Handmade's).",
    )
    is_personalisable = models.BooleanField(default=False)
    is_one_of_a_kind = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["code"]
        verbose_name = "SKU"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(unit_cost__gte=0), name="sku_cost_not_negative"
            ),
            models.UniqueConstraint(
                fields=["barcode"], condition=~models.Q(barcode=""), name="sku_barcode_once"
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def is_assembled(self) -> bool:
        """Held and shipped as its components, not as itself."""
        return self.assembly != Assembly.STOCKED


class Component(models.Model):
    """One part of a kit, or one material of a made-to-order piece, per unit sold."""

    parent = models.ForeignKey(Sku, on_delete=models.CASCADE, related_name="components")
    part = models.ForeignKey(Sku, on_delete=models.PROTECT, related_name="used_in")
    quantity = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["parent_id", "part__code"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "part"], name="one_component_per_part"),
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("part")), name="component_not_itself"
            ),
            models.CheckConstraint(
                condition=models.Q(quantity__gt=0), name="component_quantity_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} x {self.part_id} in {self.parent_id}"


class Listing(models.Model):
    """A SKU offered on a channel under that channel's SKU; one SKU may have several listings."""

    sku = models.ForeignKey(Sku, on_delete=models.PROTECT, related_name="listings")
    channel = models.ForeignKey(SalesChannel, on_delete=models.PROTECT, related_name="listings")
    marketplace = models.ForeignKey(
        Marketplace, on_delete=models.PROTECT, null=True, blank=True, related_name="listings"
    )
    channel_sku = models.CharField(max_length=64, help_text="The SKU as the channel knows it.")
    external_id = models.CharField(
        max_length=64, blank=True, help_text="The channel's listing id (ASIN on Amazon)."
    )
    price = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    currency = models.CharField(max_length=3, blank=True)
    fulfilled_by_channel = models.BooleanField(
        default=False, help_text="The channel ships it from its own stock (Amazon FBA)."
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["channel_sku"]
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "marketplace", "channel_sku"],
                condition=models.Q(marketplace__isnull=False),
                name="listing_sku_per_marketplace",
            ),
            # NULLs never collide in a unique index, so channels without marketplaces need their own.
            models.UniqueConstraint(
                fields=["channel", "channel_sku"],
                condition=models.Q(marketplace__isnull=True),
                name="listing_sku_per_channel",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.channel_sku} on {self.marketplace or self.channel}"
