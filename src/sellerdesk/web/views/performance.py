"""Performance: Amazon's account-health metrics from sellerdesk's own data, each with its
history, the orders that count against it, and the seller's windows and targets."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from sellerdesk.core import clock
from sellerdesk.core.errors import DomainError
from sellerdesk.metrics import services
from sellerdesk.metrics.defect_file import read_defect_file
from sellerdesk.metrics.domain.policy import DEFAULTS, Metric
from sellerdesk.metrics.models import MetricSetting
from sellerdesk.metrics.selectors.against import counted_against
from sellerdesk.metrics.selectors.counts import Scope
from sellerdesk.metrics.selectors.reconcile import amazon_comparisons
from sellerdesk.metrics.selectors.summary import (
    UnknownMarketplace,
    metric_history,
    metric_summary,
    metrics_of,
    policy_list,
    scope_list,
)
from sellerdesk.orders.models import Order

from ..actors import actor_of
from ..forms.performance import DefectForm, MetricSettingForm
from ..query import date_given
from ..redirects import back_or

HISTORY_DAYS = 30


def performance_view(request: HttpRequest) -> HttpResponse:
    scopes = scope_list()
    scope, as_of = _scope(request, scopes), _as_of(request)
    chosen = [scope] if scope is not None else []
    markets = sorted({s.marketplace.code for s in [*scopes, *chosen] if s.marketplace})
    context: dict[str, Any] = {"markets": markets, "scope": scope, "as_of": as_of}
    if scope is not None:
        policies = policy_list()  # read once for the table and Amazon's figures
        comparisons = amazon_comparisons(scope, policies)
        context["results"] = [
            (result, comparisons.get(result.metric))
            for result in metric_summary(scope, as_of, policies)
        ]
        context["query"] = _query(scope, as_of)
    context["defect_form"] = DefectForm(initial={"on": clock.now().date()})
    context["settings"] = _settings_rows()
    return render(request, "web/performance/page.html", context)


def performance_history_view(request: HttpRequest, metric: str) -> HttpResponse:
    """One metric's chart and its numbers (htmx: the page asks for each after it loads)."""
    scope, as_of, chosen = _scope(request, scope_list()), _as_of(request), _metric(metric)
    if scope is None:
        raise Http404("No Amazon marketplace is active.")
    policy = policy_list()[chosen]
    points = metric_history(scope, policy, as_of, days=HISTORY_DAYS)
    chart = {
        "label": policy.name,
        "days": [day.isoformat() for day, _ in points],
        "rates": [_percent(rate.value) for _, rate in points],
        "target": _percent(policy.target.value),
    }
    context = {
        "policy": policy, "points": points, "chart": chart, "chart_id": f"chart-{metric}",
        "data_id": f"chart-{metric}-data",
    }  # fmt: skip
    return render(request, "web/performance/_history.html", context)


def performance_against_view(request: HttpRequest, metric: str) -> HttpResponse:
    scope, as_of, chosen = _scope(request, scope_list()), _as_of(request), _metric(metric)
    if scope is None:
        raise Http404("No Amazon marketplace is active.")
    if chosen not in metrics_of(scope):
        raise Http404(f"{DEFAULTS[chosen].name} counts seller-fulfilled orders only.")
    policy, rows = counted_against(chosen, scope, as_of)
    context = {
        "policy": policy, "window": policy.window(as_of), "rows": rows, "scope": scope,
        "as_of": as_of, "query": _query(scope, as_of),
    }  # fmt: skip
    return render(request, "web/performance/against.html", context)


