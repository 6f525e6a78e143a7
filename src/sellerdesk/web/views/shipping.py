"""Settings > Shipping: the shop's return address and logo, and the handling time, cut-off
and holidays of each marketplace."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from sellerdesk.channels.models import Marketplace
from sellerdesk.core.errors import DomainError
from sellerdesk.fulfillment.selectors import shop_profile
from sellerdesk.fulfillment.services import (
    set_packing_settings,
    set_shipping_calendar,
    set_shop_profile,
)

from ..forms import PackingSettingsForm, ShippingCalendarForm, ShopProfileForm
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


@require_POST
def shop_profile_view(request: HttpRequest) -> HttpResponse:
    form = ShopProfileForm(request.POST, request.FILES, instance=shop_profile(), prefix="shop")
    if form.is_valid():
        details = {name: form.cleaned_data[name] for name in ShopProfileForm.Meta.fields}
        set_shop_profile(
            details=details,
            logo=form.cleaned_data["logo_file"],
            remove_logo=form.cleaned_data["remove_logo"],
        )
        messages.success(request, "Shop details saved: packing slips and labels print them.")
        return redirect("web:settings")
    context = settings_context()
    context["shop_form"] = form
    return render(request, "web/settings.html", context, status=400)


@require_POST
def packing_settings_view(request: HttpRequest) -> HttpResponse:
    form = PackingSettingsForm(request.POST, prefix="packing")
    form.is_valid()  # a checkbox: absent is False, nothing else to refuse
    chosen = set_packing_settings(require_scan=form.cleaned_data["require_scan"])
    if chosen.require_scan:
        messages.success(request, "Every unit must now be scanned before a parcel ships.")
    else:
        messages.success(request, "Scanning is now optional when packing.")
    return redirect("web:settings")
