"""Settings > Amazon (the Selling Partner API connection) and "sync now"."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from sellerdesk.channels.amazon.selectors import (
    amazon_marketplace_choices,
    sync_status_list,
)
from sellerdesk.channels.amazon.sync import connect_amazon, set_sync_enabled
from sellerdesk.channels.amazon.tasks import sync_amazon_now
from sellerdesk.core.errors import DomainError

from ..forms import AmazonConnectionForm
from ..redirects import back_or
from .settings import settings_context


@sensitive_post_parameters("client_secret", "refresh_token")
def settings_view(request: HttpRequest) -> HttpResponse:
    posted = request.method == "POST"
    form = AmazonConnectionForm(
        request.POST if posted else None, marketplaces=amazon_marketplace_choices()
    )
    if posted and form.is_valid():
        try:
            connect_amazon(**form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "Amazon is connected: the first sync starts within minutes.")
            return redirect("web:settings")
    return render(request, "web/settings.html", settings_context(form))


@require_POST
def sync_now_view(request: HttpRequest) -> HttpResponse:
    marketplace = request.POST.get("marketplace", "")
    if marketplace not in {status.marketplace.code for status in sync_status_list()}:
        messages.error(request, "That marketplace is not synced: connect it under Settings.")
    else:
        sync_amazon_now(marketplace)
        messages.success(
            request, f"Sync of Amazon {marketplace} started: reload to see the result."
        )
    return back_or(request, "web:home")


@require_POST
def sync_pause_view(request: HttpRequest) -> HttpResponse:
    marketplace = request.POST.get("marketplace", "")
    enabled = request.POST.get("enabled") == "1"
    try:
        set_sync_enabled(marketplace=marketplace, enabled=enabled)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        what = "resumed" if enabled else "paused: orders and quantities wait until you resume it"
        messages.success(request, f"The Amazon {marketplace} sync is {what}.")
    return redirect("web:settings")
