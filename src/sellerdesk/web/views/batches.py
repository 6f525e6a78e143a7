"""Pick batches: made from the To ship page, each with its pick list and packing slips."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from sellerdesk.core import clock
from sellerdesk.core.errors import DomainError
from sellerdesk.fulfillment.documents.labels import labels_pdf, labels_zpl
from sellerdesk.fulfillment.documents.packing_slips import packing_slips_pdf
from sellerdesk.fulfillment.documents.pick_list import pick_list_pdf
from sellerdesk.fulfillment.models import PickBatch
from sellerdesk.fulfillment.selectors import (
    batch_list,
    batch_orders,
    batch_pick_list,
    batch_shipments,
    due_today_unbatched,
    labels_to_print,
    ship_by_times,
    shop_profile,
)
from sellerdesk.fulfillment.services import close_batch, create_batch, mark_batch_picked

from ..actors import actor_of
from ..forms import BatchForm


def batch_list_view(request: HttpRequest) -> HttpResponse:
    return render(request, "web/batches/list.html", {"batches": batch_list()[:100]})


@require_POST
def batch_create_view(request: HttpRequest) -> HttpResponse:
    form = BatchForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, " ".join(error for errors in form.errors.values() for error in errors)
        )
        return redirect("web:to_ship")
    chosen = form.cleaned_data["orders"]
    if form.cleaned_data["due_today"]:
        chosen = due_today_unbatched(now=clock.now())
        if not chosen:
            messages.info(request, "Every order due today is already in a batch.")
            return redirect("web:to_ship")
    try:
        batch = create_batch(order_ids=chosen, actor=actor_of(request))
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("web:to_ship")
    messages.success(request, f"Batch {batch.pk} made of {len(chosen)} orders.")
    return redirect("web:batch_detail", pk=batch.pk)


def batch_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_object_or_404(PickBatch, pk=pk)
    orders = batch_orders(batch)
    context = {
        "batch": batch,
        "orders": orders,
        "ship_by": ship_by_times(orders),
        "now": clock.now(),
        "pick": batch_pick_list(orders),
        "shop": shop_profile(),
    }
    return render(request, "web/batches/detail.html", context)


def batch_pick_list_view(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_object_or_404(PickBatch, pk=pk)
    shop = shop_profile()
    pdf = pick_list_pdf(
        batch_pick_list(batch_orders(batch)),
        title=f"Pick list: batch {batch.pk}",
        printed_at=clock.now().astimezone(clock.seller_zone()),
        country_code=shop.country_code if shop else "",
    )
    return _pdf(pdf, f"pick-list-batch-{batch.pk}.pdf")


def batch_packing_slips_view(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_object_or_404(PickBatch, pk=pk)
    pdf = packing_slips_pdf(
        batch_orders(batch), shop=shop_profile(), title=f"Packing slips: batch {batch.pk}"
    )
    return _pdf(pdf, f"packing-slips-batch-{batch.pk}.pdf")


def batch_labels_view(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """Every label of the batch in one file: PDF to print on 4x6 stock, or ZPL."""
    if kind not in ("pdf", "zpl"):
        raise Http404("Labels come as .pdf or .zpl.")
    batch = get_object_or_404(PickBatch, pk=pk)
    shipments = batch_shipments(batch)
    labels = labels_to_print(shipments, shop_profile(), kind)
    if kind == "zpl":
        if not labels:
            raise Http404("No labels to print yet: ship the batch's orders with tracking first.")
        response = HttpResponse(labels_zpl(labels), content_type="application/zpl")
        response["Content-Disposition"] = f'attachment; filename="labels-batch-{batch.pk}.zpl"'
        return response
    return _pdf(
        labels_pdf(labels, title=f"Labels: batch {batch.pk}"), f"labels-batch-{batch.pk}.pdf"
    )


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    # Inline: the browser shows it, ready to print; its own download button keeps the name.
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_POST
def batch_picked_view(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_object_or_404(PickBatch, pk=pk)
    try:
        mark_batch_picked(batch=batch, actor=actor_of(request))
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Batch {batch.pk} marked as picked.")
    return redirect("web:batch_detail", pk=batch.pk)


@require_POST
def batch_close_view(request: HttpRequest, pk: int) -> HttpResponse:
    batch = close_batch(batch=get_object_or_404(PickBatch, pk=pk), actor=actor_of(request))
    messages.success(request, f"Batch {batch.pk} closed; orders not shipped are back in the queue.")
    return redirect("web:batch_detail", pk=batch.pk)
