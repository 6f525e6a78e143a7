"""Orders as plain JSON-ready dicts, for scripts (the CLI's --json) and later the API.

Buyer details are left out on purpose: personal data leaves sellerdesk only where a
feature needs it, never in a general export. A line's gift message and personalisation are
the buyer's own words (names, dates, wishes), so they are left out unless asked for.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sellerdesk.core.money import Money

from .domain import LINE_MONEY_FIELDS
from .models import Order, OrderLine


def _time(value: dt.datetime | None) -> str | None:
    return None if value is None else value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def _amount(value: Decimal, currency: str) -> str:
    # Exact decimal text at the currency's minor unit: JSON numbers would be floats.
    return str(Money(value, currency).quantized().amount)


def line_as_dict(line: OrderLine, *, include_personal_text: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {
        "line_id": line.external_id,
        "sku": line.sku.code if line.sku else None,
        "channel_sku": line.channel_sku,
        "asin": line.asin,
        "title": line.title,
        "quantity_ordered": line.quantity_ordered,
        "quantity_shipped": line.quantity_shipped,
        "quantity_cancelled": line.quantity_cancelled,
        "currency": line.currency,
    }
    for name in LINE_MONEY_FIELDS:
        data[name] = _amount(getattr(line, name), line.currency)
    data["is_gift"] = line.is_gift
    if include_personal_text:
        data.update(gift_message=line.gift_message, personalisation=line.personalisation)
    return data


def order_as_dict(order: Order, *, include_personal_text: bool = False) -> dict[str, Any]:
    """One order with its lines; expects channel, marketplace and lines to be loaded."""
    return {
        "id": order.pk,
        "order_id": order.external_id,
        "channel": order.channel.code,
        "marketplace": order.marketplace.code if order.marketplace else None,
        "status": order.status,
        "fulfillment": order.fulfillment,
        "purchased_at": _time(order.purchased_at),
        "last_updated_at": _time(order.last_updated_at),
        "earliest_ship_at": _time(order.earliest_ship_at),
        "latest_ship_at": _time(order.latest_ship_at),
        "earliest_delivery_at": _time(order.earliest_delivery_at),
        "latest_delivery_at": _time(order.latest_delivery_at),
        "shipped_at": _time(order.shipped_at),
        "delivered_at": _time(order.delivered_at),
        "cancelled_at": _time(order.cancelled_at),
        "ship_service_level": order.ship_service_level,
        "is_prime": order.is_prime,
        "is_business": order.is_business,
        "currency": order.currency,
        "total": _amount(order.total, order.currency),
        "item_count": order.item_count,
        "lines": [
            line_as_dict(line, include_personal_text=include_personal_text)
            for line in order.lines.all()
        ],
    }
