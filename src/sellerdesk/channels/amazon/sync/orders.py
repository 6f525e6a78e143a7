"""Pulling orders changed since the marketplace's cursor into orders.services."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.db import transaction

from sellerdesk.inventory.services import Actor
from sellerdesk.orders import domain
from sellerdesk.orders.services import record_first_scans, record_orders

from ..api_orders import UnusableOrder, order_from_api, scanned_packages
from ..models import MarketplaceSync
from ..selectors import amazon_storefronts
from ..spapi import SpApiClient
from ..spapi import operations as api
from .errors import StepErrors

FIRST_PULL = dt.timedelta(days=30)
# Amazon wants lastUpdatedAfter at least two minutes in the past, and an order changed
# while a page was read may carry a time just before the newest seen: read back a little.
OVERLAP = dt.timedelta(minutes=2)


def pull_orders(
    client: SpApiClient, state: MarketplaceSync, *, actor: Actor, now: dt.datetime
) -> dict[str, int]:
    """Record the orders changed since the cursor, a page at a time.

    Each page is recorded in its own short transaction and moves the cursor, so a long
    first pull (Amazon paces searchOrders at one page every three minutes after a burst)
    never holds the database, and a pull cut off half-way resumes where it stopped.
    """
    market = state.marketplace
    since = (state.orders_cursor or now - FIRST_PULL) - OVERLAP
    fronts = amazon_storefronts()
    counts: Counter[str] = Counter()
    problems: list[str] = []
    for page in api.search_order_pages(
        client, marketplace_ids=[market.external_id], last_updated_after=since
    ):
        orders: list[domain.OrderData] = []
        scanned: dict[str, list[str]] = {}
        for raw in page:
            try:
                data = order_from_api(raw, marketplaces=fronts)
            except UnusableOrder as error:
                problems.append(str(error))  # the rest of the page still goes in
                continue
            if isinstance(data, str):
                counts["orders_skipped"] += 1
                continue
            orders.append(data)
            if numbers := scanned_packages(raw):
                scanned[data.external_id] = numbers
        with transaction.atomic():
            summary = record_orders(
                orders=orders, actor=actor, note="Received from the Amazon sync"
            )
            counts["parcels_scanned"] += record_first_scans(
                channel="amazon", scanned=scanned, at=now
            )
            if orders:
                newest = max(data.last_updated_at for data in orders)
                # Never ahead of now less the overlap: Amazon may still add orders changed
                # just before.
                state.orders_cursor = min(max(newest, state.orders_cursor or newest), now - OVERLAP)
                state.save(update_fields=["orders_cursor"])
        counts["orders_new"] += summary.created
        counts["orders_updated"] += summary.updated
    result = {"orders_new": 0, "orders_updated": 0, "orders_skipped": 0, **counts}
    if problems:
        result["orders_unreadable"] = len(problems)
        raise StepErrors(problems, result)
    return result
