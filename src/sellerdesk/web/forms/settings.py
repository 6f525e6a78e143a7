"""Forms of the Settings page: the Amazon connection, each marketplace's shipping calendar,
the shop's details on paper and the packing rule.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

from django import forms
from PIL import Image, UnidentifiedImageError

from sellerdesk.fulfillment.models import ShopProfile
from sellerdesk.fulfillment.services.shop import PROFILE_FIELDS

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class AmazonConnectionForm(forms.Form):
    """Selling Partner API credentials for one region (Seller Central > Apps and Services >
    Develop Apps). The secret and the token are never shown again once saved."""

    region = forms.ChoiceField(
        choices=[("NA", "North America"), ("EU", "Europe"), ("FE", "Far East")]
    )
    seller_id = forms.CharField(label="Seller id (merchant token)", max_length=32)
    client_id = forms.CharField(label="LWA client id", max_length=200)
    client_secret = forms.CharField(
        label="LWA client secret", max_length=500, widget=forms.PasswordInput(render_value=False)
    )
    refresh_token = forms.CharField(
        label="Refresh token", max_length=2000, widget=forms.PasswordInput(render_value=False)
    )
    marketplaces = forms.MultipleChoiceField(
        choices=[], widget=forms.CheckboxSelectMultiple, help_text="Marketplaces to sync."
    )

    def __init__(self, *args: Any, marketplaces: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["marketplaces"].choices = marketplaces


class ShippingCalendarForm(forms.Form):
    """A marketplace's handling time, same-day cut-off and holidays (one per line)."""

    handling_days = forms.IntegerField(
        label="Handling time (business days)",
        min_value=0,
        max_value=30,
        help_text="0 is same-day handling: orders before the cut-off ship that day.",
    )
    cutoff = forms.TimeField(
        label="Same-day cut-off (local time)", widget=forms.TimeInput(format="%H:%M")
    )
    holidays = forms.CharField(
        label="Holidays",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="One a line: the date as 2025-12-25, then a name if you like.",
    )

    def clean_holidays(self) -> list[tuple[dt.date, str]]:
        days: dict[dt.date, str] = {}
        for number, line in enumerate(self.cleaned_data["holidays"].splitlines(), start=1):
            if not line.strip():
                continue
            text, *name = line.split(None, 1)  # a space or a tab pasted from a spreadsheet
            try:
                if not _ISO_DATE.fullmatch(text):
                    raise ValueError(text)
                day = dt.date.fromisoformat(text)
            except ValueError:
                raise forms.ValidationError(
                    f"line {number}: {text!r} is not a date; write it as 2025-12-25"
                ) from None
            if day in days:
                raise forms.ValidationError(f"line {number}: {text} is listed twice")
            days[day] = name[0].strip()[:100] if name else ""
        return list(days.items())


LOGO_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg"}
MAX_LOGO_BYTES = 512 * 1024


class ShopProfileForm(forms.ModelForm):
    logo_file = forms.FileField(
        label="Logo",
        required=False,
        help_text="PNG or JPEG up to 512 KB; printed about 2 cm high on packing slips.",
    )
    remove_logo = forms.BooleanField(label="Remove the logo", required=False)

    class Meta:
        model = ShopProfile
        fields = list(PROFILE_FIELDS)
        widgets = {"slip_note": forms.Textarea(attrs={"rows": 3})}

    def clean_country_code(self) -> str:
        code = self.cleaned_data["country_code"].strip().upper()
        if not re.fullmatch("[A-Z]{2}", code):
            raise forms.ValidationError("Two letters, as US, GB or DE.")
        if code == "UK":
            raise forms.ValidationError("For the United Kingdom, write GB.")
        return code

    def clean_logo_file(self) -> tuple[bytes, str] | None:
        upload = self.cleaned_data.get("logo_file")
        if not upload:
            return None
        if upload.size > MAX_LOGO_BYTES:
            raise forms.ValidationError(
                f"The logo is {upload.size // 1024} KB; make it 512 KB or less."
            )
        data = upload.read()
        try:
            with Image.open(io.BytesIO(data)) as image:
                kind = image.format
                image.verify()
        except (UnidentifiedImageError, OSError, SyntaxError):
            raise forms.ValidationError("That file is not a PNG or JPEG image.") from None
        if kind not in LOGO_TYPES:
            raise forms.ValidationError(f"The logo is {kind}; save it as PNG or JPEG.")
        return data, LOGO_TYPES[kind]


class PackingSettingsForm(forms.Form):
    require_scan = forms.BooleanField(
        label="Require a full scan before shipping",
        required=False,
        help_text="Every unit in a parcel must be scanned on the pack screen before its "
        "tracking number or label is accepted.",
    )
