"""Inventory: stock levels per SKU and location, and one SKU with its movement ledger."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from sellerdesk.catalog.models import Sku
from sellerdesk.core.htmx import render_page_or_partial
from sellerdesk.core.paging import capped_page
from sellerdesk.inventory.selectors import (
    location_list,
    sku_movement_list,
    sku_stock_summary,
    stock_level_list,
)
from sellerdesk.orders.selectors import orders_by_line_reference

from ..forms import StockFilterForm


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
    # The ledger names its causes; the web layer, which knows orders, turns them into links.
    orders = orders_by_line_reference(movement.reference for movement in page.rows)
    return render_page_or_partial(
        request,
        "web/inventory/sku.html",
        "web/_partials/sku_movements.html",
        {"sku": sku, "summary": sku_stock_summary(sku), "page": page, "orders": orders},
    )