@require_POST
def performance_defect_view(request: HttpRequest) -> HttpResponse:
    form = DefectForm(request.POST)
    if not form.is_valid():
        problems = "; ".join(f"{e}" for errors in form.errors.values() for e in errors)
        messages.error(request, f"Not recorded: {problems}")
        return redirect("web:performance")
    data = form.cleaned_data
    orders = Order.objects.filter(external_id=data["order_id"].strip())
    if orders.count() != 1:
        messages.error(request, f"No single order has the id {data['order_id']!r}.")
        return redirect("web:performance")
    order, actor = orders.get(), actor_of(request)
    # Midday of the day given, or now when that is still ahead (today, in the morning).
    at = min(dt.datetime.combine(data["on"], dt.time(12), tzinfo=dt.UTC), clock.now())
    try:
        if data["defect"] == "feedback":
            services.record_feedback(order=order, stars=data["stars"], left_at=at, actor=actor)
        elif data["defect"] == "claim":
            services.record_claim(
                order=order, state=data["claim_state"], filed_at=at, actor=actor,
                protected=data["protected"],
            )  # fmt: skip
        else:
            services.record_chargeback(
                order=order, kind=data["chargeback_kind"], filed_at=at, actor=actor
            )
    except DomainError as error:
        messages.error(request, f"Not recorded: {error.message}")
    else:
        messages.success(request, f"Recorded against order {order.external_id}.")
    return redirect("web:performance")


@require_POST
def performance_defect_file_view(request: HttpRequest) -> HttpResponse:
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, "Choose the file to import.")
        return redirect(reverse("web:performance") + "#defects")
    try:
        rows = read_defect_file(upload, upload.name or "upload")
        count = services.import_defects(
            rows=rows, actor=actor_of(request), source=upload.name or ""
        )
    except DomainError as error:
        messages.error(request, f"Nothing imported: {error.message}")
    else:
        messages.success(request, f"Recorded {count} from {upload.name}.")
    return redirect(reverse("web:performance") + "#defects")


@require_POST
def performance_cancelled_by_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Say who cancelled an order the channel did not say of: the buyer's own request does
    not count against the cancellation rate."""
    order = get_object_or_404(Order, pk=pk)
    try:
        services.set_cancelled_by(
            order=order, cancelled_by=request.POST.get("cancelled_by", ""), actor=actor_of(request)
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Order {order.external_id}: who cancelled saved.")
    return back_or(request, reverse("web:performance"))


@require_POST
def performance_setting_view(request: HttpRequest, metric: str) -> HttpResponse:
    chosen = _metric(metric)
    form = MetricSettingForm(request.POST, prefix=chosen.value)
    if form.is_valid():
        try:
            services.save_metric_setting(metric=chosen, **form.rates())
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"{DEFAULTS[chosen].name}: saved.")
    else:
        messages.error(request, f"{DEFAULTS[chosen].name}: check the numbers.")
    return redirect(reverse("web:performance") + "#settings")


def _settings_rows() -> list[dict[str, Any]]:
    saved = {s.metric: s for s in MetricSetting.objects.all()}
    rows = []
    for metric in Metric:
        setting = saved.get(metric)
        initial = {}
        if setting is not None:
            initial = {
                "days": setting.days, "offset_days": setting.offset_days,
                "target": _hundred(setting.target), "warn_at": _hundred(setting.warn_at),
            }  # fmt: skip
        rows.append({
            "metric": metric, "default": DEFAULTS[metric],
            "form": MetricSettingForm(initial=initial, prefix=metric.value),
        })  # fmt: skip
    return rows


def _scope(request: HttpRequest, scopes: list[Scope]) -> Scope | None:
    """The marketplace asked for (any Amazon one), else the first the seller sells on."""
    market = request.GET.get("marketplace", "")
    if market:
        try:
            scopes = scope_list(market)
        except UnknownMarketplace as error:
            raise Http404(str(error)) from None
    fulfillment = request.GET.get("fulfillment", "seller")
    for scope in scopes:
        if scope.fulfillment == fulfillment:
            return scope
    return scopes[0] if scopes else None


def _as_of(request: HttpRequest) -> dt.date:
    return date_given(request, "as_of", clock.now().date(), instead="showing today")


def _metric(value: str) -> Metric:
    try:
        return Metric(value)
    except ValueError:
        raise Http404("No such metric.") from None


def _query(scope: Scope, as_of: dt.date) -> str:
    market = scope.marketplace.code if scope.marketplace else ""
    return f"marketplace={market}&fulfillment={scope.fulfillment}&as_of={as_of.isoformat()}"


def _percent(value: Decimal | None) -> float | None:
    # For the chart and the form only; the numbers shown come from the exact Decimals.
    return None if value is None else float(round(value * 100, 3))


def _hundred(value: Decimal | None) -> Decimal | None:
    # As typed: 90, not 9E+1.
    return None if value is None else Decimal(f"{(value * 100).normalize():f}")
