"""Message templates the seller edits: one per kind of message, channel and language."""

from __future__ import annotations

from django.db import models

from sellerdesk.channels.models import SalesChannel


class MessageKind(models.TextChoices):
    ORDER_CONFIRMATION = "order_confirmation", "Order confirmation"
    SHIPPED = "shipped", "Shipped"
    DELIVERED = "delivered", "Delivered"
    DELAY = "delay", "Delay notice"
    RETURN_RECEIVED = "return_received", "Return received"
    REFUND_ISSUED = "refund_issued", "Refund issued"
    REVIEW_REQUEST = "review_request", "Review request"


class MessageTemplate(models.Model):
    """A message in Django's template language, given only the documented order context."""

    kind = models.CharField(max_length=24, choices=MessageKind.choices)
    channel = models.ForeignKey(
        SalesChannel, on_delete=models.CASCADE, null=True, blank=True, related_name="+",
        help_text="Empty: every channel without a template of its own.",
    )  # fmt: skip
    language = models.CharField(max_length=8, default="en", help_text="en, de, fr, ja, ...")
    subject = models.CharField(max_length=200)
    body = models.TextField()
    updated_at = models.DateTimeField()
    updated_by = models.CharField(max_length=100)

    class Meta:
        ordering = ["kind", "channel", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "channel", "language"],
                name="one_template_per_kind_channel_language",
            ),
            models.UniqueConstraint(
                fields=["kind", "language"],
                condition=models.Q(channel__isnull=True),
                name="one_default_template_per_kind_language",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.language})"
