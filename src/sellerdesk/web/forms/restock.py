"""Forms of the Restock pages: settings, picks to order, suppliers, purchase orders."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from sellerdesk.catalog.models import Sku
from sellerdesk.planning.models import (
    PurchaseOrderLine,
    RestockPolicy,
    SpreadBy,
    Supplier,
    SupplierItem,
)
from sellerdesk.planning.services.purchasing import LineChange


class RestockPolicyForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = RestockPolicy
        fields = [
            "short_days", "short_weight", "medium_days", "medium_weight", "long_days",
            "long_weight", "service_level", "cover_days", "seasonal",
        ]  # fmt: skip
        labels = {
            "short_days": "Recent window (days)",
            "medium_days": "Middle window (days)",
            "long_days": "Long window (days)",
            "short_weight": "its weight",
            "medium_weight": "its weight",
            "long_weight": "its weight",
        }


class SupplierForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Supplier
        fields = [
            "name",
            "email",
            "contact",
            "address",
            "currency",
            "lead_time_days",
            "notes",
            "is_active",
        ]
        widgets = {
            "address": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }


class SupplierItemForm(forms.ModelForm):  # type: ignore[type-arg]
    sku = forms.ModelChoiceField(
        queryset=Sku.objects.filter(is_active=True).order_by("code"),
        to_field_name="code",
        label="SKU",
    )
    # Not the model's field: while the form validates, the instance is not preferred, so
    # a new preferred supplier is not refused for the one it takes over from.
    preferred = forms.BooleanField(
        required=False, initial=True, help_text="Restock orders this SKU from this supplier."
    )

    class Meta:
        model = SupplierItem
        fields = [
            "sku",
            "supplier_code",
            "unit_cost",
            "minimum_order",
            "case_pack",
            "lead_time_days",
            "is_preferred",
        ]
        labels = {"supplier_code": "Their code", "lead_time_days": "Lead time (days)"}

    def save_item(self) -> SupplierItem:
        """The item as entered, preferred or not; saving it is save_supplier_item's."""
        item: SupplierItem = self.save(commit=False)
        item.is_preferred = self.cleaned_data["preferred"]
        return item


class PurchaseOrderForm(forms.Form):
    extra_costs = forms.DecimalField(
        min_value=Decimal(0), max_digits=14, decimal_places=2, initial=Decimal(0),
        help_text="Freight, duty and fees, in the order's currency: spread over the units.",
    )  # fmt: skip
    spread_by = forms.ChoiceField(choices=SpreadBy.choices)
    exchange_rate = forms.DecimalField(
        required=False, min_value=Decimal("0.000001"), max_digits=14, decimal_places=6,
        help_text="Your cost currency for one of the order's; only when they differ.",
    )  # fmt: skip
    expected_on = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, lines: list[PurchaseOrderLine], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lines = lines
        for line in lines:
            self.fields[f"quantity_{line.pk}"] = forms.IntegerField(
                min_value=0, initial=line.quantity, label=f"{line.sku.code} quantity"
            )
            self.fields[f"cost_{line.pk}"] = forms.DecimalField(
                min_value=Decimal(0), max_digits=14, decimal_places=4, initial=line.unit_cost,
                label=f"{line.sku.code} unit cost",
            )  # fmt: skip

    def header_fields(self) -> list[forms.BoundField]:
        """The order's own fields; the lines' inputs sit in the lines table."""
        names = ["extra_costs", "spread_by", "exchange_rate", "expected_on", "notes"]
        return [self[name] for name in names]

    def line_changes(self) -> dict[int, LineChange]:
        data = self.cleaned_data
        return {
            line.pk: LineChange(data[f"quantity_{line.pk}"], data[f"cost_{line.pk}"])
            for line in self.lines
        }


class ReceiveForm(forms.Form):
    received_before = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args: Any, lines: list[PurchaseOrderLine], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lines = [line for line in lines if line.quantity_due]
        for line in self.lines:
            self.fields[f"receive_{line.pk}"] = forms.IntegerField(
                min_value=0, max_value=line.quantity_due, initial=line.quantity_due, required=False,
                label=f"{line.sku.code} ({line.quantity_due} due)",
            )  # fmt: skip

    def quantities(self) -> dict[int, int]:
        return {line.pk: self.cleaned_data.get(f"receive_{line.pk}") or 0 for line in self.lines}
