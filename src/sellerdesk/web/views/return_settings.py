"""Settings > Returns: each channel's return window, label deduction and restocking fee."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from sellerdesk.channels.models import SalesChannel
from sellerdesk.core.errors import DomainError
from sellerdesk.returns.services import set_return_settings

from ..forms.returns import ReturnSettingsForm
from .settings import settings_context


@require_POST
def return_settings_view(request: HttpRequest, pk: int) -> HttpResponse:
    channel = get_object_or_404(SalesChannel, pk=pk)
    form = ReturnSettingsForm(request.POST, prefix=f"r{channel.pk}")
    if form.is_valid():
        try:
            set_return_settings(channel=channel, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"Returns on {channel.name} saved.")
            return redirect("web:settings")
    context = settings_context()
    context["return_settings"] = [
        (other, form if other.pk == channel.pk else other_form)
        for other, other_form in context["return_settings"]
    ]
    return render(request, "web/settings.html", context, status=400)
