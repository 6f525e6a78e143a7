"""Labels on the order page: each shipment's label to print, and labels bought from Amazon."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from sellerdesk.channels.amazon.buy_shipping import AmazonBuyShipping
from sellerdesk.core.errors import DomainError
from sellerdesk.fulfillment.carriers import LabelCarrier, LabelRequest, PrintedLabelCarrier
from sellerdesk.fulfillment.documents.labels import labels_pdf, labels_zpl
from sellerdesk.fulfillment.models import ShippingLabel
from sellerdesk.fulfillment.selectors import bought_document, labels_to_print, shop_profile
from sellerdesk.fulfillment.services import ship_with_label, void_label
from sellerdesk.orders.models import Shipment
from sellerdesk.orders.selectors import order_get

from ..actors import actor_of
from ..forms import BuyLabelForm, ParcelForm
from .ship import detail_context


def shipment_label_view(request: HttpRequest, pk: int, shipment_pk: int, kind: str) -> HttpResponse:
    """The parcel's label: the one bought, as it came, else a 4x6 one made for it."""
    if kind not in ("pdf", "zpl"):
        raise Http404("Labels come as .pdf or .zpl.")
    shipment = get_object_or_404(
        Shipment.objects.select_related("order", "order__buyer"), pk=shipment_pk, order_id=pk
    )
    name = f"label-{shipment.order.external_id}-{shipment.pk}"
    bought = bought_document(shipment)
    if kind == "pdf" and bought is not None and bought.content_type == "application/pdf":
        return _pdf(bytes(bought.document), name)
    labels = labels_to_print([shipment], shop_profile(), kind)
    if not labels:
        raise Http404(
            "No label to print: the parcel has no tracking number, its label was voided, or "
            "(for ZPL) it was bought as an image."
        )
    if kind == "zpl":
        response = HttpResponse(labels_zpl(labels), content_type="application/zpl")
        response["Content-Disposition"] = f'attachment; filename="{name}.zpl"'
        return response
    return _pdf(labels_pdf(labels, title=f"Label {shipment.order.external_id}"), name)


def _pdf(document: bytes, name: str) -> HttpResponse:
    response = HttpResponse(document, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
    return response


@require_POST
def buy_rates_view(request: HttpRequest, pk: int) -> HttpResponse:
    detail = order_get(pk)
    if detail is None:
        raise Http404("No such order.")
    form = ParcelForm(request.POST, prefix="parcel")
    rates = []
    if form.is_valid():
        try:
            rates = AmazonBuyShipping(shop_profile()).rates(detail.order, {}, form.parcel())
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            if not rates:
                form.add_error(None, "Amazon offers no service for this parcel; check its size.")
    context = detail_context(detail)
    context.update(parcel_form=form, rates=rates)
    return render(request, "web/orders/detail.html", context, status=200 if rates else 400)


@require_POST
def buy_label_view(request: HttpRequest, pk: int) -> HttpResponse:
    detail = order_get(pk)
    if detail is None:
        raise Http404("No such order.")
    form = BuyLabelForm(request.POST, prefix="parcel")
    if form.is_valid():
        try:
            shipment = ship_with_label(
                order=detail.order,
                carrier=AmazonBuyShipping(shop_profile()),
                request=LabelRequest(parcel=form.parcel(), rate=form.rate()),
                actor=actor_of(request),
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                f"Label bought: {shipment.carrier} {shipment.tracking_number}. Amazon has the "
                "tracking already.",
            )
    else:
        messages.error(request, "The rate was not understood: ask for rates again.")
    return redirect("web:order_detail", pk=pk)


def _carrier_of(label: ShippingLabel) -> LabelCarrier:
    if label.provider == "amazon":
        return AmazonBuyShipping(shop_profile())
    return PrintedLabelCarrier()


@require_POST
def label_void_view(request: HttpRequest, pk: int, label_pk: int) -> HttpResponse:
    label = get_object_or_404(
        ShippingLabel.objects.select_related("order"), pk=label_pk, order_id=pk
    )
    try:
        void_label(label=label, carrier=_carrier_of(label), actor=actor_of(request))
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Label voided: give the parcel a new label below.")
    return redirect("web:order_detail", pk=pk)
