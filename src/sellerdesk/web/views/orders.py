"""Orders: the filterable list (whole page or htmx results) and one order in full."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from sellerdesk.channels.selectors import channel_list, marketplace_list
from sellerdesk.core.htmx import render_page_or_partial
from sellerdesk.core.paging import capped_page
from sellerdesk.orders.selectors import order_get, order_list

from ..forms import OrderFilterForm
from .ship import detail_context


def order_list_view(request: HttpRequest) -> HttpResponse:
    form = OrderFilterForm(request.GET, channels=channel_list(), marketplaces=marketplace_list())
    filters = form.filters()
    page = capped_page(order_list(filters), request.GET.get("page"))
    context = {"form": form, "filters": filters, "page": page}
    return render_page_or_partial(
        request, "web/orders/list.html", "web/_partials/order_results.html", context
    )


def order_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    detail = order_get(pk)
    if detail is None:
        raise Http404("No such order.")
    return render(request, "web/orders/detail.html", detail_context(detail))
