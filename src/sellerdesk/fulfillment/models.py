"""The seller's shipping calendar per marketplace: handling time, cut-off and holidays."""

from __future__ import annotations

import datetime as dt

from django.core.validators import MaxValueValidator
from django.db import models

from sellerdesk.channels.models import Marketplace

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
