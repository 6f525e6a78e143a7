"""Purchase orders: the list, one order to edit, send, receive in parts and close."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from sellerdesk.core.errors import DomainError
from sellerdesk.fulfillment.models import ShopProfile
from sellerdesk.planning import services
from sellerdesk.planning.documents import purchase_order_pdf
from sellerdesk.planning.models import PurchaseOrder
from sellerdesk.planning.selectors.purchasing import (
    PurchaseOrderView,
    purchase_order_get,
    purchase_order_list,
)

from ..actors import actor_of
from ..forms.restock import PurchaseOrderForm, ReceiveForm


def purchase_order_list_view(request: HttpRequest) -> HttpResponse:
    open_only = request.GET.get("show") != "all"
    return render(
        request,
        "web/restock/purchase_orders.html",
        {"orders": purchase_order_list(open_only=open_only), "open_only": open_only},
    )


def _get(pk: int) -> PurchaseOrderView:
    try:
        return purchase_order_get(pk)
    except PurchaseOrder.DoesNotExist:
        raise Http404("No such purchase order") from None


def purchase_order_view(request: HttpRequest, pk: int) -> HttpResponse:
    view = _get(pk)
    order = view.order
    edit = PurchaseOrderForm(
        request.POST or None,
        lines=view.lines,
        initial={
            "extra_costs": order.extra_costs, "spread_by": order.spread_by,
            "exchange_rate": order.exchange_rate, "expected_on": order.expected_on,
            "notes": order.notes,
        },
    )  # fmt: skip
    if request.method == "POST" and not view.is_open:
        messages.error(request, f"{order.number} is closed: it cannot change.")
        return redirect("web:purchase_order", pk=pk)
    if request.method == "POST" and edit.is_valid():
        data = edit.cleaned_data
        try:
            services.update_purchase_order(
                order=order, lines=edit.line_changes(), extra_costs=data["extra_costs"],
                spread_by=data["spread_by"], exchange_rate=data["exchange_rate"],
                expected_on=data["expected_on"], notes=data["notes"],
            )  # fmt: skip
        except DomainError as error:
            edit.add_error(None, error.message)
        else:
            messages.success(request, f"{order.number} saved.")
            return redirect("web:purchase_order", pk=pk)
    receive = ReceiveForm(lines=view.lines, initial={"received_before": view.received})
    return render(
        request, "web/restock/purchase_order.html", {"view": view, "edit": edit, "receive": receive}
    )


@require_POST
def purchase_order_receive_view(request: HttpRequest, pk: int) -> HttpResponse:
    view = _get(pk)
    form = ReceiveForm(request.POST, lines=view.lines)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect("web:purchase_order", pk=pk)
    try:
        received = services.receive_purchase_order(
            order=view.order, quantities=form.quantities(), actor=actor_of(request),
            received_before=form.cleaned_data["received_before"],
        )  # fmt: skip
    except DomainError as error:
        messages.error(request, error.message)
    else:
        units = sum(form.quantities().values())
        messages.success(
            request, f"{units} units of {len(received)} SKUs put on {view.order.location.name}."
        )
    return redirect("web:purchase_order", pk=pk)


@require_POST
def purchase_order_send_view(request: HttpRequest, pk: int) -> HttpResponse:
    view = _get(pk)
    try:
        if request.POST.get("by") == "email":
            services.email_purchase_order(order=view.order, actor=actor_of(request))
            messages.success(
                request, f"{view.order.number} emailed to {view.order.supplier.email}."
            )
        else:
            services.mark_purchase_order_sent(order=view.order, actor=actor_of(request))
            messages.success(request, f"{view.order.number} marked as sent.")
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("web:purchase_order", pk=pk)


@require_POST
def purchase_order_close_view(request: HttpRequest, pk: int) -> HttpResponse:
    view = _get(pk)
    try:
        order = services.close_purchase_order(order=view.order, actor=actor_of(request))
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, f"{order.number} {order.get_status_display().lower()}: nothing more is due."
        )
    return redirect("web:purchase_order", pk=pk)


def purchase_order_pdf_view(request: HttpRequest, pk: int) -> HttpResponse:
    view = _get(pk)
    pdf = purchase_order_pdf(view.order, shop=ShopProfile.objects.first())
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{view.order.number}.pdf"'
    return response
