"""Restock settings, suppliers, what each supplier sells, and purchase orders."""

from __future__ import annotations

from decimal import Decimal

from django.db import models

from sellerdesk.catalog.models import Sku
from sellerdesk.inventory.models import Location

MONEY = {"max_digits": 14, "decimal_places": 4}
PO_LINE_REFERENCE_PREFIX = "po-line:"


class RestockPolicy(models.Model):
    """The seller's restock settings: one row."""

    short_days = models.PositiveIntegerField(default=7)
    short_weight = models.PositiveIntegerField(default=3)
    medium_days = models.PositiveIntegerField(default=30)
    medium_weight = models.PositiveIntegerField(default=2)
    long_days = models.PositiveIntegerField(default=90)
    long_weight = models.PositiveIntegerField(default=1)
    service_level = models.DecimalField(
        max_digits=4,
        decimal_places=3,
        default=Decimal("0.950"),
        help_text="Chance of not running out before a reorder arrives (0.5 to 0.999).",
    )
    cover_days = models.PositiveIntegerField(
        default=30, help_text="Days of sales a reorder should last beyond its lead time."
    )
    seasonal = models.BooleanField(
        default=True, help_text="Follow last year's peaks over the days a reorder must cover."
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(service_level__gte=Decimal("0.5"), service_level__lt=1),
                name="service_level_in_range",
                violation_error_message="A service level is between 0.5 and 0.999 (for "
                "example 0.95).",
            ),
            models.CheckConstraint(
                condition=models.Q(short_days__gt=0, medium_days__gt=0, long_days__gt=0),
                name="windows_have_days",
                violation_error_message="Each window is at least 1 day long.",
            ),
        ]

    def __str__(self) -> str:
        return f"restock at {self.service_level:.1%} service"


class Supplier(models.Model):
    name = models.CharField(max_length=200, unique=True)
    email = models.EmailField(blank=True, help_text="Where purchase orders are emailed.")
    contact = models.CharField(max_length=200, blank=True)
    address = models.TextField(blank=True)
    currency = models.CharField(max_length=3, default="USD")
    lead_time_days = models.PositiveIntegerField(
        default=14, help_text="Days from ordering to stock on your shelf."
    )
    notes = models.TextField(blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SupplierItem(models.Model):
    """A SKU a supplier sells: their code, price and how they sell it."""

    supplier = models.ForeignKey(Supplier, on_delete=models.CASCADE, related_name="items")
    sku = models.ForeignKey(Sku, on_delete=models.CASCADE, related_name="supplier_items")
    supplier_code = models.CharField(max_length=64, blank=True)
    unit_cost = models.DecimalField(**MONEY, help_text="In the supplier's currency.")
    minimum_order = models.PositiveIntegerField(default=1)
    case_pack = models.PositiveIntegerField(default=1, help_text="Sold in multiples of this.")
    lead_time_days = models.PositiveIntegerField(
        null=True, blank=True, help_text="Empty: the supplier's usual lead time."
    )
    is_preferred = models.BooleanField(default=True)

    class Meta:
        ordering = ["sku__code", "-is_preferred", "supplier__name"]
        constraints = [
            models.UniqueConstraint(fields=["supplier", "sku"], name="one_item_per_supplier_sku"),
            models.UniqueConstraint(
                fields=["sku"], condition=models.Q(is_preferred=True), name="one_preferred_supplier"
            ),
            models.CheckConstraint(condition=models.Q(case_pack__gt=0), name="case_pack_positive"),
            models.CheckConstraint(
                condition=models.Q(unit_cost__gte=0), name="supplier_cost_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sku_id} from {self.supplier_id}"

    @property
    def lead_time(self) -> int:
        return (
            self.lead_time_days if self.lead_time_days is not None else self.supplier.lead_time_days
        )


class PurchaseOrderStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SENT = "sent", "Sent"
    PARTIAL = "partial", "Partly received"
    RECEIVED = "received", "Received"
    CANCELLED = "cancelled", "Cancelled"


OPEN_STATUSES = (PurchaseOrderStatus.DRAFT, PurchaseOrderStatus.SENT, PurchaseOrderStatus.PARTIAL)
"""Orders whose units are still to come (a draft is counted as on order: it is the plan)."""


class SpreadBy(models.TextChoices):
    VALUE = "value", "By value"
    UNITS = "units", "By units"


class PurchaseOrder(models.Model):
    number = models.CharField(max_length=20, unique=True)
    supplier = models.ForeignKey(Supplier, on_delete=models.PROTECT, related_name="orders")
    status = models.CharField(
        max_length=12, choices=PurchaseOrderStatus.choices, default=PurchaseOrderStatus.DRAFT
    )
    currency = models.CharField(max_length=3)
    exchange_rate = models.DecimalField(
        max_digits=14,
        decimal_places=6,
        null=True,
        blank=True,
        help_text="Units of your cost currency for one of the order's currency; needed only "
        "when the two differ.",
    )
    location = models.ForeignKey(
        Location, on_delete=models.PROTECT, related_name="+", help_text="Where it is received."
    )
    extra_costs = models.DecimalField(
        **MONEY, default=Decimal(0), help_text="Freight, duty and fees, in the order's currency."
    )
    spread_by = models.CharField(max_length=8, choices=SpreadBy.choices, default=SpreadBy.VALUE)
    expected_on = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField()
    created_by = models.CharField(max_length=100)
    sent_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(exchange_rate__gt=0), name="exchange_rate_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(extra_costs__gte=0), name="extra_costs_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return self.number


class PurchaseOrderLine(models.Model):
    order = models.ForeignKey(PurchaseOrder, on_delete=models.CASCADE, related_name="lines")
    sku = models.ForeignKey(Sku, on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveIntegerField()
    quantity_received = models.PositiveIntegerField(default=0)
    unit_cost = models.DecimalField(**MONEY, help_text="In the order's currency.")

    class Meta:
        ordering = ["sku__code"]
        constraints = [
            models.UniqueConstraint(fields=["order", "sku"], name="one_line_per_order_sku"),
            models.CheckConstraint(condition=models.Q(quantity__gt=0), name="po_line_positive"),
            models.CheckConstraint(
                condition=models.Q(quantity_received__lte=models.F("quantity")),
                name="po_line_received_within_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(unit_cost__gte=0), name="po_line_cost_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} x {self.sku_id} on {self.order_id}"

    @property
    def reference(self) -> str:
        """How the ledger names this line's receipts."""
        return f"{PO_LINE_REFERENCE_PREFIX}{self.pk}"

    @property
    def amount(self) -> Decimal:
        return self.quantity * self.unit_cost

    @property
    def quantity_due(self) -> int:
        return self.quantity - self.quantity_received


class RestockDemand(models.Model):
    """A SKU's demand as its sales up to yesterday say it, worked out once a day.

    The history behind it (three months of sales and of the ledger) rarely changes during
    the day; `key` says what it was worked out with (settings, lead time, the sets the SKU
    is part of, the sales counted, the stock changes dated before the day they were made),
    so a change of any of them works it out again.
    """

    sku = models.ForeignKey(Sku, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    key = models.CharField(max_length=64)
    velocity = models.FloatField()
    deviation = models.FloatField()
    season_factor = models.FloatField()
    season_reason = models.CharField(max_length=200)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["sku", "day"], name="one_demand_per_sku_day")
        ]

    def __str__(self) -> str:
        return f"{self.sku_id} on {self.day}: {self.velocity:.2f}/day"
