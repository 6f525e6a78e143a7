"""Stock counts: a sheet per location, counts entered against the ledger, variances posted."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from sellerdesk.catalog.models import Sku
from sellerdesk.core.errors import DomainError
from sellerdesk.inventory import services
from sellerdesk.inventory.models import Location, StockCount, StockCountStatus
from sellerdesk.inventory.selectors import location_list, stock_count_get, stock_count_list

from ..actors import actor_of


def stock_count_list_view(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        location = get_object_or_404(Location, pk=request.POST.get("location") or 0)
        try:
            count = services.start_stock_count(location=location, actor=actor_of(request))
        except DomainError as error:
            messages.error(request, error.message)
        else:
            return redirect("web:stock_count", pk=count.pk)
    return render(
        request,
        "web/inventory/counts.html",
        {"counts": stock_count_list()[:100], "locations": location_list()},
    )


def stock_count_view(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        count, lines = stock_count_get(pk)
    except StockCount.DoesNotExist:
        raise Http404("No such stock count") from None
    if request.method == "POST" and count.status == StockCountStatus.OPEN:
        try:
            counted, notes = _entered(request, [line.sku_id for line in lines])
            changed = services.record_counts(count=count, counted=counted, notes=notes)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"{changed} line{'s' if changed != 1 else ''} saved.")
            return redirect("web:stock_count", pk=pk)
    return render(
        request,
        "web/inventory/count.html",
        {"count": count, "lines": lines, "is_open": count.status == StockCountStatus.OPEN},
    )


def _entered(
    request: HttpRequest, sku_ids: list[int]
) -> tuple[dict[int, int | None], dict[int, str]]:
    counted: dict[int, int | None] = {}
    notes: dict[int, str] = {}
    for sku_id in sku_ids:
        text = request.POST.get(f"counted_{sku_id}", "").strip()
        if text and not text.isdigit():
            code = Sku.objects.filter(pk=sku_id).values_list("code", flat=True).first()
            raise DomainError(f"{code}: enter the count as a whole number, not {text!r}.")
        counted[sku_id] = int(text) if text else None
        notes[sku_id] = request.POST.get(f"note_{sku_id}", "")
    return counted, notes


@require_POST
def stock_count_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    count = get_object_or_404(StockCount, pk=pk)
    code = request.POST.get("sku", "").strip()
    sku = Sku.objects.filter(code=code).first()
    if sku is None:
        messages.error(request, f"No SKU {code!r}: check the code on the Inventory page.")
        return redirect("web:stock_count", pk=pk)
    try:
        services.add_to_count(count=count, sku=sku)
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("web:stock_count", pk=pk)


@require_POST
def stock_count_post_view(request: HttpRequest, pk: int) -> HttpResponse:
    count = get_object_or_404(StockCount, pk=pk)
    try:
        if request.POST.get("action") == "cancel":
            services.cancel_stock_count(count=count, actor=actor_of(request))
            messages.success(request, "Count cancelled: nothing was adjusted.")
        else:
            moved = services.post_stock_count(
                count=count, reason=request.POST.get("reason", ""), actor=actor_of(request)
            )
            messages.success(
                request, f"Posted: {len(moved)} adjustment{'s' if len(moved) != 1 else ''}."
            )
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("web:stock_count", pk=pk)
