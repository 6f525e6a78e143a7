"""Template filters for money and stock changes."""

from __future__ import annotations

import base64
from decimal import Decimal
from typing import Any

from django import template

from sellerdesk.core.money import format_money
from sellerdesk.fulfillment.domain import tracking
from sellerdesk.metrics.domain.rates import percent
from sellerdesk.orders.models import OrderStatus

register = template.Library()


@register.filter
def money(amount: Decimal | None, currency: str) -> str:
    """{{ order.total|money:order.currency }} -> "£12.50"."""
    if amount is None or not currency:
        return ""
    return format_money(amount, currency)


@register.filter
def status_label(status: str) -> str:
    """An order status code as people read it: PartiallyShipped -> "Partially shipped"."""
    return _STATUS_LABELS.get(status, status)


_STATUS_LABELS = dict(OrderStatus.choices)


@register.filter
def signed(value: int) -> str:
    """A ledger change with its sign, blank when nothing changed: +3, -1, ''."""
    return f"{value:+d}" if value else ""


# The direction a column sorts in when first clicked: newest and largest first.
FIRST_DIRECTION = {"purchased": "-purchased", "total": "-total"}


@register.filter
def get_item(mapping: dict[str, Any], key: str) -> Any:
    """`mapping|get_item:key`: a dict lookup with a variable key, which templates lack."""
    return mapping.get(key)


@register.inclusion_tag("web/_partials/sort_header.html", takes_context=True)
def sort_header(context: template.Context, key: str, label: str, target: str) -> dict[str, str]:
    """A column heading that sorts by `key`, and flips the direction when already sorted by it."""
    current = context["filters"].sort
    if current == key:
        wanted, direction = f"-{key}", "ascending"
    elif current == f"-{key}":
        wanted, direction = key, "descending"
    else:
        wanted, direction = FIRST_DIRECTION.get(key, key), ""
    query = context["request"].GET.copy()
    query["sort"] = wanted
    query.pop("page", None)
    return {
        "url": f"?{query.urlencode()}",
        "label": label,
        "direction": direction,
        "target": target,
    }


@register.filter
def b64encode(data: bytes | memoryview) -> str:
    """Bytes as base64 text, for a small image inline in a data: URL."""
    return base64.b64encode(bytes(data)).decode("ascii")


@register.filter
def tracking_url(number: str, carrier: str) -> str:
    """The carrier's tracking page for a number: {{ s.tracking_number|tracking_url:s.carrier }}."""
    return tracking.tracking_url(carrier, number)


@register.filter
def rate_percent(rate: Decimal | None) -> str:
    """A rate (0.0125) as the percentage Amazon shows (1.25%)."""
    return "—" if rate is None else percent(rate)
