"""Imports: upload an Amazon report, read the history, open one import's summary."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from sellerdesk.channels.amazon.imports import import_report
from sellerdesk.channels.amazon.models import ImportSource
from sellerdesk.channels.amazon.selectors import (
    amazon_marketplace_choices,
    import_get,
    import_list,
)
from sellerdesk.core.paging import capped_page
from sellerdesk.inventory.services import Actor

from ..forms import ReportUploadForm


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
    return render(request, "web/imports/list.html", {"form": form, "page": page})


def import_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    detail = import_get(pk)
    if detail is None:
        raise Http404("No such import.")
    return render(request, "web/imports/detail.html", {"detail": detail, "record": detail.record})
