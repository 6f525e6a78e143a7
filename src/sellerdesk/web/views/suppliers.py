"""Suppliers: who sells the seller what, at what price and how fast."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from sellerdesk.core.errors import DomainError
from sellerdesk.planning import services
from sellerdesk.planning.models import Supplier, SupplierItem
from sellerdesk.planning.selectors.purchasing import supplier_items, supplier_list

from ..forms.restock import SupplierForm, SupplierItemForm


def supplier_list_view(request: HttpRequest) -> HttpResponse:
    return render(request, "web/restock/suppliers.html", {"suppliers": supplier_list()})


def supplier_view(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """A supplier's details (a new one without `pk`) and what it sells."""
    supplier = get_object_or_404(Supplier, pk=pk) if pk else Supplier()
    form = SupplierForm(request.POST or None, instance=supplier)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_supplier(supplier=form.save(commit=False))
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"{saved.name} saved.")
            return redirect("web:supplier", pk=saved.pk)
    context = {"supplier": supplier, "form": form, "item_form": None, "items": []}
    if supplier.pk:
        context["items"] = supplier_items(supplier)
        context["item_form"] = SupplierItemForm()
    return render(request, "web/restock/supplier.html", context)


@require_POST
def supplier_item_view(request: HttpRequest, pk: int) -> HttpResponse:
    supplier = get_object_or_404(Supplier, pk=pk)
    # Saving a SKU the supplier already sells changes that line.
    existing = SupplierItem.objects.filter(supplier=supplier, sku__code=request.POST.get("sku", ""))
    form = SupplierItemForm(
        request.POST, instance=existing.first() or SupplierItem(supplier=supplier)
    )
    if not form.is_valid():
        for field, errors in form.errors.items():
            messages.error(request, f"{field}: {' '.join(errors)}")
        return redirect("web:supplier", pk=pk)
    try:
        item = services.save_supplier_item(item=form.save_item())
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"{supplier.name} sells {item.sku.code}.")
    return redirect("web:supplier", pk=pk)


@require_POST
def supplier_item_remove_view(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    item = get_object_or_404(SupplierItem, pk=item_pk, supplier_id=pk)
    services.remove_supplier_item(item=item)
    messages.success(request, f"{item.sku.code} removed from {item.supplier.name}.")
    return redirect("web:supplier", pk=pk)
