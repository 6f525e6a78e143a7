"""The order list for the command line: options checked against real values, and one row a line."""

from __future__ import annotations

from typing import Any

from sellerdesk.channels.models import Marketplace, SalesChannel
from sellerdesk.core import clock
from sellerdesk.core.money import format_money

from .models import Fulfillment, Order, OrderStatus
from .selectors import OrderFilters


def _choice(
    value: str | None, allowed: list[str], what: str, labels: dict[str, str] | None = None
) -> str:
    """The allowed value `value` names, by value or by its label ("Cancelled" for Canceled)."""
    if not value:
        return ""
    wanted = value.lower()
    matches = [
        item for item in allowed if wanted in (item.lower(), (labels or {}).get(item, item).lower())
    ]
    if not matches:
        raise ValueError(f"Unknown {what} {value!r}. Choose one of: {', '.join(allowed)}.")
    return matches[0]


def order_filters_from_options(options: dict[str, Any]) -> OrderFilters:
    """Filters from CLI options; an unknown value is an error that lists the valid ones."""
    return OrderFilters(
        status=_choice(
            options.get("status"), list(OrderStatus.values), "status", dict(OrderStatus.choices)
        ),
        channel=_choice(
            options.get("channel"),
            list(SalesChannel.objects.values_list("code", flat=True)),
            "channel",
        ),
        marketplace=_choice(
            options.get("marketplace"),
            sorted(set(Marketplace.objects.values_list("code", flat=True))),
            "marketplace",
        ),
        fulfillment=_choice(options.get("fulfillment"), list(Fulfillment.values), "fulfilment"),
        q=(options.get("search") or "").strip(),
    )


def format_order_row(order: Order) -> str:
    zone = clock.seller_zone()
    purchased = order.purchased_at.astimezone(zone).strftime("%Y-%m-%d %H:%M")
    ship_by = (
        order.latest_ship_at.astimezone(zone).strftime("%Y-%m-%d") if order.latest_ship_at else "-"
    )
    where = order.marketplace.code if order.marketplace else order.channel.code
    total = format_money(order.total, order.currency)
    return (
        f"{order.external_id:<22} {purchased}  {where:<6} {order.fulfillment:<7} "
        f"{order.status:<18} {order.item_count:>3}  {total:>12}  ship by {ship_by}"
    )
