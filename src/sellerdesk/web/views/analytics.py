"""Analytics: the business at a glance, for a period against the one before, with charts, each
with its numbers as a table and as a CSV file."""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from sellerdesk.channels.models import Marketplace, SalesChannel
from sellerdesk.core import clock
from sellerdesk.core.errors import DomainError
from sellerdesk.metrics import services
from sellerdesk.metrics.currency import converted, rates_to, rounded
from sellerdesk.metrics.models import CurrencyRate
from sellerdesk.metrics.rollups.refresh import refreshed
from sellerdesk.metrics.selectors import sales

from ..query import date_given

DEFAULT_DAYS = 30


def analytics_view(request: HttpRequest) -> HttpResponse:
    period, filters, grain, currency = _choices(request)
    shown = _money(currency)
    with refreshed():
        now, before = sales.totals(period, filters), sales.totals(period.before(), filters)
        series = sales.by_period(period, filters, grain)
        skus = sales.by_sku(period, filters)
        channels = sales.by_channel(period, filters)
        statuses = sales.status_mix(period, filters)
        returned, shipped = sales.return_rate(period, filters)
        time_to_ship = sales.time_to_ship(period, filters)
    rates = list(CurrencyRate.objects.order_by("currency"))
    table = request.GET.get("csv")
    if table:
        return _csv(table, series, skus, channels, statuses, shown)
    revenue_now, revenue_before = shown(now.revenue), shown(before.revenue)
    unconverted = sorted(set(revenue_now) - {currency}) if currency else []
    context: dict[str, Any] = {
        "period": period, "grain": grain, "filters": filters, "currency": currency,
        "now": now, "before": before, "revenue": revenue_now,
        "revenue_change": {
            code: sales.change(amount, revenue_before.get(code, Decimal(0)))
            for code, amount in revenue_now.items()
        },
        "orders_change": sales.change(now.orders, before.orders),
        "units_change": sales.change(now.units, before.units),
        "series": [(row, shown(row.revenue)) for row in series],
        "skus": [(row, shown(row.revenue)) for row in skus],
        "channels": [(row, shown(row.revenue)) for row in channels],
        "statuses": statuses,
        "time_to_ship": time_to_ship,
        "returned": returned, "shipped": shipped,
        "charts": _charts(series, skus, statuses, shown),
        "currencies": _currencies(now, before, rates),
        "rates": rates,
        "channel_choices": SalesChannel.objects.order_by("name"),
        "market_choices": Marketplace.objects.filter(is_active=True).order_by("code"),
        "query": request.GET.urlencode(),
        "unconverted": unconverted,
    }  # fmt: skip
    return render(request, "web/analytics/page.html", context)


@require_POST
def currency_rate_view(request: HttpRequest) -> HttpResponse:
    try:
        rate = Decimal(request.POST.get("rate", "").strip())
        services.save_currency_rate(
            currency=request.POST.get("currency", ""),
            to_currency=request.POST.get("to_currency", ""),
            rate=rate,
        )
    except (ArithmeticError, ValueError):
        messages.error(request, "The rate is a number, e.g. 1.27.")
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Rate saved.")
    return redirect("web:analytics")


@require_POST
def currency_rate_remove_view(request: HttpRequest, pk: int) -> HttpResponse:
    removed = services.remove_currency_rate(pk)
    if removed is None:
        messages.error(request, "That rate was already removed.")
    else:
        messages.success(request, f"Rate {removed} removed: {removed.currency} stays apart.")
    return redirect(reverse("web:analytics") + "#rates")


def _choices(request: HttpRequest) -> tuple[sales.Period, sales.Filters, str, str]:
    today = clock.seller_today()
    last = _date(request, "to", today)
    first = _date(request, "from", last - dt.timedelta(days=DEFAULT_DAYS - 1))
    if first > last:
        first, last = last, first
    grain = request.GET.get("by", "day")
    if grain not in sales.GRAINS:
        grain = "day"
    filters = sales.Filters(
        channel=request.GET.get("channel", ""), marketplace=request.GET.get("marketplace", "")
    )
    return sales.Period(first, last), filters, grain, request.GET.get("currency", "").upper()


def _date(request: HttpRequest, name: str, default: dt.date) -> dt.date:
    return date_given(request, name, default, instead=f"{default:%d %b %Y} instead")


def _money(currency: str) -> Any:
    if not currency:
        return rounded
    rates = rates_to(currency)
    return lambda amounts: converted(amounts, currency, rates)


def _currencies(now: sales.Totals, before: sales.Totals, rates: list[CurrencyRate]) -> list[str]:
    """What sales may be shown in: the marketplaces' currencies, those of the two periods'
    sales (counted already) and of the seller's rates; never a scan of every order."""
    markets = Marketplace.objects.filter(is_active=True).values_list("currency", flat=True)
    pairs = {code for rate in rates for code in (rate.currency, rate.to_currency)}
    return sorted({*markets, *now.revenue, *before.revenue, *pairs})


def _charts(series: list[Any], skus: list[Any], statuses: list[Any], shown: Any) -> dict[str, Any]:
    """The charts' data: one line per currency. Amounts go as decimal strings, which Chart.js
    reads as numbers: money never passes through a float here."""
    currencies = sorted({code for row in series for code in shown(row.revenue)})
    return {
        "revenue": {
            "labels": [row.starts.isoformat() for row in series],
            "series": {
                code: [str(shown(row.revenue).get(code, Decimal(0))) for row in series]
                for code in currencies
            },
            "orders": [row.orders for row in series],
        },
        "skus": {"labels": [row.key for row in skus], "units": [row.units for row in skus]},
        "statuses": {"labels": [s for s, _ in statuses], "counts": [c for _, c in statuses]},
    }


def _csv(
    table: str, series: list[Any], skus: list[Any], channels: list[Any], statuses: list[Any],
    shown: Any,
) -> HttpResponse:  # fmt: skip
    """One row per period, SKU or channel, a sales column per currency: counts are never
    repeated on a second line for a second currency."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="sellerdesk-{table}.csv"'
    out = csv.writer(response)
    if table == "statuses":
        out.writerow(["status", "orders"])
        out.writerows(statuses)
        return response
    rows = {"sales": series, "skus": skus, "channels": channels}.get(table)
    if rows is None:
        raise Http404("No such table.")
    amounts = [shown(row.revenue) for row in rows]
    currencies = sorted({code for found in amounts for code in found})
    first = {"sales": "period starts", "skus": "sku", "channels": "channel"}[table]
    out.writerow([first, "orders", "units", *(f"sales {code}" for code in currencies)])
    for row, found in zip(rows, amounts, strict=True):
        key = row.starts.isoformat() if table == "sales" else row.key
        out.writerow([key, row.orders, row.units, *(found.get(code, "") for code in currencies)])
    return response
