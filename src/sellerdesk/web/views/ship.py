"""Shipping an order from its page: one or more packages, each with a checked tracking number;
a new label for a parcel whose label was voided; then, by hand, its delivery."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from sellerdesk.core import clock
from sellerdesk.core.errors import DomainError
from sellerdesk.fulfillment.selectors import labels_in_use, loose_labels
from sellerdesk.fulfillment.services import Package, relabel_shipment, ship_packages
from sellerdesk.orders import domain as order_rules
from sellerdesk.orders.selectors import OrderDetail, order_get
from sellerdesk.orders.services import mark_delivered
from sellerdesk.planning.selectors.margins import order_margin

from ..actors import actor_of
from ..forms import DeliveredForm, LabelForm, PackageForm, ParcelForm

MAX_PACKAGES = 10
RELABELLABLE = (
    order_rules.PARTIALLY_SHIPPED,
    order_rules.SHIPPED,
    order_rules.INVOICE_UNCONFIRMED,
)


def package_forms(
    detail: OrderDetail, data: object = None, count: int = 1, blank: int = 0
) -> list[PackageForm]:
    """A form per package, the last `blank` of them new and empty; the first holds every
    open unit until the seller splits them."""
    order = detail.order
    if not order_rules.can_ship(status=order.status, fulfillment=order.fulfillment):
        return []
    lines = [item.line for item in detail.lines if item.line.quantity_open > 0]
    count = max(1, min(count, MAX_PACKAGES))
    return [
        PackageForm(
            data if number < count - blank else None,
            lines=lines,
            fill=number == 0,
            prefix=f"p{number}",
        )
        for number in range(count)
    ]


def detail_context(
    detail: OrderDetail,
    packages: list[PackageForm] | None = None,
    delivered: DeliveredForm | None = None,
    relabel: tuple[int, LabelForm] | None = None,
) -> dict[str, object]:
    order = detail.order
    now = clock.now()
    if delivered is None and order_rules.can_mark_delivered(
        status=order.status, fulfillment=order.fulfillment
    ):
        delivered = DeliveredForm(initial={"delivered_at": now.astimezone(clock.seller_zone())})
    return {
        "detail": detail,
        "order": order,
        "now": now,
        "packages": package_forms(detail) if packages is None else packages,
        "max_packages": MAX_PACKAGES,
        "delivered_form": delivered,
        "relabel_forms": _relabel_forms(detail, relabel),
        "labels": labels_in_use([shipment.pk for shipment in detail.shipments]),
        "loose_labels": loose_labels(order.pk),
        # Amazon sells labels for its own orders only.
        "parcel_form": ParcelForm(prefix="parcel")
        if order.channel.code == "amazon"
        and order_rules.can_ship(status=order.status, fulfillment=order.fulfillment)
        else None,
        "rates": [],
        "margin": order_margin(order),
    }


def _relabel_forms(
    detail: OrderDetail, bound: tuple[int, LabelForm] | None
) -> dict[int, LabelForm]:
    """A new-label form per shipment while the order's labels may still change."""
    if detail.order.status not in RELABELLABLE:
        return {}
    forms = {
        shipment.pk: LabelForm(prefix=f"s{shipment.pk}", initial={"carrier": shipment.carrier})
        for shipment in detail.shipments
    }
    if bound:
        forms[bound[0]] = bound[1]
    return forms


@require_POST
def order_ship_view(request: HttpRequest, pk: int) -> HttpResponse:
    detail = order_get(pk)
    if detail is None:
        raise Http404("No such order.")
    sent = request.POST.get("packages", "1")
    count = int(sent) if sent.isdigit() else 1
    if "add_package" in request.POST:
        forms = package_forms(detail, request.POST, count + 1, blank=1)
        return render(request, "web/orders/detail.html", detail_context(detail, forms))
    forms = package_forms(detail, request.POST, count)
    if forms and all(form.is_valid() for form in forms):
        packages = [
            Package(
                carrier=form.cleaned_data["carrier"],
                carrier_name=form.cleaned_data["carrier_name"],
                service=form.cleaned_data["service"],
                tracking_number=form.cleaned_data["tracking_number"],
                quantities=form.quantities(),
            )
            for form in forms
        ]
        try:
            ship_packages(
                order=detail.order,
                packages=packages,
                actor=actor_of(request),
            )
        except DomainError as error:
            forms[0].add_error(None, error.message)
        else:
            messages.success(request, f"Order {detail.order.external_id} shipped.")
            return redirect("web:order_detail", pk=pk)
    elif not forms:
        messages.error(request, "This order cannot be shipped from here.")
        return redirect("web:order_detail", pk=pk)
    return render(request, "web/orders/detail.html", detail_context(detail, forms), status=400)


@require_POST
def order_delivered_view(request: HttpRequest, pk: int) -> HttpResponse:
    detail = order_get(pk)
    if detail is None:
        raise Http404("No such order.")
    form = DeliveredForm(request.POST)
    if form.is_valid():
        try:
            mark_delivered(
                order=detail.order,
                at=form.cleaned_data["delivered_at"],
                actor=actor_of(request),
            )
        except DomainError as error:
            form.add_error("delivered_at", error.message)
        else:
            messages.success(request, f"Order {detail.order.external_id} marked delivered.")
            return redirect("web:order_detail", pk=pk)
    context = detail_context(detail, delivered=form)
    return render(request, "web/orders/detail.html", context, status=400)


@require_POST
def shipment_relabel_view(request: HttpRequest, pk: int, shipment_pk: int) -> HttpResponse:
    detail = order_get(pk)
    shipment = next((s for s in detail.shipments if s.pk == shipment_pk), None) if detail else None
    if detail is None or shipment is None:
        raise Http404("No such shipment on this order.")
    form = LabelForm(request.POST, prefix=f"s{shipment.pk}")
    if form.is_valid():
        label = Package(
            carrier=form.cleaned_data["carrier"],
            carrier_name=form.cleaned_data["carrier_name"],
            service=form.cleaned_data["service"],
            tracking_number=form.cleaned_data["tracking_number"],
        )
        try:
            relabel_shipment(
                shipment=shipment,
                label=label,
                actor=actor_of(request),
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "New label saved; the channel will be sent its tracking.")
            return redirect("web:order_detail", pk=pk)
    context = detail_context(detail, relabel=(shipment.pk, form))
    return render(request, "web/orders/detail.html", context, status=400)
