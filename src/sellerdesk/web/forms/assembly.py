"""What a SKU is made of: stocked, a kit of parts, or made to order from materials."""

from __future__ import annotations

from typing import Any

from django import forms

from sellerdesk.catalog.models import Assembly, Component, Sku


class AssemblyForm(forms.Form):
    assembly = forms.ChoiceField(choices=Assembly.choices, label="Sold as")
    parts_text = forms.CharField(
        required=False,
        label="Parts",
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "CHARM-HEART 2\nGIFT-BOX 1"}),
        help_text="One part a line: its SKU, then how many go into one unit sold.",
    )
    weekly_capacity = forms.IntegerField(
        required=False, min_value=1, label="Can make a week", help_text="Made to order only."
    )
    production_days = forms.IntegerField(
        required=False, min_value=1, label="Production time (days)", help_text="Made to order only."
    )

    def __init__(self, *args: Any, sku: Sku, **kwargs: Any) -> None:
        rows = Component.objects.filter(parent=sku).select_related("part").order_by("part__code")
        kwargs.setdefault(
            "initial",
            {
                "assembly": sku.assembly,
                "parts_text": "\n".join(f"{row.part.code} {row.quantity}" for row in rows),
                "weekly_capacity": sku.weekly_capacity,
                "production_days": sku.production_days,
            },
        )
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        parts: list[tuple[Sku, int]] = []
        for number, text in enumerate((data.get("parts_text") or "").splitlines(), start=1):
            words = text.split()
            if not words:
                continue
            code, count = words[0], words[1] if len(words) > 1 else "1"
            if len(words) > 2 or not count.isdigit():
                raise forms.ValidationError(
                    f"Parts, line {number}: write the SKU and a whole number, like CHARM-HEART 2."
                )
            part = Sku.objects.filter(code=code).first()
            if part is None:
                raise forms.ValidationError(
                    f"Parts, line {number}: no SKU {code} in the catalogue."
                )
            parts.append((part, int(count)))
        data["parts"] = parts
        return data
