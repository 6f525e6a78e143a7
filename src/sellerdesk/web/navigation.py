"""Every capability in the navigation, in the order a seller's day goes."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from django.http import HttpRequest
from django.urls import reverse

from sellerdesk.core import clock
from sellerdesk.messaging.selectors import awaiting_reply_counts
from sellerdesk.orders.selectors import new_order_count

BADGE_CAP = 99
BADGE_TITLES = {
    "home": "New orders",
    "inbox": "Buyer messages near or past their 24 hours",
}


@dataclass(frozen=True, slots=True)
class Feature:
    url_name: str
    label: str
    path: str
    active_for: tuple[str, ...] = ()


FEATURES: tuple[Feature, ...] = (
    Feature("home", "Home", ""),
    Feature("orders", "Orders", "orders/", active_for=("orders", "order_detail", "order_pack")),
    Feature("to_ship", "To ship", "to-ship/", active_for=("batches", "batch_detail")),
    Feature(
        "inventory",
        "Inventory",
        "inventory/",
        active_for=(
            "inventory",
            "sku_detail",
            "stock_counts",
            "stock_count",
            "channel_quantities",
        ),
    ),
    Feature(
        "returns",
        "Returns",
        "returns/",
        active_for=("returns", "return_new", "return_detail", "refunds_to_do", "returns_analytics"),
    ),
    Feature(
        "inbox",
        "Inbox",
        "inbox/",
        active_for=("inbox_thread", "canned_replies", "canned_reply_edit"),
    ),
    Feature(
        "messages",
        "Messages",
        "messages/",
        active_for=(
            "message_outbox",
            "message_reviews",
            "message_templates",
            "message_template",
            "message_template_new",
            "message_rules",
        ),
    ),
    Feature(
        "performance",
        "Performance",
        "performance/",
        active_for=("performance_against",),
    ),
    Feature("analytics", "Analytics", "analytics/"),
    Feature(
        "restock",
        "Restock",
        "restock/",
        active_for=(
            "restock_settings",
            "margins",
            "purchase_orders",
            "purchase_order",
            "suppliers",
            "supplier",
            "supplier_new",
        ),
    ),
    Feature("imports", "Imports", "imports/", active_for=("imports", "import_detail")),
    Feature("settings", "Settings", "settings/", active_for=("settings",)),
)


@dataclass(frozen=True, slots=True)
class NavItem:
    label: str
    url: str
    active: bool
    badge: str = ""
    badge_title: str = ""


class Navigation:
    """Nav items for the layout; the new-orders badge is counted only if a page shows it."""

    def __init__(self, request: HttpRequest) -> None:
        self.request = request

    @cached_property
    def items(self) -> list[NavItem]:
        match = self.request.resolver_match
        current = match.url_name if match and match.namespace == "web" else None
        return [
            NavItem(
                label=feature.label,
                url=reverse(f"web:{feature.url_name}"),
                active=current in feature.active_for or current == feature.url_name,
                # New orders are listed on Home, so that is where their count shows.
                badge=self._badge(feature.url_name),
                badge_title=BADGE_TITLES.get(feature.url_name, ""),
            )
            for feature in FEATURES
        ]

    def _badge(self, url_name: str) -> str:
        if url_name == "home":
            return self.new_orders_badge
        if url_name == "inbox":
            return self.urgent_messages_badge
        return ""

    @cached_property
    def urgent_messages_badge(self) -> str:
        counts = awaiting_reply_counts(now=clock.now())
        urgent = counts.nearing + counts.late
        return str(urgent) if urgent else ""

    @cached_property
    def new_orders_badge(self) -> str:
        count, is_capped = new_order_count(user=self.request.user, now=clock.now(), cap=BADGE_CAP)
        if is_capped:
            return f"{BADGE_CAP}+"
        return str(count) if count else ""
