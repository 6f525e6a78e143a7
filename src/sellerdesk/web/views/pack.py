"""The pack screen: a scanner (a keyboard that types a code and Enter) ticks off each unit."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from sellerdesk.core.htmx import render_page_or_partial
from sellerdesk.fulfillment.domain.packing import is_complete
from sellerdesk.fulfillment.selectors import pack_lines, packing_settings
from sellerdesk.fulfillment.services import ScanOutcome, record_scan, reset_scans
from sellerdesk.orders import domain as order_rules
from sellerdesk.orders.models import Order

from ..actors import actor_of
from ..forms import ScanForm


def _render(
    request: HttpRequest, order: Order, outcome: ScanOutcome | None = None, status: int = 200
) -> HttpResponse:
    lines = pack_lines(order)
    context = {
        "order": order,
        "lines": lines,
        "complete": is_complete(lines),
        "outcome": outcome,
        "form": ScanForm(),
        "require_scan": packing_settings().require_scan,
    }
    response = render_page_or_partial(
        request, "web/orders/pack.html", "web/orders/_pack_state.html", context
    )
    response.status_code = status
    return response


def _packable(pk: int) -> Order:
    return get_object_or_404(
        Order,
        pk=pk,
        fulfillment=order_rules.SELLER,
        status__in=(order_rules.UNSHIPPED, order_rules.PARTIALLY_SHIPPED),
    )


def pack_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _render(request, _packable(pk))


@require_POST
def pack_scan_view(request: HttpRequest, pk: int) -> HttpResponse:
    order = _packable(pk)
    form = ScanForm(request.POST)
    if not form.is_valid():
        outcome = ScanOutcome(False, "Nothing was scanned.", False)
        return _render(request, order, outcome, status=400)
    outcome = record_scan(
        order=order,
        code=form.cleaned_data["code"],
        actor=actor_of(request),
    )
    # A refused scan is an answer, not a failure: 200 keeps htmx swapping it in.
    return _render(request, order, outcome)


@require_POST
def pack_reset_view(request: HttpRequest, pk: int) -> HttpResponse:
    order = _packable(pk)
    reset_scans(order=order)
    messages.info(request, "Scans cleared: start the parcel again.")
    return redirect("web:order_pack", pk=order.pk)
