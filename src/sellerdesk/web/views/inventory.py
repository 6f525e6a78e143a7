"""Inventory: stock levels per SKU and location, and one SKU with its movement ledger."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from sellerdesk.catalog.models import Sku
from sellerdesk.catalog.services import set_sku_barcode
from sellerdesk.core.errors import DomainError
from sellerdesk.core.htmx import render_page_or_partial
from sellerdesk.core.paging import capped_page
from sellerdesk.inventory.selectors import (
    location_list,
    publishable_quantities,
    sku_cost_layers,
    sku_movement_list,
    sku_stock_summary,
    stock_level_list,
)
from sellerdesk.inventory.services import set_assembly
from sellerdesk.inventory.services.assemblies import parts_of
from sellerdesk.orders.selectors import orders_by_line_reference
from sellerdesk.planning.selectors.purchasing import purchase_orders_by_line_reference

from ..forms import BarcodeForm, StockFilterForm
from ..forms.assembly import AssemblyForm


def stock_level_list_view(request: HttpRequest) -> HttpResponse:
    form = StockFilterForm(request.GET, locations=location_list())
    page = capped_page(stock_level_list(form.filters()), request.GET.get("page"))
    return render_page_or_partial(
        request,
        "web/inventory/list.html",
        "web/_partials/stock_results.html",
        {"form": form, "page": page},
    )


def sku_detail_view(request: HttpRequest, code: str) -> HttpResponse:
    sku = get_object_or_404(Sku.objects.select_related("product"), code=code)
    page = capped_page(sku_movement_list(sku), request.GET.get("page"))
    costs = sku_cost_layers(sku)
    parts = parts_of(sku)
    offer = publishable_quantities([sku.pk, *(part.pk for part, _ in parts)])
    # The ledger names its causes; the web layer, which knows orders, turns them into links.
    orders = orders_by_line_reference(movement.reference for movement in page.rows)
    return render_page_or_partial(
        request,
        "web/inventory/sku.html",
        "web/_partials/sku_movements.html",
        {
            "sku": sku,
            "summary": sku_stock_summary(sku),
            "costs": costs,
            "purchase_orders": purchase_orders_by_line_reference(
                layer.reference for layer in costs.layers
            ),
            "page": page,
            "orders": orders,
            "barcode_form": BarcodeForm(initial={"barcode": sku.barcode}),
            "assembly_form": AssemblyForm(sku=sku),
            "parts": [(part, per, offer.get(part.pk, 0)) for part, per in parts],
            "offer": offer.get(sku.pk, 0),
        },
    )


@require_POST
def sku_barcode_view(request: HttpRequest, pk: int) -> HttpResponse:
    sku = get_object_or_404(Sku, pk=pk)
    form = BarcodeForm(request.POST)
    if form.is_valid():
        try:
            set_sku_barcode(sku=sku, barcode=form.cleaned_data["barcode"])
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"Barcode of {sku.code} saved.")
    else:
        messages.error(request, " ".join(form.errors.get("barcode", [])))
    return redirect("web:sku_detail", code=sku.code)


@require_POST
def sku_assembly_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Make a SKU stocked, a kit, or made to order, and name its parts."""
    sku = get_object_or_404(Sku, pk=pk)
    form = AssemblyForm(request.POST, sku=sku)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("web:sku_detail", code=sku.code)
    data = form.cleaned_data
    try:
        set_assembly(
            sku=sku, assembly=data["assembly"], parts=data["parts"],
            weekly_capacity=data["weekly_capacity"], production_days=data["production_days"],
        )  # fmt: skip
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"{sku.code}: {sku.get_assembly_display()}.")
    return redirect("web:sku_detail", code=sku.code)
