"""Query-string filter forms: each turns request.GET into its selector's filter dataclass.

An invalid field is dropped rather than failing the page: a hand-edited URL still lists orders.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

from django import forms
from PIL import Image, UnidentifiedImageError

from sellerdesk.channels.models import Marketplace, SalesChannel
from sellerdesk.core import clock
from sellerdesk.fulfillment.domain import tracking
from sellerdesk.fulfillment.models import ShopProfile
from sellerdesk.inventory.models import Location
from sellerdesk.inventory.selectors import StockFilters
from sellerdesk.orders.models import Fulfillment, OrderLine, OrderStatus
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


ENCODINGS = [
    ("", "Detect"),
    ("utf-8", "UTF-8"),
    ("cp1252", "Windows (Cp1252)"),
    ("latin-1", "ISO-8859-1"),
    ("cp932", "Japanese (Windows-31J)"),
]


class ReportUploadForm(forms.Form):
    """An Amazon report to import; the report type is read from the file itself."""

    file = forms.FileField(label="Report file")
    marketplace = forms.ChoiceField(
        required=False,
        help_text="Only for reports that do not name their marketplace (the Unshipped report).",
    )
    encoding = forms.ChoiceField(required=False, choices=ENCODINGS)
    dry_run = forms.BooleanField(
        required=False, label="Dry run: show what would change, save nothing"
    )

    def __init__(self, *args: Any, marketplaces: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["marketplace"].choices = [("", "As the report says"), *marketplaces]


class ExportForm(forms.Form):
    kind = forms.ChoiceField(
        label="File",
        choices=[
            ("confirmations", "Shipping confirmations (shipments not yet sent)"),
            ("prices", "Prices and quantities (seller-fulfilled listings)"),
        ],
    )
    marketplace = forms.ChoiceField(required=False)

    def __init__(self, *args: Any, marketplaces: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["marketplace"].choices = [("", "Every marketplace"), *marketplaces]


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
        fields = [
            "shop_name",
            "address_line1",
            "address_line2",
            "city",
            "region",
            "postal_code",
            "country_code",
            "phone",
            "email",
            "slip_note",
        ]
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


CARRIER_CHOICES = [(carrier, carrier) for carrier in tracking.CARRIERS] + [
    (tracking.OTHER, "Other carrier (number not checked)")
]


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
        if carrier == tracking.OTHER and not data.get("carrier_name", "").strip():
            self.add_error("carrier_name", "Name the carrier (for example Evri or Canada Post).")
        elif carrier and number:
            try:
                data["tracking_number"] = tracking.check_tracking(number, carrier).number
            except tracking.InvalidTracking as error:
                self.add_error("tracking_number", f"{str(error)[:1].upper()}{str(error)[1:]}.")
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
