"""The defects Amazon counts against an order, and the seller's own metric windows and targets.

Feedback, A-to-z claims and chargebacks reach a seller by email and Seller Central pages, not by
the order data: they are entered by hand or imported, one row per order and kind.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models

from sellerdesk.orders.models import Order

from .domain.counting import ChargebackKind, ClaimState
from .domain.policy import Metric
from .rollups import models as rollup_models  # noqa: F401  (Django finds them through here)


class Source(models.TextChoices):
    HAND = "hand", "Entered by hand"
    FILE = "file", "Imported from a file"


class Feedback(models.Model):
    order = models.OneToOneField(Order, on_delete=models.CASCADE, related_name="feedback")
    stars = models.PositiveSmallIntegerField()
    left_at = models.DateTimeField()
    removed_at = models.DateTimeField(null=True, blank=True, help_text="Removed or struck through.")
    comment = models.TextField(blank=True)
    source = models.CharField(max_length=4, choices=Source.choices, default=Source.HAND)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(stars__gte=1, stars__lte=5), name="feedback_stars_1_to_5"
            )
        ]

    def __str__(self) -> str:
        return f"{self.stars} stars on order {self.order_id}"


class Claim(models.Model):
    """An A-to-z Guarantee claim, with Buy Shipping's Claims Protection where it applies."""

    order = models.OneToOneField(Order, on_delete=models.CASCADE, related_name="claim")
    filed_at = models.DateTimeField()
    state = models.CharField(
        max_length=16,
        choices=[
            (ClaimState.PENDING.value, "Pending"),
            (ClaimState.GRANTED.value, "Granted"),
            (ClaimState.REFUNDED_BY_SELLER.value, "Refunded by the seller after it was filed"),
            (
                ClaimState.WITHDRAWN_AFTER_DECISION.value,
                "Withdrawn after it was granted or refunded",
            ),
            (ClaimState.WITHDRAWN.value, "Withdrawn before a decision"),
            (ClaimState.DENIED.value, "Denied"),
        ],
    )
    protected = models.BooleanField(
        default=False,
        help_text="A not-received claim on a Claims Protected label scanned on time, "
        "reimbursed by Amazon.",
    )
    amount = models.DecimalField(max_digits=14, decimal_places=4, default=Decimal(0))
    currency = models.CharField(max_length=3, blank=True)
    note = models.TextField(blank=True)
    source = models.CharField(max_length=4, choices=Source.choices, default=Source.HAND)

    def __str__(self) -> str:
        return f"{self.state} claim on order {self.order_id}"


class Chargeback(models.Model):
    order = models.OneToOneField(Order, on_delete=models.CASCADE, related_name="chargeback")
    filed_at = models.DateTimeField()
    kind = models.CharField(
        max_length=8,
        choices=[
            (ChargebackKind.SERVICE.value, "Service (not received, not as described)"),
            (ChargebackKind.FRAUD.value, "Fraud (card used without permission)"),
        ],
    )
    note = models.TextField(blank=True)
    source = models.CharField(max_length=4, choices=Source.choices, default=Source.HAND)

    def __str__(self) -> str:
        return f"{self.kind} chargeback on order {self.order_id}"


class MetricSetting(models.Model):
    """The seller's own window, offset or target for one metric; a missing value is Amazon's."""

    metric = models.CharField(
        max_length=16, unique=True, choices=[(m.value, m.value) for m in Metric]
    )
    days = models.PositiveSmallIntegerField(null=True, blank=True)
    offset_days = models.PositiveSmallIntegerField(null=True, blank=True)
    target = models.DecimalField(max_digits=6, decimal_places=5, null=True, blank=True)
    warn_at = models.DecimalField(max_digits=6, decimal_places=5, null=True, blank=True)

    def __str__(self) -> str:
        return f"settings of {self.metric}"


class AmazonFigure(models.Model):
    """A metric as Amazon's own account-health report states it, to set beside sellerdesk's."""

    marketplace = models.CharField(max_length=8)
    fulfillment = models.CharField(max_length=8)
    metric = models.CharField(max_length=16, choices=[(m.value, m.value) for m in Metric])
    first_day = models.DateField()
    last_day = models.DateField()
    numerator = models.PositiveIntegerField(null=True, blank=True)
    denominator = models.PositiveIntegerField(null=True, blank=True)
    rate = models.DecimalField(max_digits=12, decimal_places=10, null=True, blank=True)
    status = models.CharField(max_length=16, blank=True, help_text="Amazon's word for it.")
    target = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    source = models.CharField(max_length=255, help_text="The report file it came from.")
    imported_at = models.DateTimeField()
    window_given = models.BooleanField(
        default=True, help_text="False: the report gave no dates, Amazon's usual window is assumed."
    )

    class Meta:
        constraints = [
            # A report read twice, or a later one of the same days, replaces the figure.
            models.UniqueConstraint(
                fields=["marketplace", "fulfillment", "metric", "last_day"],
                name="amazon_figure_once_per_window",
            )
        ]
        indexes = [
            models.Index(
                fields=["marketplace", "fulfillment", "-last_day"], name="amazon_figure_latest"
            )
        ]

    def __str__(self) -> str:
        return f"Amazon's {self.metric} for {self.marketplace} to {self.last_day}"


class CurrencyRate(models.Model):
    """The seller's own rate for showing one currency's sales in another on Analytics."""

    currency = models.CharField(max_length=3)
    to_currency = models.CharField(max_length=3)
    rate = models.DecimalField(
        max_digits=16, decimal_places=8, help_text="Units of to_currency for one of currency."
    )
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["currency", "to_currency"], name="one_rate_per_pair"),
            models.CheckConstraint(condition=models.Q(rate__gt=0), name="rate_positive"),
        ]

    def __str__(self) -> str:
        return f"1 {self.currency} = {self.rate.normalize():f} {self.to_currency}"
