"""Forms of the Inbox: a message entered by hand, a file of them, a reply, and canned replies."""

from __future__ import annotations

from django import forms

LOCAL_TIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class MessageForm(forms.Form):
    order_id = forms.CharField(
        label="Order id", max_length=60, required=False,
        help_text="The channel's order id, e.g. 114-1234567-1234567; empty for a question "
        "asked before buying.",
    )  # fmt: skip
    received_at = forms.DateTimeField(
        label="Received", widget=LOCAL_TIME, help_text="Your local time, as the message says."
    )
    sender = forms.CharField(
        label="From", max_length=254,
        help_text="The address it came from: for Amazon, the buyer's …@marketplace.amazon.com "
        "address, which your reply goes to.",
    )  # fmt: skip
    subject = forms.CharField(max_length=200, required=False)
    body = forms.CharField(label="Message", widget=forms.Textarea(attrs={"rows": 5}))
    is_complaint = forms.BooleanField(
        label="A complaint", required=False, help_text="No review is requested for its order."
    )


class MessageImportForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text="UTF-8, with the columns order-id, received-at (ISO 8601 with its offset), "
        "from, subject, body and message-id named in the first line.",
    )


class ReplyForm(forms.Form):
    subject = forms.CharField(
        max_length=200, required=False, help_text='Empty: "Re:" and the buyer\'s subject.'
    )
    body = forms.CharField(label="Reply", widget=forms.Textarea(attrs={"rows": 8}))


class AnsweredForm(forms.Form):
    answered_at = forms.DateTimeField(
        label="Answered", widget=LOCAL_TIME, required=False, help_text="Empty: now."
    )


class LinkOrderForm(forms.Form):
    order_id = forms.CharField(label="Order id", max_length=60)


class CannedReplyForm(forms.Form):
    title = forms.CharField(max_length=100)
    body = forms.CharField(
        label="Text", widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Template language as in message templates: {{ buyer_first_name }}, "
        "{{ order_id }}, {{ shop_name }}, {% for item in items %}{{ item.title }}{% endfor %} …",
    )  # fmt: skip
