"""Stock: locations, an append-only movement ledger, and per-SKU-per-location levels cached from it."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from sellerdesk.catalog.models import Sku


class LocationKind(models.TextChoices):
    SHELF = "shelf", "Own shelf / bin"
    FBA = "fba", "Fulfilled by Amazon"


class Location(models.Model):
    code = models.CharField(max_length=32, unique=True)
    name = models.CharField(max_length=100)
    kind = models.CharField(max_length=8, choices=LocationKind.choices, default=LocationKind.SHELF)
    amazon_region = models.CharField(
        max_length=2, blank=True, help_text="For FBA locations: NA, EU or FE."
    )
    pick_order = models.PositiveIntegerField(
        default=100, help_text="Lower numbers are picked from first."
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["kind", "pick_order", "code"]
        constraints = [
            # One FBA location per Amazon region; shelves have no region.
            models.UniqueConstraint(
                fields=["amazon_region"],
                condition=models.Q(kind="fba"),
                name="one_fba_location_per_region",
            ),
            models.CheckConstraint(
                condition=(models.Q(kind="fba") & ~models.Q(amazon_region=""))
                | (models.Q(kind="shelf") & models.Q(amazon_region="")),
                name="fba_location_has_region",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_fba(self) -> bool:
        return self.kind == LocationKind.FBA


class StockLevel(models.Model):
    """Cached on-hand and reserved for a SKU at a location; always equal to the ledger's sums."""

    sku = models.ForeignKey(Sku, on_delete=models.PROTECT, related_name="stock_levels")
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="stock_levels")
    on_hand = models.IntegerField(default=0)
    reserved = models.IntegerField(default=0)
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["sku__code", "location__pick_order"]
        constraints = [
            models.UniqueConstraint(fields=["sku", "location"], name="one_level_per_sku_location"),
            models.CheckConstraint(condition=models.Q(on_hand__gte=0), name="on_hand_not_negative"),
            models.CheckConstraint(
                condition=models.Q(reserved__gte=0), name="reserved_not_negative"
            ),
            # Reserving more than is on the shelf is overselling: the database refuses it too.
            models.CheckConstraint(
                condition=models.Q(reserved__lte=models.F("on_hand")),
                name="reserved_within_on_hand",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sku_id}@{self.location_id}: {self.on_hand} on hand, {self.reserved} reserved"

    @property
    def free(self) -> int:
        return self.on_hand - self.reserved


class MovementKind(models.TextChoices):
    RECEIPT = "receipt", "Receipt"
    ADJUSTMENT = "adjustment", "Adjustment"
    RESERVATION = "reservation", "Reservation"
    RELEASE = "release", "Release"
    SHIPMENT = "shipment", "Shipment"
    RETURN = "return", "Return"
    TRANSFER_OUT = "transfer_out", "Transfer out"
    TRANSFER_IN = "transfer_in", "Transfer in"


class StockMovement(models.Model):
    """One line of the ledger. Rows are only ever inserted (database triggers refuse edits)."""

    sku = models.ForeignKey(Sku, on_delete=models.PROTECT, related_name="movements")
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="movements")
    kind = models.CharField(max_length=16, choices=MovementKind.choices)
    on_hand_change = models.IntegerField(default=0)
    reserved_change = models.IntegerField(default=0)
    reason = models.CharField(max_length=200, blank=True)
    reference = models.CharField(
        max_length=100, blank=True, help_text="What caused it, e.g. order-line:123 or po:17."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor = models.CharField(max_length=100, help_text="Who: a user name or the system job.")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["sku", "-created_at"], name="movement_sku_time"),
            models.Index(fields=["reference"], name="movement_reference"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(on_hand_change=0) | ~models.Q(reserved_change=0),
                name="movement_changes_something",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.sku_id}@{self.location_id} {self.on_hand_change:+}/{self.reserved_change:+}"


class Reservation(models.Model):
    """Units held for a reference (an order line) at a location until shipped or released."""

    sku = models.ForeignKey(Sku, on_delete=models.PROTECT, related_name="reservations")
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="reservations")
    reference = models.CharField(max_length=100)
    quantity = models.PositiveIntegerField()
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["reference", "sku", "location"], name="one_reservation_per_reference"
            ),
            models.CheckConstraint(condition=models.Q(quantity__gt=0), name="reservation_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} x {self.sku_id} for {self.reference}"


class CostLayer(models.Model):
    """Units of a SKU that came in together at one cost; stock leaves oldest layer first (FIFO).

    Kept per SKU, not per location: moving units between shelves or to Amazon's warehouses
    does not change what they cost. The sum of `remaining` equals the SKU's units on hand.
    """

    sku = models.ForeignKey(Sku, on_delete=models.PROTECT, related_name="cost_layers")
    movement = models.OneToOneField(
        StockMovement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cost_layer",
        help_text="The ledger line that brought the units in; none for opening stock.",
    )
    received_at = models.DateTimeField()
    quantity = models.PositiveIntegerField()
    remaining = models.PositiveIntegerField()
    unit_cost = models.DecimalField(max_digits=14, decimal_places=4)
    currency = models.CharField(max_length=3)
    reference = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["received_at", "id"]
        indexes = [
            models.Index(
                fields=["sku", "received_at", "id"],
                condition=models.Q(remaining__gt=0),
                name="cost_layer_open",
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(remaining__lte=models.F("quantity")),
                name="layer_remaining_within_quantity",
            ),
            models.CheckConstraint(condition=models.Q(quantity__gt=0), name="layer_not_empty"),
            models.CheckConstraint(
                condition=models.Q(unit_cost__gte=0), name="layer_cost_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.remaining}/{self.quantity} x {self.sku_id} at {self.unit_cost} {self.currency}"
        )


class CostDraw(models.Model):
    """Units that left stock (shipped, written off) at the cost of the layer they came from.

    No layer: the units were not covered by any layer (stock that predates costing, or a
    correction), so they are drawn at the SKU's unit cost and say so.
    """

    movement = models.ForeignKey(StockMovement, on_delete=models.PROTECT, related_name="cost_draws")
    layer = models.ForeignKey(
        CostLayer, on_delete=models.PROTECT, null=True, blank=True, related_name="draws"
    )
    sku = models.ForeignKey(Sku, on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveIntegerField()
    unit_cost = models.DecimalField(max_digits=14, decimal_places=4)
    currency = models.CharField(max_length=3)
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(quantity__gt=0), name="draw_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} x {self.sku_id} at {self.unit_cost} {self.currency}"
