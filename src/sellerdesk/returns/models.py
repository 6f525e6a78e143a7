"""Returns: what a buyer sends back, each unit's inspection and fate, and the refunds."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import models

from sellerdesk.channels.models import SalesChannel
from sellerdesk.inventory.models import Location
from sellerdesk.orders.models import Order, OrderLine

from .domain import lifecycle, policy, refunds

MONEY: dict[str, Any] = {"max_digits": 14, "decimal_places": 4, "default": Decimal(0)}


class ReturnSettings(models.Model):
    """A channel's return rules as the seller sets them. Without a row, Amazon's defaults."""

    channel = models.OneToOneField(
        SalesChannel, on_delete=models.CASCADE, related_name="return_settings"
    )
    window_days = models.PositiveSmallIntegerField(
        default=policy.DEFAULT_WINDOW_DAYS, help_text="Days from delivery a return may be asked."
    )
    deduct_label = models.BooleanField(
        default=True, help_text="Deduct the return label's cost when the buyer's reason is hers."
    )
    restocking_damaged = models.DecimalField(
        max_digits=5, decimal_places=2, default=Decimal(0),
        help_text="Percent kept of a unit the buyer damaged (up to 50 by Amazon's guidelines).",
    )  # fmt: skip

    def __str__(self) -> str:
        return f"returns on {self.channel}"


class ReturnSource(models.TextChoices):
    MANUAL = "manual", "Entered here"
    AMAZON_FBM = "amazon_fbm", "Amazon returns report"
    AMAZON_FBA = "amazon_fba", "Amazon FBA customer returns"


class LabelKind(models.TextChoices):
    PREPAID = "prepaid", "Prepaid return label"
    BUYERS_OWN = "buyers_own", "Buyer's own label"


class Return(models.Model):
    """One parcel coming back: units of one buyer's orders, possibly from several."""

    status = models.CharField(
        max_length=16,
        choices=[(key, label.capitalize()) for key, label in lifecycle.LABELS.items()],
        default=lifecycle.REQUESTED,
    )
    source = models.CharField(max_length=12, choices=ReturnSource.choices)
    channel = models.ForeignKey(SalesChannel, on_delete=models.PROTECT, related_name="+")
    rma = models.CharField("RMA", max_length=64, blank=True, help_text="The channel's id for it.")
    reason = models.CharField(max_length=24, choices=list(policy.REASONS.items()))
    note = models.TextField(blank=True)
    seller_at_fault = models.BooleanField()
    requested_at = models.DateTimeField(null=True, blank=True)
    respond_by = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    rejected_at = models.DateTimeField(
        null=True, blank=True, help_text="Rejected: its units may come back in another return."
    )
    decision = models.CharField(max_length=300, blank=True, help_text="Why authorised or not.")
    label_kind = models.CharField(max_length=12, choices=LabelKind.choices, blank=True)
    label_carrier = models.CharField(max_length=64, blank=True)
    label_tracking = models.CharField(max_length=64, blank=True)
    label_cost = models.DecimalField(**MONEY)
    received_at = models.DateTimeField(null=True, blank=True)
    refund_by = models.DateTimeField(null=True, blank=True)
    refunded_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    replacement = models.ForeignKey(
        Order, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        help_text="The order sent in exchange, if any.",
    )  # fmt: skip
    created_at = models.DateTimeField()
    created_by = models.CharField(max_length=100)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "rma"], condition=~models.Q(rma=""), name="return_rma_once"
            ),
            models.CheckConstraint(condition=models.Q(label_cost__gte=0), name="label_cost_ok"),
        ]
        indexes = [models.Index(fields=["status", "refund_by"], name="return_open_deadline")]

    def __str__(self) -> str:
        return f"return {self.pk} ({self.status})"


class ReturnLine(models.Model):
    ret = models.ForeignKey(Return, on_delete=models.CASCADE, related_name="lines")
    order_line = models.ForeignKey(OrderLine, on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveIntegerField()

    class Meta:
        ordering = ["ret", "id"]
        constraints = [
            models.UniqueConstraint(fields=["ret", "order_line"], name="return_line_once"),
            models.CheckConstraint(condition=models.Q(quantity__gt=0), name="return_line_units"),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} of line {self.order_line_id}"


class Disposition(models.TextChoices):
    RESTOCK = "restock", "Back on the shelf"
    WRITE_OFF = "write_off", "Written off"
    REPAIR = "repair", "Sent to repair"


class ReturnUnit(models.Model):
    """One unit of a returned line: what it came back as and what became of it."""

    line = models.ForeignKey(ReturnLine, on_delete=models.CASCADE, related_name="units")
    number = models.PositiveSmallIntegerField()
    condition = models.CharField(
        max_length=12, choices=list(refunds.CONDITIONS.items()), blank=True
    )
    disposition = models.CharField(max_length=10, choices=Disposition.choices, blank=True)
    location = models.ForeignKey(
        Location, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    written_off = models.DecimalField(**MONEY, help_text="Its cost, when written off.")

    class Meta:
        ordering = ["line", "number"]
        constraints = [
            models.UniqueConstraint(fields=["line", "number"], name="return_unit_once"),
        ]

    def __str__(self) -> str:
        return f"unit {self.number} of {self.line}"


class Refund(models.Model):
    ret = models.ForeignKey(Return, on_delete=models.CASCADE, related_name="refunds")
    currency = models.CharField(max_length=3)
    created_at = models.DateTimeField()
    created_by = models.CharField(max_length=100)
    channel_done_at = models.DateTimeField(
        null=True, blank=True, help_text="When the seller issued it on the channel too."
    )

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(
                fields=["created_at"],
                name="refund_to_do",
                condition=models.Q(channel_done_at__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return f"refund {self.pk} of return {self.ret_id}"


class RefundLine(models.Model):
    refund = models.ForeignKey(Refund, on_delete=models.CASCADE, related_name="lines")
    order_line = models.ForeignKey(OrderLine, on_delete=models.PROTECT, related_name="+")
    item = models.DecimalField(**MONEY)
    shipping = models.DecimalField(**MONEY)
    deductions = models.JSONField(default=list, help_text="[why, amount] taken off the item.")

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(item__gte=0, shipping__gte=0), name="refund_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item} + {self.shipping} for line {self.order_line_id}"
