"""Message templates the seller edits: one per kind of message, channel and language."""

from __future__ import annotations

from django.db import models

from sellerdesk.channels.models import SalesChannel
from sellerdesk.orders.models import Order


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


class Delivery(models.TextChoices):
    QUEUED = "queued", "Queued"
    SENDING = "sending", "Being sent"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"
    CANCELLED = "cancelled", "Cancelled"


class OutboundMessage(models.Model):
    """A message to a buyer in the outbox: rendered once, sent once, its every try kept."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=24, choices=MessageKind.choices)
    recipient = models.CharField(max_length=254)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    state = models.CharField(max_length=10, choices=Delivery.choices, default=Delivery.QUEUED)
    key = models.CharField(
        max_length=64, unique=True, help_text="Sent as the Message-ID: a resend is the same mail."
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    created_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # One message of each kind per order, but a review request may never repeat
            # and the others need not: the rule is the same for all, which keeps it simple.
            models.UniqueConstraint(
                fields=["order", "kind"],
                condition=~models.Q(state="cancelled"),
                name="one_message_of_a_kind_per_order",
            )
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                name="outbox_due",
                condition=models.Q(state__in=["queued", "sending"]),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.order_id} ({self.state})"
