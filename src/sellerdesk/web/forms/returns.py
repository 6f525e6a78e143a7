"""Forms of the Returns pages: a new return, each step's details, and the refund."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from sellerdesk.inventory.models import Location
from sellerdesk.orders.models import OrderLine
from sellerdesk.returns.domain.policy import REASONS
from sellerdesk.returns.domain.refunds import CONDITIONS
from sellerdesk.returns.domain.refunds import RefundLine as ProposedLine
from sellerdesk.returns.models import Disposition, LabelKind, ReturnUnit


class StartReturnForm(forms.Form):
    reason = forms.ChoiceField(choices=[("", "Choose…"), *REASONS.items()])
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    arrived = forms.BooleanField(
        label="It has arrived already, with no request", required=False,
        help_text="The return starts as received; the refund clock runs from now.",
    )  # fmt: skip

    def __init__(
        self, *args: Any, lines: list[tuple[OrderLine, int]], order_id: int, **kwargs: Any
    ) -> None:
        """`lines`: each shipped line with the units of it that may still come back, of the
        order `order_id` and of the same buyer's others."""
        super().__init__(*args, **kwargs)
        self.lines = lines
        for line, left in lines:
            # Lines of the buyer's other orders say which order they are on.
            other = "" if line.order_id == order_id else f" of {line.order.external_id}"
            self.fields[f"line_{line.pk}"] = forms.IntegerField(
                label=f"{line.channel_sku}{other} ({left} may come back)", min_value=0,
                max_value=left, initial=0,
            )  # fmt: skip

    def units(self) -> dict[int, int]:
        return {line.pk: self.cleaned_data.get(f"line_{line.pk}") or 0 for line, _ in self.lines}

    def unit_fields(self) -> list[forms.BoundField]:
        return [self[f"line_{line.pk}"] for line, _ in self.lines]


class RejectForm(forms.Form):
    reason = forms.CharField(label="Why", max_length=250)


class ReturnLabelForm(forms.Form):
    kind = forms.ChoiceField(choices=LabelKind.choices)
    carrier = forms.CharField(required=False, max_length=64)
    tracking_number = forms.CharField(required=False, max_length=64)
    cost = forms.DecimalField(
        required=False, min_value=Decimal(0), max_digits=10, decimal_places=2,
        help_text="What you paid for a prepaid label.",
    )  # fmt: skip


class InspectForm(forms.Form):
    def __init__(self, *args: Any, units: list[ReturnUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.units = units
        for unit in units:
            self.fields[f"unit_{unit.pk}"] = forms.ChoiceField(
                label=f"{unit.line.order_line.channel_sku} #{unit.number}",
                choices=list(CONDITIONS.items()),
                initial=unit.condition or "sellable",
            )

    def conditions(self) -> dict[int, str]:
        return {unit.pk: self.cleaned_data[f"unit_{unit.pk}"] for unit in self.units}


class DisposeForm(forms.Form):
    def __init__(
        self, *args: Any, units: list[ReturnUnit], shelves: list[Location], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.units = units
        self.shelves = {str(shelf.pk): shelf for shelf in shelves}
        for unit in units:
            sellable = unit.condition in ("sellable", "")
            self.fields[f"unit_{unit.pk}"] = forms.ChoiceField(
                label=f"{unit.line.order_line.channel_sku} #{unit.number} "
                f"({CONDITIONS.get(unit.condition, 'not inspected').lower()})",
                choices=Disposition.choices,
                initial=Disposition.RESTOCK if sellable else Disposition.WRITE_OFF,
            )
        self.fields["shelf"] = forms.ChoiceField(
            label="Shelf for units put back",
            choices=[(key, shelf.name) for key, shelf in self.shelves.items()],
            required=False,
        )

    def dispositions(self) -> dict[int, tuple[str, Location | None]]:
        shelf = self.shelves.get(self.cleaned_data.get("shelf") or "")
        return {
            unit.pk: (
                self.cleaned_data[f"unit_{unit.pk}"],
                shelf if self.cleaned_data[f"unit_{unit.pk}"] == Disposition.RESTOCK else None,
            )
            for unit in self.units
        }


class RefundForm(forms.Form):
    def __init__(self, *args: Any, proposal: list[ProposedLine], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.proposal = proposal
        for part in proposal:
            for side in ("item", "shipping"):
                self.fields[f"{side}_{part.line_id}"] = forms.DecimalField(
                    label=side.capitalize(), min_value=Decimal(0), max_digits=12,
                    decimal_places=2, initial=getattr(part, side).quantize(Decimal("0.01")),
                )  # fmt: skip

    def amounts(self) -> dict[int, tuple[Decimal, Decimal]]:
        return {
            part.line_id: (
                self.cleaned_data[f"item_{part.line_id}"],
                self.cleaned_data[f"shipping_{part.line_id}"],
            )
            for part in self.proposal
        }


class ReturnSettingsForm(forms.Form):
    window_days = forms.IntegerField(
        label="Return window (days from delivery)", min_value=30, max_value=365, initial=30
    )
    deduct_label = forms.BooleanField(
        label="Deduct the return label when the reason is the buyer's own", required=False
    )
    restocking_damaged = forms.DecimalField(
        label="Restocking fee for an item the buyer damaged (%)", min_value=Decimal(0),
        max_value=Decimal(50), max_digits=5, decimal_places=2, initial=Decimal(0),
        help_text="Never charged when the fault is yours.",
    )  # fmt: skip
