"""Settings > Shipping: the handling time, cut-off and holidays of each marketplace."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from sellerdesk.channels.models import Marketplace
from sellerdesk.core.errors import DomainError
from sellerdesk.fulfillment.services import set_shipping_calendar

from ..forms import ShippingCalendarForm
from .settings import settings_context, shipping_prefix


@require_POST
def shipping_settings_view(request: HttpRequest, pk: int) -> HttpResponse:
    marketplace = get_object_or_404(Marketplace, pk=pk, is_active=True)
    form = ShippingCalendarForm(request.POST, prefix=shipping_prefix(marketplace))
    if form.is_valid():
        try:
            set_shipping_calendar(marketplace=marketplace, **form.cleaned_data)
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
