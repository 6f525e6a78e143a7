"""Imports: upload an Amazon report, read the history, open one import's summary."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from sellerdesk.channels.amazon.exports import make_export
from sellerdesk.channels.amazon.imports import import_report, queue_import
from sellerdesk.channels.amazon.imports.progress import read_progress
from sellerdesk.channels.amazon.imports.queued import QUEUE_ABOVE_BYTES, save_upload
from sellerdesk.channels.amazon.models import FileExport, ImportSource, ReportImport
from sellerdesk.channels.amazon.selectors import (
    amazon_marketplace_choices,
    export_list,
    import_get,
    import_list,
)
from sellerdesk.channels.amazon.tasks import import_upload
from sellerdesk.core.errors import DomainError
from sellerdesk.core.paging import capped_page
from sellerdesk.workbook.reading import OLD_EXCEL, SPREADSHEETS
from sellerdesk.workbook.uploads import recent_uploads

from ..actors import actor_of
from ..forms import ExportForm, ReportUploadForm
from .workbook import PeriodForm, receive_workbook


def import_list_view(request: HttpRequest) -> HttpResponse:
    posted = request.method == "POST"
    form = ReportUploadForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        marketplaces=amazon_marketplace_choices(),
    )
    if posted and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.name.lower().endswith((*SPREADSHEETS, OLD_EXCEL)):
            return receive_workbook(request, upload.name, upload.read())
        if upload.size > QUEUE_ABOVE_BYTES:
            return _queue_upload(request, form.cleaned_data)
        record = import_report(
            source=upload,
            name=upload.name,
            actor=actor_of(request),
            encoding=form.cleaned_data["encoding"] or None,
            marketplace=form.cleaned_data["marketplace"] or None,
            dry_run=form.cleaned_data["dry_run"],
            origin=ImportSource.UPLOAD,
            user=request.user,
        )
        return redirect("web:import_detail", pk=record.pk)
    page = capped_page(import_list(), request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "export_form": ExportForm(marketplaces=amazon_marketplace_choices()),
        "exports": export_list(),
        "workbooks": recent_uploads(),
        "period_form": PeriodForm.with_defaults(),
    }
    return render(request, "web/imports/list.html", context)


@require_POST
def export_create_view(request: HttpRequest) -> HttpResponse:
    form = ExportForm(request.POST, marketplaces=amazon_marketplace_choices())
    if not form.is_valid():
        messages.error(request, "Choose the file to make and, for prices, the marketplace.")
        return redirect("web:imports")
    actor = actor_of(request)
    marketplace = form.cleaned_data["marketplace"] or None
    try:
        export = make_export(kind=form.cleaned_data["kind"], marketplace=marketplace, actor=actor)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("web:imports")
    messages.success(request, f"Made {export.file_name} ({export.rows} rows): download it below.")
    if export.notes:
        messages.warning(request, export.notes)
    return redirect("web:imports")


def export_download_view(request: HttpRequest, pk: int) -> HttpResponse:
    export = get_object_or_404(FileExport, pk=pk)
    response = HttpResponse(
        export.content.encode(export.encoding),
        content_type=f"text/tab-separated-values; charset={export.encoding}",
    )
    response["Content-Disposition"] = f'attachment; filename="{export.file_name}"'
    return response


def _queue_upload(request: HttpRequest, data: dict[str, Any]) -> HttpResponse:
    """A big file: saved, imported by the job queue, its page showing the progress."""
    upload = data["file"]
    path = save_upload(upload.chunks(), upload.name)
    record = queue_import(
        name=upload.name,
        size=upload.size,
        marketplace=data["marketplace"] or None,
        dry_run=data["dry_run"],
        user=request.user,
    )
    import_upload(record.pk, str(path), data["encoding"] or None, request.user.get_username())
    return redirect("web:import_detail", pk=record.pk)


# Files that bring orders: their page links to the orders list.
ORDER_REPORTS = ("ALL_ORDERS", "UNSHIPPED_ORDERS", "ETSY_ORDER_ITEMS", "SHOPIFY_ORDERS")


def import_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    detail = import_get(pk)
    if detail is None:
        raise Http404("No such import.")
    context = {
        "detail": detail,
        "record": detail.record,
        "progress": _progress(detail.record),
        "order_reports": ORDER_REPORTS,
    }
    return render(request, "web/imports/detail.html", context)


def import_progress_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress bar, polled by htmx; once the import is done the page reloads."""
    record = get_object_or_404(ReportImport, pk=pk)
    if not record.is_queued:
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    return render(
        request,
        "web/imports/_progress.html",
        {"record": record, "progress": _progress(record)},
    )


def _progress(record: ReportImport) -> dict[str, int] | None:
    if not record.is_queued:
        return None
    done, total = read_progress(record.pk) or (0, record.file_size)
    return {"done": done, "total": total, "percent": int(100 * done / total) if total else 0}
