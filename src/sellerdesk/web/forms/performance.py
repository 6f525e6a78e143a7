"""Forms of the Performance page: a defect Amazon counted against an order, and a metric's
window and target."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from sellerdesk.metrics.domain.counting import ChargebackKind, ClaimState
from sellerdesk.metrics.models import Claim

DEFECTS = [
    ("feedback", "Negative or other feedback"),
    ("claim", "A-to-z Guarantee claim"),
    ("chargeback", "Chargeback"),
]


class DefectForm(forms.Form):
    order_id = forms.CharField(label="Order id", max_length=64)
    defect = forms.ChoiceField(choices=DEFECTS, label="What")
    on = forms.DateField(
        label="Date",
        help_text="When it was left or filed.",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    stars = forms.TypedChoiceField(
        choices=[(n, f"{n} star{'s' if n > 1 else ''}") for n in range(1, 6)], coerce=int,
        required=False, label="Feedback stars",
    )  # fmt: skip
    claim_state = forms.ChoiceField(
        choices=Claim._meta.get_field("state").choices, required=False, label="Claim state",  # type: ignore[arg-type]
        initial=ClaimState.PENDING,
    )  # fmt: skip
    protected = forms.BooleanField(
        required=False, label="Claims Protected (Buy Shipping label scanned on time)"
    )
    chargeback_kind = forms.ChoiceField(
        choices=[
            (ChargebackKind.SERVICE.value, "Service: not received or not as described"),
            (ChargebackKind.FRAUD.value, "Fraud: card used without permission"),
        ],
        required=False, label="Chargeback kind",
    )  # fmt: skip

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("defect") == "feedback" and not data.get("stars"):
            self.add_error("stars", "Give the feedback's stars.")
        return data


class MetricSettingForm(forms.Form):
    """Percentages in the form, rates (fractions) in the model."""

    days = forms.IntegerField(min_value=1, max_value=365, required=False, label="Days")
    offset_days = forms.IntegerField(min_value=0, max_value=90, required=False, label="Offset")
    target = forms.DecimalField(
        min_value=Decimal(0), max_value=Decimal(100), decimal_places=3, required=False,
        label="Target %",
    )  # fmt: skip
    warn_at = forms.DecimalField(
        min_value=Decimal(0), max_value=Decimal(100), decimal_places=3, required=False,
        label="At risk from %",
    )  # fmt: skip

    def rates(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        for name in ("target", "warn_at"):
            if data[name] is not None:
                data[name] = data[name] / 100
        return data
