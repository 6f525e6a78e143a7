"""A metric result as plain data, for `sellerdesk metrics --json` and the API."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .domain.rates import Rate
from .selectors.counts import Scope
from .selectors.reconcile import Comparison
from .selectors.summary import MetricResult

SIX_PLACES = Decimal("0.000001")


def _rate(rate: Rate) -> dict[str, Any]:
    value = rate.value
    return {
        "numerator": rate.numerator,
        "denominator": rate.denominator,
        # A decimal string, the rate as a fraction (0.005 for 0.5%), to six places.
        "rate": None if value is None else str(value.quantize(SIX_PLACES)),
        "status": str(rate.status),
    }


def result_as_dict(scope: Scope, result: MetricResult) -> dict[str, Any]:
    target = result.policy.target
    return {
        "marketplace": scope.marketplace.code if scope.marketplace else None,
        "fulfillment": scope.fulfillment,
        "metric": str(result.metric),
        "name": result.policy.name,
        "window": {
            "first": result.window.first.isoformat(),
            "last": result.window.last.isoformat(),
        },
        **_rate(result.rate),
        "target": str(target.value),
        "condition": str(target.condition),
        "warn_at": str(target.warn_at),
        "parts": {name: _rate(rate) for name, rate in result.parts.items()},
        "note": result.note,
    }


def comparison_as_dict(comparison: Comparison) -> dict[str, Any]:
    """Amazon's own figure for the metric, and sellerdesk's count over the same days."""
    figure = comparison.figure
    difference = comparison.difference
    return {
        "window": {"first": figure.first_day.isoformat(), "last": figure.last_day.isoformat()},
        "numerator": figure.numerator,
        "denominator": figure.denominator,
        "rate": None if figure.rate is None else str(figure.rate.quantize(SIX_PLACES)),
        "status": figure.status,
        "ours": _rate(comparison.ours),
        # Ours less Amazon's, in percentage points.
        "difference_points": None if difference is None else str(difference),
    }
