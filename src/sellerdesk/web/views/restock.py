"""Restock: what to reorder and why, drafting purchase orders from it, its settings, and
what each SKU earns once its cost is known."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from sellerdesk.catalog.models import Sku
from sellerdesk.core import clock
from sellerdesk.core.errors import DomainError
from sellerdesk.planning.models import RestockPolicy
from sellerdesk.planning.selectors.margins import margin_totals, sku_margin_list
from sellerdesk.planning.selectors.restock import restock_list, restock_policy
from sellerdesk.planning.services import create_purchase_orders, save_restock_policy

from ..actors import actor_of
from ..forms.restock import RestockPolicyForm


def restock_view(request: HttpRequest) -> HttpResponse:
    show_all = request.GET.get("show") == "all"
    policy = restock_policy()
    rows = restock_list(policy=policy)
    due = [row for row in rows if row.to_order]
    return render(
        request,
        "web/restock/list.html",
        {
            "rows": rows if show_all else due,
            "due_count": len(due),
            "all_count": len(rows),
            "show_all": show_all,
            "cover_days": policy.cover_days,
        },
    )


@require_POST
def restock_order_view(request: HttpRequest) -> HttpResponse:
    """Draft purchase orders for the SKUs ticked, at the quantities entered."""
    picked = request.POST.getlist("pick")
    skus = {
        str(sku.pk): sku for sku in Sku.objects.filter(pk__in=[p for p in picked if p.isdigit()])
    }
    try:
        picks = [
            (skus[pk], _quantity(request.POST.get(f"quantity_{pk}", ""), skus[pk]))
            for pk in picked
            if pk in skus
        ]
        orders = create_purchase_orders(picks=picks, actor=actor_of(request))
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("web:restock")
    numbers = ", ".join(order.number for order in orders)
    messages.success(request, f"Drafted {numbers}: check them, then send each to its supplier.")
    if len(orders) == 1:
        return redirect("web:purchase_order", pk=orders[0].pk)
    return redirect("web:purchase_orders")


def _quantity(text: str, sku: Sku) -> int:
    if not text.strip().isdigit():
        raise DomainError(f"{sku.code}: enter how many to order as a whole number, not {text!r}.")
    return int(text)


def restock_settings_view(request: HttpRequest) -> HttpResponse:
    current = RestockPolicy.objects.first() or RestockPolicy()
    form = RestockPolicyForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        try:
            save_restock_policy(policy=form.save(commit=False))
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "Restock settings saved.")
            return redirect("web:restock")
    return render(request, "web/restock/settings.html", {"form": form})


MARGIN_PERIODS = (7, 30, 90, 365)


def margins_view(request: HttpRequest) -> HttpResponse:
    """Gross margin per SKU over the last days of orders placed, today included."""
    chosen = request.GET.get("days", "30")
    days = int(chosen) if chosen.isdigit() and int(chosen) in MARGIN_PERIODS else 30
    today = clock.seller_today()
    rows = sku_margin_list(first=today - dt.timedelta(days=days - 1), last=today)
    return render(
        request,
        "web/restock/margins.html",
        {"rows": rows, "totals": margin_totals(rows), "days": days, "periods": MARGIN_PERIODS},
    )
