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
    REPLY = "reply", "Reply to a buyer"


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
    SKIPPED = "skipped", "Not sent"


class Route(models.TextChoices):
    EMAIL = "email", "Email"
    AMAZON = "amazon", "Amazon Messaging API"


class AmazonMessageType(models.TextChoices):
    """The Amazon message types sellerdesk can send: those made of text alone (amazon-rules.md
    section 6.2); invoices, warranties and legal disclosures need a document attached."""

    CONFIRM_ORDER_DETAILS = "confirmOrderDetails", "Confirm order details"
    CONFIRM_DELIVERY_DETAILS = "confirmDeliveryDetails", "Confirm delivery details"
    CONFIRM_CUSTOMIZATION_DETAILS = "confirmCustomizationDetails", "Confirm customization details"
    CONFIRM_SERVICE_DETAILS = "confirmServiceDetails", "Confirm service details"
    DIGITAL_ACCESS_KEY = "digitalAccessKey", "Digital access key"
    UNEXPECTED_PROBLEM = "unexpectedProblem", "Unexpected problem (critical)"
    REVIEW_REQUEST = "productReviewAndSellerFeedback", "Request a Review (Solicitations API)"


class Trigger(models.TextChoices):
    ORDER_RECEIVED = "order_received", "An order arrives"
    SHIPPED = "shipped", "An order ships"
    DELIVERED = "delivered", "An order is delivered"
    DELAYED = "delayed", "You send a delay notice"
    RETURN_RECEIVED = "return_received", "A return is received"
    REFUND_ISSUED = "refund_issued", "A refund is issued"
    REVIEW_WINDOW = "review_window", "The review window opens (daily)"


class MessageRule(models.Model):
    """Which message is sent on which event, for one channel's orders."""

    channel = models.ForeignKey(SalesChannel, on_delete=models.CASCADE, related_name="+")
    trigger = models.CharField(max_length=20, choices=Trigger.choices)
    kind = models.CharField(
        max_length=24, choices=MessageKind.choices, help_text="The template it sends."
    )
    amazon_type = models.CharField(
        max_length=40, choices=AmazonMessageType.choices, blank=True,
        help_text="For Amazon orders: the Messaging API message type it is sent as.",
    )  # fmt: skip
    is_enabled = models.BooleanField(default=True)
    updated_at = models.DateTimeField()
    updated_by = models.CharField(max_length=100)
    # Set each time the rule is turned on: it acts on timeline steps after this one, and on
    # returns received and refunds issued from then on.
    starts_after_event = models.BigIntegerField(default=0)
    enabled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["channel", "trigger"]
        constraints = [
            models.UniqueConstraint(fields=["channel", "trigger"], name="one_rule_per_trigger")
        ]

    def __str__(self) -> str:
        return f"{self.get_trigger_display()} on {self.channel_id}: {self.get_kind_display()}"


class OutboundMessage(models.Model):
    """A message to a buyer in the outbox: rendered once, sent once, its every try kept."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=24, choices=MessageKind.choices)
    route = models.CharField(max_length=8, choices=Route.choices, default=Route.EMAIL)
    amazon_type = models.CharField(max_length=40, choices=AmazonMessageType.choices, blank=True)
    answers = models.ForeignKey(
        "BuyerMessage", on_delete=models.SET_NULL, null=True, blank=True, related_name="replies"
    )
    recipient = models.CharField(max_length=254, blank=True)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    state = models.CharField(max_length=10, choices=Delivery.choices, default=Delivery.QUEUED)
    key = models.CharField(
        max_length=64, unique=True, help_text="Sent as the Message-ID: a resend is the same mail."
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    # Every lease ever taken, never reset: a worker that outlived its lease knows by it.
    leases = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    created_at = models.DateTimeField()
    created_by = models.CharField(
        max_length=100, blank=True, help_text="Who wrote it; empty for a rule's message."
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    reason = models.CharField(max_length=300, blank=True, help_text="Why it was not sent.")

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # One message of each kind per order (a review request may never repeat; the
            # others need not, and one rule for all keeps it simple); replies are many.
            models.UniqueConstraint(
                fields=["order", "kind"],
                condition=~models.Q(state="cancelled") & ~models.Q(kind="reply"),
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


class OptOut(models.Model):
    """A buyer who asked for no messages: only critical ones reach them."""

    email = models.CharField(max_length=254, unique=True, help_text="Stored lower-case.")
    at = models.DateTimeField()
    by = models.CharField(max_length=100)
    note = models.CharField(max_length=200, blank=True)

    def __str__(self) -> str:
        return f"opt-out of {self.email}"


class CannedReply(models.Model):
    """A reply the seller reuses in the inbox, in the same template language as messages."""

    title = models.CharField(max_length=100, unique=True)
    body = models.TextField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["title"]
        verbose_name_plural = "canned replies"

    def __str__(self) -> str:
        return self.title


class MessageSource(models.TextChoices):
    ENTERED = "entered", "Entered by hand"
    IMPORTED = "imported", "Imported"


class BuyerMessage(models.Model):
    """A message from a buyer, on the 24-hour response clock until answered or flagged."""

    order = models.ForeignKey(
        Order, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    order_ref = models.CharField(
        max_length=60, blank=True, help_text="The order id as given, when no order matched."
    )
    received_at = models.DateTimeField()
    sender = models.CharField(max_length=254)
    subject = models.CharField(max_length=200, blank=True)
    body = models.TextField()
    source = models.CharField(max_length=8, choices=MessageSource.choices)
    external_id = models.CharField(
        max_length=200, blank=True, help_text="The message's id where it came from: imported once."
    )
    no_response_needed = models.BooleanField(default=False)
    is_complaint = models.BooleanField(
        default=False, help_text="A complaint: no review is requested for its order."
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["external_id"],
                condition=~models.Q(external_id=""),
                name="buyer_message_imported_once",
            )
        ]
        indexes = [
            models.Index(
                fields=["received_at"],
                name="buyer_message_awaiting",
                condition=models.Q(answered_at__isnull=True, no_response_needed=False),
            )
        ]

    def __str__(self) -> str:
        return f"message from {self.sender} at {self.received_at:%Y-%m-%d %H:%M}"


class Cursor(models.Model):
    """How far a job has read (the rules' scan of the order timeline)."""

    name = models.CharField(max_length=40, unique=True)
    position = models.BigIntegerField(default=0)
    floor = models.BigIntegerField(default=0, help_text="Where it started: never read below.")
    moved_at = models.DateTimeField()
    started_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} at {self.position}"
