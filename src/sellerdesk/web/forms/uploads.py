"""Forms of the Imports page: a report to upload, a file to export."""

from __future__ import annotations

from typing import Any

from django import forms

ENCODINGS = [
    ("", "Detect"),
    ("utf-8", "UTF-8"),
    ("cp1252", "Windows (Cp1252)"),
    ("latin-1", "ISO-8859-1"),
    ("cp932", "Japanese (Windows-31J)"),
]


class ReportUploadForm(forms.Form):
    """An Amazon report to import; the report type is read from the file itself."""

    file = forms.FileField(label="Report or workbook")
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
