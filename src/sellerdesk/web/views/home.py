"""Home: what happened since the last visit, what must ship today, what is running low."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from sellerdesk.core import clock
from sellerdesk.metrics.selectors.warnings import early_warnings
from sellerdesk.orders.services import mark_orders_seen

from ..dashboard import home_summary
from ..forms import MarkSeenForm


def home(request: HttpRequest) -> HttpResponse:
    summary = home_summary(user=request.user, now=clock.now())
    return render(request, "web/home.html", {"summary": summary})


@require_POST
def mark_seen(request: HttpRequest) -> HttpResponse:
    form = MarkSeenForm(request.POST)
    if form.is_valid():
        mark_orders_seen(user=request.user, until=form.cleaned_data["until"])
    else:
        messages.error(request, "Could not mark orders as seen: reload the page and try again.")
    return redirect("web:home")


def early_warnings_view(request: HttpRequest) -> HttpResponse:
    """Home's early-warnings panel, asked for by the page once it has loaded (htmx)."""
    return render(
        request, "web/_partials/early_warnings.html", {"warnings": early_warnings(now=clock.now())}
    )
