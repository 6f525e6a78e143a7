"""Settings > Shipping: the handling time, cut-off and holidays of each marketplace."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from sellerdesk.channels.models import Marketplace
from sellerdesk.core.errors import DomainError
from sellerdesk.fulfillment.services import set_holidays, set_shipping_settings

from ..forms import ShippingCalendarForm
from .settings import settings_context


@require_POST
def shipping_settings_view(request: HttpRequest, code: str) -> HttpResponse:
    marketplace = get_object_or_404(Marketplace, code=code, is_active=True)
    form = ShippingCalendarForm(request.POST, prefix=marketplace.code)
    if form.is_valid():
        try:
            set_shipping_settings(
                marketplace=marketplace,
                handling_days=form.cleaned_data["handling_days"],
                cutoff=form.cleaned_data["cutoff"],
            )
            set_holidays(marketplace=marketplace, holidays=form.cleaned_data["holidays"])
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"Shipping in {marketplace.name} saved.")
            return redirect("web:settings")
    context = settings_context()
    context["shipping"] = [
        (market, form if market.pk == marketplace.pk else other)
        for market, other in context["shipping"]
    ]
    return render(request, "web/settings.html", context, status=400)
