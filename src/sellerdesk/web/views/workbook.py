"""The Excel workbook: download it, upload it edited, look at its changes, apply them."""

from __future__ import annotations

import datetime as dt
import tempfile

from django import forms
from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from sellerdesk.core.errors import DomainError
from sellerdesk.workbook.applying import StalePreview, apply_upload
from sellerdesk.workbook.export import default_period, export_workbook
from sellerdesk.workbook.models import WorkbookUpload
from sellerdesk.workbook.preview import preview_workbook
from sellerdesk.workbook.uploads import keep_upload

from ..actors import actor_of


class PeriodForm(forms.Form):
    first = forms.DateField(label="Orders from", required=False)
    last = forms.DateField(label="to", required=False)

    @classmethod
    def with_defaults(cls) -> PeriodForm:
        first, last = default_period()
        return cls(initial={"first": first, "last": last})

    def period(self) -> tuple[dt.date, dt.date]:
        data = self.cleaned_data if self.is_valid() else {}
        return default_period(data.get("first"), data.get("last"))


def workbook_download_view(request: HttpRequest) -> HttpResponse:
    first, last = PeriodForm(request.GET or None).period()
    # Written to a temporary file in constant memory, then streamed from it.
    target = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - FileResponse closes it
    try:
        export_workbook(target, first=first, last=last)
    except DomainError as error:
        target.close()
        messages.error(request, error.message)
        return redirect("web:imports")
    target.seek(0)
    response = FileResponse(
        target,
        as_attachment=True,
        filename=f"sellerdesk-{first:%Y-%m-%d}-to-{last:%Y-%m-%d}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    token = request.GET.get("token", "")
    if token.isdigit():
        # Tells the page's "Writing the workbook…" that the download has started.
        response.set_cookie(f"workbook-{token}", "ready", max_age=60, samesite="Lax")
    return response


def receive_workbook(request: HttpRequest, name: str, content: bytes) -> HttpResponse:
    """An uploaded .xlsx (from the Imports page): kept, and its preview shown."""
    try:
        upload = keep_upload(name=name, content=content, by=request.user.get_username())
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("web:imports")
    return redirect("web:workbook_preview", pk=upload.pk)


def workbook_preview_view(request: HttpRequest, pk: int) -> HttpResponse:
    upload = get_object_or_404(WorkbookUpload, pk=pk)
    context: dict[str, object] = {"upload": upload}
    if upload.applied_at is None:
        try:
            context["plan"] = preview_workbook(bytes(upload.content), upload.name)
        except DomainError as error:
            context["unreadable"] = error.message
    return render(request, "web/imports/workbook.html", context)


@require_POST
def workbook_apply_view(request: HttpRequest, pk: int) -> HttpResponse:
    upload = get_object_or_404(WorkbookUpload.objects.defer("content"), pk=pk)
    retire = request.POST.get("retire_missing") == "on"
    try:
        applied = apply_upload(
            upload.pk, digest=request.POST.get("digest", ""), actor=actor_of(request),
            retire_missing=retire,
        )  # fmt: skip
    except StalePreview as error:
        messages.warning(request, error.message)
        return redirect("web:workbook_preview", pk=upload.pk)
    except DomainError as error:
        messages.error(request, f"Nothing was applied. {error.message}")
        return redirect("web:workbook_preview", pk=upload.pk)
    retired = f", {applied.retired} SKU(s) retired" if applied.retired else ""
    messages.success(request, f"Applied {applied.changes} change(s) from {upload.name}{retired}.")
    return redirect("web:workbook_preview", pk=upload.pk)
