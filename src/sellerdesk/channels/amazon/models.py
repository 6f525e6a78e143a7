"""What sellerdesk keeps of Amazon's files: the import history, returns rows, feed results."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from sellerdesk.channels.models import AmazonRegion, Marketplace
from sellerdesk.returns.models import Return

from .flatfile.reports import ReportKind


class ImportSource(models.TextChoices):
    UPLOAD = "upload", "Uploaded"
    COMMAND = "command", "Command line"
    SYNC = "sync", "Amazon sync"


REPORT_CHOICES = [(kind.name, kind.value) for kind in ReportKind]


class ReportImport(models.Model):
    """One file given to sellerdesk: what it was, what it changed, or why it was refused."""

    file_name = models.CharField(max_length=255)
    file_size = models.BigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    report = models.CharField(max_length=20, choices=REPORT_CHOICES, blank=True)
    encoding = models.CharField(max_length=16, blank=True)
    marketplace = models.CharField(max_length=8, blank=True, help_text="As given for the file.")
    source = models.CharField(max_length=8, choices=ImportSource.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    dry_run = models.BooleanField(default=False)
    is_queued = models.BooleanField(
        default=False, help_text="Waiting for, or in, the job that imports it (big uploads)."
    )
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    succeeded = models.BooleanField(default=False)
    rows = models.PositiveIntegerField(default=0, help_text="Data lines read.")
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)
    skipped_reasons = models.JSONField(default=dict, blank=True)
    short_of_stock = models.JSONField(
        default=list, blank=True, help_text="Order ids with lines that could not reserve stock."
    )
    error = models.TextField(blank=True)
    error_line = models.PositiveIntegerField(null=True, blank=True)
    error_column = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["-started_at", "-id"], name="import_started")]

    def __str__(self) -> str:
        return f"{self.file_name} at {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def report_label(self) -> str:
        return ReportKind[self.report].value if self.report else "Not recognised"


class ReturnSource(models.TextChoices):
    SELLER = "seller", "Seller-fulfilled returns report"
    FBA = "fba", "FBA customer returns report"


class AmazonReturn(models.Model):
    """A row of Amazon's returns reports, kept as Amazon wrote it until the returns workflow
    turns it into a return; the same row imported again replaces itself."""

    source = models.CharField(max_length=8, choices=ReturnSource.choices)
    key = models.CharField(max_length=200, help_text="What makes the row unique in its report.")
    order_external_id = models.CharField("order id", max_length=64)
    rma_id = models.CharField(max_length=64, blank=True)
    channel_sku = models.CharField(max_length=64, blank=True)
    asin = models.CharField(max_length=10, blank=True)
    quantity = models.PositiveIntegerField()
    reason = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=100, blank=True)
    disposition = models.CharField(max_length=100, blank=True)
    happened_at = models.DateTimeField(help_text="Requested (seller-fulfilled) or returned (FBA).")
    cells = models.JSONField(help_text="The whole row, by column name.")
    imported_by = models.ForeignKey(ReportImport, on_delete=models.PROTECT, related_name="+")
    ret = models.ForeignKey(
        Return, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        help_text="The return the row became; empty until its order is known here.",
    )  # fmt: skip
    problem = models.CharField(max_length=300, blank=True, help_text="Why it is not a return yet.")

    class Meta:
        ordering = ["-happened_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["source", "key"], name="amazon_return_row_once")
        ]
        indexes = [models.Index(fields=["order_external_id"], name="amazon_return_order")]

    def __str__(self) -> str:
        return f"{self.get_source_display()}: {self.order_external_id} {self.channel_sku}"


class ExportKind(models.TextChoices):
    SHIPPING_CONFIRMATION = "confirmation", "Shipping confirmation file"
    PRICE_QUANTITY = "price_quantity", "Price and quantity file"


class FileExport(models.Model):
    """A file made for the seller to upload to Seller Central, kept as it was made, so a feed
    processing report about it can be read against its rows."""

    kind = models.CharField(max_length=16, choices=ExportKind.choices)
    marketplace = models.CharField(max_length=8, blank=True)
    file_name = models.CharField(max_length=255)
    encoding = models.CharField(max_length=16)
    content = models.TextField(help_text="The file's text, header line first.")
    rows = models.PositiveIntegerField()
    created_at = models.DateTimeField()
    created_by = models.CharField(max_length=100)
    notes = models.TextField(blank=True, help_text="What was left out of the file, and why.")

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.file_name

    def record(self, number: int) -> dict[str, str]:
        """The uploaded file's data line `number` (from 1) by column, as Amazon numbers them."""
        lines = self.content.splitlines()
        if not 1 <= number < len(lines):
            return {}
        return dict(zip(lines[0].split("\t"), lines[number].split("\t"), strict=False))


class FeedResult(models.Model):
    """Amazon's processing report for a file uploaded to Seller Central."""

    imported_by = models.OneToOneField(
        ReportImport, on_delete=models.CASCADE, related_name="feed_result"
    )
    upload = models.ForeignKey(
        FileExport,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="results",
        help_text="The file the report is about, when sellerdesk made it.",
    )
    processed = models.PositiveIntegerField()
    successful = models.PositiveIntegerField()
    errors = models.PositiveIntegerField(default=0)
    warnings = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"feed result: {self.successful} of {self.processed} records"


class FeedResultRecord(models.Model):
    """One message of a feed processing report about one record of the uploaded file."""

    result = models.ForeignKey(FeedResult, on_delete=models.CASCADE, related_name="records")
    record_number = models.PositiveIntegerField(
        help_text="The data line of the uploaded file, counted from 1; 0 means the whole file."
    )
    channel_sku = models.CharField(max_length=64, blank=True)
    code = models.CharField(max_length=16, blank=True)
    kind = models.CharField(max_length=16)
    message = models.TextField()

    class Meta:
        ordering = ["record_number", "id"]

    def __str__(self) -> str:
        return f"record {self.record_number}: {self.kind} {self.code}"


class AmazonConnection(models.Model):
    """The seller's Selling Partner API authorisation for one Amazon region.

    The client secret and the refresh token are stored encrypted (core.crypto).
    """

    region = models.CharField(max_length=2, choices=AmazonRegion.choices, unique=True)
    seller_id = models.CharField(
        max_length=32, help_text="Your merchant token (Seller Central > Settings > Account Info)."
    )
    client_id = models.CharField(max_length=200)
    client_secret_encrypted = models.TextField()
    refresh_token_encrypted = models.TextField()
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Amazon {self.get_region_display()} ({self.seller_id})"


class MarketplaceSync(models.Model):
    """What the sync did last for one marketplace: the dashboard shows it, the job resumes from it."""

    marketplace = models.OneToOneField(
        Marketplace, on_delete=models.CASCADE, related_name="amazon_sync"
    )
    is_enabled = models.BooleanField(default=True)
    orders_cursor = models.DateTimeField(
        null=True, blank=True, help_text="Orders changed after this are pulled next."
    )
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    last_error_at = models.DateTimeField(null=True, blank=True)
    last_summary = models.JSONField(default=dict, blank=True)

    def __str__(self) -> str:
        return f"sync of {self.marketplace}"
