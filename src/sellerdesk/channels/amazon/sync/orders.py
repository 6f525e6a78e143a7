"""Pulling orders changed since the marketplace's cursor into orders.services."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator

from sellerdesk.channels.models import Marketplace
from sellerdesk.inventory.services import Actor
from sellerdesk.orders import domain
from sellerdesk.orders.services import record_orders

from ..api_orders import order_from_api
from ..flatfile.orders import Storefront
from ..models import MarketplaceSync
from ..spapi import SpApiClient
from ..spapi import operations as api

FIRST_PULL = dt.timedelta(days=30)
# Amazon wants lastUpdatedAfter at least two minutes in the past, and an order changed
# while a page was read may carry a time just before the newest seen: read back a little.
OVERLAP = dt.timedelta(minutes=2)


def pull_orders(
    client: SpApiClient, state: MarketplaceSync, *, actor: Actor, now: dt.datetime
) -> dict[str, int]:
    market = state.marketplace
    since = (state.orders_cursor or now - FIRST_PULL) - OVERLAP
    fronts = {
        m.external_id: Storefront(m.code, m.currency, m.domain)
        for m in Marketplace.objects.filter(channel__code="amazon")
    }
    newest = state.orders_cursor
    skipped: Counter[str] = Counter()

    def orders() -> Iterator[domain.OrderData]:
        nonlocal newest
        for raw in api.search_orders(
            client, marketplace_ids=[market.external_id], last_updated_after=since
        ):
            data = order_from_api(raw, marketplaces=fronts)
            if isinstance(data, str):
                skipped[data] += 1
                continue
            newest = max(newest or data.last_updated_at, data.last_updated_at)
            yield data

    summary = record_orders(orders=orders(), actor=actor, note="Received from the Amazon sync")
    # Never ahead of now less the overlap: Amazon may still add orders changed just before.
    if newest is not None:
        state.orders_cursor = min(newest, now - OVERLAP)
    return {
        "orders_new": summary.created,
        "orders_updated": summary.updated,
        "orders_skipped": sum(skipped.values()),
    }
