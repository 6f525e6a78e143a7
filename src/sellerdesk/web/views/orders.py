"""Orders: the filterable list (whole page or htmx results), one order in full, its note."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from sellerdesk.channels.selectors import channel_list, marketplace_list
from sellerdesk.core.errors import DomainError
from sellerdesk.core.htmx import render_page_or_partial
from sellerdesk.core.paging import capped_page
from sellerdesk.orders.models import Order
from sellerdesk.orders.selectors import order_get, order_list
from sellerdesk.orders.services import set_order_note

from ..actors import actor_of
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


@require_POST
def order_note_view(request: HttpRequest, pk: int) -> HttpResponse:
    order = get_object_or_404(Order, pk=pk)
    try:
        set_order_note(order=order, note=request.POST.get("note", ""), actor=actor_of(request))
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Note saved.")
    return redirect("web:order_detail", pk=pk)
