"""Time the real dashboard pages end to end through Django's test Client, as JSON on stdout.

Run by bench.run in a subprocess per database (DATABASE_URL must be set before Django
starts): `python -m bench.pages --today 2026-03-01 --requests 50`. The clock is pinned to
noon of --today in the seller's time zone, where `sellerdesk demo --today` stands its shop.

Each page is fetched a few times to warm up, once more with its SQL captured to count the
queries, then --requests times with time.perf_counter around each request; the samples go
out as they are, for bench.run to summarise over its rounds. After every request the
database connections are closed as a WSGI server closes them (SQLite's at once, PostgreSQL's
only past CONN_MAX_AGE), so SQLite pays its reconnect as it would in production.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import statistics
import sys
import time

WARM_UPS = 5


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--today", type=dt.date.fromisoformat, required=True)
    parser.add_argument("--requests", type=int, default=50)
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sellerdesk.config.settings")
    os.environ["SELLERDESK_ALLOWED_HOSTS"] = "testserver"  # the test Client's host name
    import django

    django.setup()

    from sellerdesk.core import clock

    noon = dt.datetime.combine(args.today, dt.time(12), tzinfo=clock.seller_zone())
    with clock.pinned(noon):
        results = measure(args.requests)
    json.dump(results, sys.stdout)


def measure(requests: int) -> dict:
    from django.contrib.auth import get_user_model
    from django.db import close_old_connections, connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from sellerdesk.orders.models import Order

    orders = Order.objects.count()
    # An order from the middle of the history: its id to search for, its page to open.
    pk, external_id = Order.objects.order_by("pk").values_list("pk", "external_id")[orders // 2]
    user, _ = get_user_model().objects.get_or_create(username="bench")
    client = Client()
    client.force_login(user)
    htmx = {"HX-Request": "true"}
    pages = [
        ("orders, first page", "/orders/", {}),
        ("orders, status Shipped", "/orders/?status=Shipped", {}),
        ("orders, UK and seller-fulfilled", "/orders/?marketplace=UK&fulfillment=seller", {}),
        ("orders, status Shipped (htmx partial)", "/orders/?status=Shipped", htmx),
        ("orders, search an order id", f"/orders/?q={external_id}", {}),
        ("order detail", f"/orders/{pk}/", {}),
        ("home", "/", {}),
        ("home, early warnings (htmx)", "/home/early-warnings/", htmx),
        ("performance", "/performance/?marketplace=US&fulfillment=seller", {}),
        (
            "performance, Late Shipment Rate history (htmx)",
            "/performance/lsr-30/history/?marketplace=US&fulfillment=seller",
            htmx,
        ),
        (
            "performance, Order Defect Rate history (htmx)",
            "/performance/odr/history/?marketplace=US&fulfillment=seller",
            htmx,
        ),
        ("analytics, 30 days", "/analytics/", {}),
        ("restock, what to reorder", "/restock/", {}),
        ("margins, 30 days", "/restock/margins/?days=30", {}),
        ("channel quantities", "/inventory/channels/", {}),
    ]
    close_old_connections()

    def get(url: str, headers: dict[str, str]) -> bytes:
        response = client.get(url, headers=headers)
        close_old_connections()
        if response.status_code != 200:
            raise SystemExit(f"GET {url}: HTTP {response.status_code}")
        return response.content

    # Other work on the machine shows in the numbers: the load average says how much there was.
    busy = [os.getloadavg()[0]]
    results: dict = {"orders": orders, "vendor": connection.vendor, "pages": {}, "load": busy}
    for label, url, headers in pages:
        for _ in range(WARM_UPS):
            content = get(url, headers)
        if "search" in label and external_id.encode() not in content:
            raise SystemExit(f"GET {url}: the order searched for is not on the page")
        with CaptureQueriesContext(connection) as captured:
            get(url, headers)
        queries = len(captured)  # now: the next request clears Django's query log
        samples = []
        for _ in range(requests):
            start = time.perf_counter()
            get(url, headers)
            samples.append((time.perf_counter() - start) * 1000)
        results["pages"][label] = {"queries": queries, "samples": samples}
        busy.append(os.getloadavg()[0])
        print(f"  {label:40} {summary(stats(samples))}  {queries} queries", file=sys.stderr)
    return results


def stats(samples: list[float]) -> dict[str, float]:
    """p50, p95 (nearest rank: the smallest sample at or above 95% of them) and max, in ms."""
    ordered = sorted(samples)
    p95 = ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]
    return {"p50": statistics.median(ordered), "p95": p95, "max": ordered[-1]}


def summary(page: dict[str, float]) -> str:
    return f"p50 {page['p50']:7.1f} ms  p95 {page['p95']:7.1f} ms  max {page['max']:7.1f} ms"


if __name__ == "__main__":
    main()
