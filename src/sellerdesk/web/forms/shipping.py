"""Forms of the day's shipping: a pick batch, a parcel with its label, a delivery."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from sellerdesk.fulfillment.carriers import Parcel, Rate
from sellerdesk.fulfillment.domain import tracking
from sellerdesk.orders.models import OrderLine


class OrderIdsField(forms.Field):
    """Order ids from ticked boxes named alike; the service checks each order itself."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value: Any) -> list[int]:
        values = list(value or [])
        if not all(str(item).isdigit() for item in values):
            raise forms.ValidationError("Order ids are whole numbers; reload the page.")
        return [int(item) for item in values]


class BatchForm(forms.Form):
    """Orders ticked on the To ship page, or everything due by tonight."""

    orders = OrderIdsField(required=False)
    due_today = forms.BooleanField(required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "orders" in self.errors:
            return data
        if not data.get("due_today") and not data.get("orders"):
            raise forms.ValidationError("Tick the orders to batch, or batch everything due today.")
        return data


CARRIER_CHOICES = [(carrier, carrier) for carrier in tracking.CARRIERS] + [
    (tracking.OTHER, "Other carrier (number not checked)")
]


def _sentence(error: Exception) -> str:
    text = str(error)
    return f"{text[:1].upper()}{text[1:]}."


class LabelForm(forms.Form):
    """Who carries a parcel and its tracking number, checked by the carrier's rules."""

    carrier = forms.ChoiceField(choices=CARRIER_CHOICES)
    carrier_name = forms.CharField(
        label="Other carrier's name", required=False, max_length=64, help_text="For Other only."
    )
    service = forms.CharField(
        required=False, max_length=64, help_text="As the carrier names it: Ground, Tracked 48."
    )
    tracking_number = forms.CharField(max_length=64)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        carrier, number = data.get("carrier"), data.get("tracking_number")
        if carrier:
            try:
                _, data["tracking_number"] = tracking.label_tracking(
                    carrier, data.get("carrier_name", ""), number or ""
                )
            except tracking.MissingCarrierName as error:
                self.add_error("carrier_name", _sentence(error))
            except tracking.InvalidTracking as error:
                if number:  # an empty one is already "required"
                    self.add_error("tracking_number", _sentence(error))
        return data

    def detail_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("carrier", "carrier_name", "service", "tracking_number")]


class PackageForm(LabelForm):
    """One parcel of a shipment: its label, and the units in it."""

    def __init__(self, *args: Any, lines: list[OrderLine], fill: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lines = lines
        for line in lines:
            self.fields[f"line_{line.pk}"] = forms.IntegerField(
                label=f"{line.channel_sku} ({line.quantity_open} to ship)",
                min_value=0,
                max_value=line.quantity_open,
                initial=line.quantity_open if fill else 0,
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not self.errors and not any(self.quantities().values()):
            raise forms.ValidationError("Put at least one unit in this package.")
        return data

    def quantities(self) -> dict[int, int]:
        return {line.pk: self.cleaned_data.get(f"line_{line.pk}") or 0 for line in self.lines}

    def quantity_fields(self) -> list[forms.BoundField]:
        return [self[f"line_{line.pk}"] for line in self.lines]


class DeliveredForm(forms.Form):
    delivered_at = forms.DateTimeField(
        label="Delivered",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text="Your local time, as the carrier or the buyer said.",
    )


class ScanForm(forms.Form):
    """What the scanner typed (it ends with Enter, which sends the form)."""

    code = forms.CharField(max_length=64, strip=True)


class BarcodeForm(forms.Form):
    barcode = forms.CharField(
        required=False,
        max_length=64,
        help_text="The UPC or EAN on the item, or the code on your own label; blank for none.",
    )


class ParcelForm(forms.Form):
    """The packed parcel, measured, for a bought label's rates."""

    weight = forms.DecimalField(min_value=Decimal("0.01"), max_digits=8, decimal_places=2)
    weight_unit = forms.ChoiceField(label="Unit", choices=[("oz", "oz"), ("g", "g")])
    length = forms.DecimalField(min_value=Decimal("0.1"), max_digits=6, decimal_places=1)
    width = forms.DecimalField(min_value=Decimal("0.1"), max_digits=6, decimal_places=1)
    height = forms.DecimalField(min_value=Decimal("0.1"), max_digits=6, decimal_places=1)
    dimension_unit = forms.ChoiceField(
        label="Unit", choices=[("inches", "inches"), ("centimeters", "cm")]
    )

    def parcel(self) -> Parcel:
        data = self.cleaned_data
        return Parcel(
            length=data["length"],
            width=data["width"],
            height=data["height"],
            dimension_unit=data["dimension_unit"],
            weight=data["weight"],
            weight_unit=data["weight_unit"],
        )


class BuyLabelForm(ParcelForm):
    """A rate chosen from the list, sent back with the parcel it was quoted for."""

    service_id = forms.CharField(widget=forms.HiddenInput)
    offer_id = forms.CharField(widget=forms.HiddenInput, required=False)
    service_name = forms.CharField(widget=forms.HiddenInput)
    carrier_name = forms.CharField(widget=forms.HiddenInput)
    amount = forms.DecimalField(widget=forms.HiddenInput)
    currency = forms.CharField(widget=forms.HiddenInput)

    def rate(self) -> Rate:
        data = self.cleaned_data
        return Rate(
            service_id=data["service_id"],
            offer_id=data["offer_id"],
            service_name=data["service_name"],
            carrier_name=data["carrier_name"],
            amount=data["amount"],
            currency=data["currency"],
        )
