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
    backdated = models.PositiveIntegerField(
        db_default=0,  # levels written in bulk (the demo's) leave it out
        help_text="Changes dated before the day they were made (a delivery entered late): "
        "the stock history behind a demand worked out earlier has changed.",
    )

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
    part_of = models.ForeignKey(
        Sku,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The kit or made-to-order SKU sold, when this SKU is one of its parts.",
    )
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


class StockCountStatus(models.TextChoices):
    OPEN = "open", "Counting"
    POSTED = "posted", "Posted"
    CANCELLED = "cancelled", "Cancelled"


class StockCount(models.Model):
    """A physical count of one location: each SKU's count against what the ledger expected."""

    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="counts")
    status = models.CharField(
        max_length=10, choices=StockCountStatus.choices, default=StockCountStatus.OPEN
    )
    reason = models.CharField(max_length=200, blank=True)
    started_at = models.DateTimeField()
    started_by = models.CharField(max_length=100)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["location"],
                condition=models.Q(status="open"),
                name="one_open_count_per_location",
            )
        ]

    def __str__(self) -> str:
        return f"count {self.pk} of {self.location_id}"

    @property
    def reference(self) -> str:
        """How the ledger names this count's adjustments."""
        return f"count:{self.pk}"


class StockCountLine(models.Model):
    """One SKU of a count. `expected` is the ledger's on hand when the count was entered, so
    what moved between counting and posting is not taken for a variance."""

    count = models.ForeignKey(StockCount, on_delete=models.CASCADE, related_name="lines")
    sku = models.ForeignKey(Sku, on_delete=models.PROTECT, related_name="+")
    expected = models.IntegerField(null=True, blank=True)
    counted = models.PositiveIntegerField(null=True, blank=True)
    counted_at = models.DateTimeField(null=True, blank=True)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["sku__code"]
        constraints = [
            models.UniqueConstraint(fields=["count", "sku"], name="one_count_line_per_sku"),
            models.CheckConstraint(
                condition=models.Q(counted__isnull=True) | models.Q(expected__isnull=False),
                name="counted_line_has_expected",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sku_id}: {self.counted} counted, {self.expected} expected"

    @property
    def variance(self) -> int | None:
        if self.counted is None or self.expected is None:
            return None
        return self.counted - self.expected


class ChannelBuffer(models.Model):
    """Units held back from one channel on top of each SKU's safety stock: a channel that
    oversells easily (slow to hear of a sale) is offered a little less."""

    channel = models.OneToOneField(
        "channels.SalesChannel", on_delete=models.CASCADE, related_name="stock_buffer"
    )
    units = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.channel_id}: {self.units} held back"


class ChannelQuantity(models.Model):
    """What a listing was last offered at (published) and what its channel last said it has
    (reported): the two apart is drift."""

    listing = models.OneToOneField(
        "catalog.Listing", on_delete=models.CASCADE, related_name="channel_quantity"
    )
    published = models.PositiveIntegerField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    reported = models.PositiveIntegerField(null=True, blank=True)
    reported_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.listing_id}: published {self.published}, reported {self.reported}"

    @property
    def drift(self) -> int | None:
        if self.published is None or self.reported is None:
            return None
        return self.reported - self.published
