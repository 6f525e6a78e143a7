from __future__ import annotations

import uuid

from django.db import models


class WorkbookExport(models.Model):
    """What an exported workbook said of each SKU, so that its re-import changes only what
    the seller changed in it, not what has moved on in sellerdesk since (stock sold)."""

    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    exported_at = models.DateTimeField()
    first_day = models.DateField()
    last_day = models.DateField()
    skus = models.JSONField(
        default=dict, help_text="SKU code -> the values read back, as the workbook has them."
    )
    notes = models.JSONField(default=dict, help_text="Order id -> its note, where it had one.")
    # Marks of what had happened to orders when the workbook was written: an order with a
    # later event or parcel has moved on since, and the workbook's older news of it is not
    # taken for the seller's edit.
    applied = models.JSONField(
        default=dict,
        help_text="What applying the workbook set since: SKU values, notes, and per order the "
        "marks of the events and parcel it made.",
    )
    last_event = models.BigIntegerField(default=0)
    last_shipment = models.BigIntegerField(default=0)

    class Meta:
        ordering = ["-exported_at"]

    def __str__(self) -> str:
        return f"workbook of {self.first_day} to {self.last_day}, exported {self.exported_at}"


class WorkbookUpload(models.Model):
    """An uploaded workbook waiting for the seller to look at its changes and apply them."""

    name = models.CharField(max_length=255)
    content = models.BinaryField()
    uploaded_at = models.DateTimeField()
    uploaded_by = models.CharField(max_length=100)
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return self.name
