"""Imports: upload an Amazon report, read the history, open one import's summary."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from sellerdesk.channels.amazon.exports import (
    export_prices_and_quantities,
    export_shipping_confirmations,
)
from sellerdesk.channels.amazon.imports import import_report
from sellerdesk.channels.amazon.models import FileExport, ImportSource
from sellerdesk.channels.amazon.selectors import (
    amazon_marketplace_choices,
    export_list,
    import_get,
    import_list,
)
from sellerdesk.core.errors import DomainError
from sellerdesk.core.paging import capped_page
from sellerdesk.inventory.services import Actor

from ..forms import ExportForm, ReportUploadForm


def import_list_view(request: HttpRequest) -> HttpResponse:
    posted = request.method == "POST"
    form = ReportUploadForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        marketplaces=amazon_marketplace_choices(),
    )
    if posted and form.is_valid():
        upload = form.cleaned_data["file"]
        record = import_report(
            source=upload,
            name=upload.name,
            actor=Actor(name=request.user.get_username(), user=request.user),
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
    }
    return render(request, "web/imports/list.html", context)


@require_POST
def export_create_view(request: HttpRequest) -> HttpResponse:
    form = ExportForm(request.POST, marketplaces=amazon_marketplace_choices())
    if not form.is_valid():
        messages.error(request, "Choose the file to make and, for prices, the marketplace.")
        return redirect("web:imports")
    actor = Actor(name=request.user.get_username(), user=request.user)
    marketplace = form.cleaned_data["marketplace"] or None
    try:
        if form.cleaned_data["kind"] == "confirmations":
            export = export_shipping_confirmations(marketplace=marketplace, actor=actor)
        elif marketplace is None:
            raise DomainError("Choose the marketplace whose prices and quantities to export.")
        else:
            export = export_prices_and_quantities(marketplace=marketplace, actor=actor)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("web:imports")
    messages.success(request, f"Made {export.file_name} ({export.rows} rows): download it below.")
    return redirect("web:imports")


def export_download_view(request: HttpRequest, pk: int) -> HttpResponse:
    export = get_object_or_404(FileExport, pk=pk)
    response = HttpResponse(
        export.content.encode(export.encoding),
        content_type=f"text/tab-separated-values; charset={export.encoding}",
    )
    response["Content-Disposition"] = f'attachment; filename="{export.file_name}"'
    return response


def import_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    detail = import_get(pk)
    if detail is None:
        raise Http404("No such import.")
    return render(request, "web/imports/detail.html", {"detail": detail, "record": detail.record})
