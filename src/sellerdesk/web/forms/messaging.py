"""Forms of the Messages pages: a template, a rule, an opt-out."""

from __future__ import annotations

from typing import Any

from django import forms

from sellerdesk.channels.models import SalesChannel
from sellerdesk.messaging.models import AmazonMessageType, MessageKind
from sellerdesk.orders.models import Order

PREVIEW_ORDERS = 50
TEMPLATE_LENGTH = 10_000  # characters: a message Amazon takes is 2,000 at most


class TemplateForm(forms.Form):
    kind = forms.ChoiceField(
        choices=[(v, label) for v, label in MessageKind.choices if v != MessageKind.REPLY]
    )
    channel = forms.ModelChoiceField(
        queryset=SalesChannel.objects.order_by("name"), required=False,
        empty_label="Every channel (default)",
    )  # fmt: skip
    language = forms.CharField(max_length=8, initial="en", help_text="en, de, fr, ja, …")
    subject = forms.CharField(max_length=200)
    body = forms.CharField(
        max_length=TEMPLATE_LENGTH, widget=forms.Textarea(attrs={"rows": 14, "class": "mono"})
    )


class PreviewForm(forms.Form):
    subject = forms.CharField(required=False, max_length=200)
    body = forms.CharField(required=False, max_length=TEMPLATE_LENGTH)
    order = forms.ModelChoiceField(
        queryset=Order.objects.none(), required=False, empty_label="A made-up order"
    )
    to = forms.EmailField(required=False, label="Send the test to")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        newest = Order.objects.order_by("-purchased_at", "-pk").values_list("pk", flat=True)
        # Shipped ones too, whose carrier and tracking a shipped or delivered message shows.
        shipped = newest.filter(shipments__isnull=False)
        half = PREVIEW_ORDERS // 2
        chosen = {*newest[:half], *shipped[:half]}
        field = self.fields["order"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = (
            Order.objects.filter(pk__in=chosen)
            .select_related("channel")
            .order_by("-purchased_at", "-pk")
        )
        field.label_from_instance = lambda order: (
            f"{order.external_id} ({order.channel.name}, {order.get_status_display().lower()}, "
            f"{order.purchased_at:%d %b %Y})"
        )


class RuleForm(forms.Form):
    is_enabled = forms.BooleanField(required=False, label="On")
    amazon_type = forms.ChoiceField(
        choices=[("", "—"), *AmazonMessageType.choices], required=False, label="Amazon type"
    )


class OptOutForm(forms.Form):
    email = forms.EmailField(
        label="Buyer's email",
        widget=forms.EmailInput(attrs={"placeholder": "buyer@example.com"}),
    )
    note = forms.CharField(
        max_length=200, required=False, label="Note",
        widget=forms.TextInput(attrs={"placeholder": "Why (optional)"}),
    )  # fmt: skip
