"""Query-string filter forms: each turns request.GET into its selector's filter dataclass.

An invalid field is dropped rather than failing the page: a hand-edited URL still lists orders.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms

from sellerdesk.channels.models import Marketplace, SalesChannel
from sellerdesk.core import clock
from sellerdesk.inventory.models import Location
from sellerdesk.inventory.selectors import StockFilters
from sellerdesk.orders.models import Fulfillment, OrderStatus
from sellerdesk.orders.selectors import DEFAULT_ORDER_SORT, ORDER_SORTS, OrderFilters

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _valid(form: forms.Form) -> dict[str, Any]:
    form.is_valid()
    return form.cleaned_data


class OrderFilterForm(forms.Form):
    q = forms.CharField(
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "placeholder": "Order id, SKU or buyer name",
            }
        ),
    )
    status = forms.ChoiceField(required=False, choices=[("", "Any status"), *OrderStatus.choices])
    channel = forms.ChoiceField(required=False)
    marketplace = forms.ChoiceField(required=False)
    fulfillment = forms.ChoiceField(
        required=False, label="Fulfilment", choices=[("", "Any fulfilment"), *Fulfillment.choices]
    )
    date_from = forms.DateField(
        required=False, label="From", widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        required=False, label="To", widget=forms.DateInput(attrs={"type": "date"})
    )
    sort = forms.ChoiceField(
        required=False, choices=[(key, key) for key in ORDER_SORTS], widget=forms.HiddenInput
    )

    def __init__(
        self,
        data: Any,
        *,
        channels: list[SalesChannel],
        marketplaces: list[Marketplace],
    ) -> None:
        super().__init__(data)
        self.fields["channel"].choices = [("", "Any channel")] + [
            (channel.code, channel.name) for channel in channels
        ]
        self.fields["marketplace"].choices = [("", "Any marketplace")] + [
            (market.code, f"{market.name} ({market.code})") for market in marketplaces
        ]

    def filters(self) -> OrderFilters:
        data = _valid(self)
        return OrderFilters(
            status=data.get("status", ""),
            channel=data.get("channel", ""),
            marketplace=data.get("marketplace", ""),
            fulfillment=data.get("fulfillment", ""),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            q=data.get("q", ""),
            sort=data.get("sort") or DEFAULT_ORDER_SORT,
        )


class StockFilterForm(forms.Form):
    q = forms.CharField(
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "SKU or title"}),
    )
    location = forms.ChoiceField(required=False)
    low_only = forms.BooleanField(required=False, label="Low stock only")

    def __init__(self, data: Any, *, locations: list[Location]) -> None:
        super().__init__(data)
        self.fields["location"].choices = [("", "All locations")] + [
            (location.code, location.name) for location in locations
        ]

    def filters(self) -> StockFilters:
        data = _valid(self)
        return StockFilters(
            location=data.get("location", ""),
            q=data.get("q", ""),
            low_only=data.get("low_only", False),
        )


class MarkSeenForm(forms.Form):
    """The moment the home page was drawn: orders up to then count as seen."""

    until = forms.DateTimeField(widget=forms.HiddenInput)

    def clean_until(self) -> dt.datetime:
        # Never later than now, whatever the form says, so an order still to come stays new.
        return min(clock.ensure_aware(self.cleaned_data["until"]), clock.now())
