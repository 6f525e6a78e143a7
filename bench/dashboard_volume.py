"""Seed a scratch database with many orders and time the dashboard's reads.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_sd \
        .venv/bin/python bench/dashboard_volume.py --orders 1000000

Refuses a database that already holds orders unless --reuse is given (then it only times).
Numbers go to docs/ by hand; this is not part of the test suite.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sellerdesk.config.settings")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from sellerdesk.catalog.models import Product, Sku  # noqa: E402
from sellerdesk.channels.models import Marketplace, SalesChannel  # noqa: E402
from sellerdesk.core import bulk, clock  # noqa: E402
from sellerdesk.inventory.models import Location, StockLevel  # noqa: E402
from sellerdesk.orders.models import BuyerDetails, Order, OrderLine  # noqa: E402

NAMES = ["Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "Ken", "Radia", "Linus"]
SURNAMES = ["Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Allen", "Thompson"]


def seed(count: int, now: dt.datetime) -> None:
    rng = random.Random(7)
    amazon = SalesChannel.objects.get(code="amazon")
    etsy = SalesChannel.objects.get(code="etsy")
    markets = list(Marketplace.objects.filter(code__in=["US", "UK", "DE", "JP"]))
    product = Product.objects.create(title="Rings")
    skus = Sku.objects.bulk_create(
        Sku(product=product, code=f"RING-{i:04d}", title=f"Ring {i}", low_stock_threshold=3)
        for i in range(500)
    )
    shelf = Location.objects.create(code="SHELF", name="Shelf", pick_order=1)
    fba = Location.objects.create(code="FBA-NA", name="FBA NA", kind="fba", amazon_region="NA")
    StockLevel.objects.bulk_create(
        StockLevel(sku=s, location=loc, on_hand=rng.randint(0, 20), reserved=0, updated_at=now)
        for s in skus
        for loc in (shelf, fba)
    )
    span = dt.timedelta(days=3 * 365).total_seconds()
    order_ids = bulk.next_ids(Order, count)
    line_id = bulk.next_ids(OrderLine, 1).start
    orders, lines, buyers = [], [], []
    for oid in order_ids:
        age = dt.timedelta(seconds=span * (rng.random() ** 1.3))
        purchased = now - age
        recent = age < dt.timedelta(days=3)
        status = "Unshipped" if recent and rng.random() < 0.7 else "Shipped"
        if not recent and rng.random() < 0.00005:
            status = "Unshipped"  # stuck, overdue
        if rng.random() < 0.02:
            status = "Canceled"
        fulfil = "seller" if rng.random() < 0.75 else "amazon"
        market = rng.choice(markets)
        channel = amazon if rng.random() < 0.95 else etsy
        ship_by = purchased + dt.timedelta(days=2)
        qty = rng.randint(1, 3)
        total = Decimal(rng.randint(1000, 20000)) / 100
        orders.append(
            (
                oid,
                channel.pk,
                market.pk if channel is amazon else None,
                f"{oid:03d}-{rng.randint(0, 9999999):07d}",
                status,
                fulfil,
                purchased,
                purchased,
                purchased + dt.timedelta(minutes=5),
                purchased + dt.timedelta(days=1),
                # Channels other than Amazon send no ship-by: sellerdesk works it out.
                ship_by if channel is amazon else None,
                ship_by + dt.timedelta(days=2),
                ship_by + dt.timedelta(days=5),
                None,
                None,
                None,
                "Std",
                False,
                False,
                market.currency,
                False,
                total,
                qty,
            )
        )
        lines.append(
            (
                line_id,
                oid,
                rng.choice(skus).pk,
                f"RING-{rng.randint(0, 499):04d}",
                f"L{oid}",
                "",
                "Ring",
                qty,
                0,
                0,
                market.currency,
                total,
                0,
                0,
                0,
                0,
                0,
                False,
                "",
                "",
            )
        )
        line_id += 1
        buyers.append(
            (
                oid,
                oid,
                f"{rng.choice(NAMES)} {rng.choice(SURNAMES)}",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                None,
            )
        )
        if len(orders) >= 50_000:
            _flush(orders, lines, buyers)
    _flush(orders, lines, buyers)
    bulk.reset_sequences(Order, OrderLine, BuyerDetails)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


ORDER_FIELDS = [
    "id",
    "channel",
    "marketplace",
    "external_id",
    "status",
    "fulfillment",
    "purchased_at",
    "last_updated_at",
    "received_at",
    "earliest_ship_at",
    "latest_ship_at",
    "earliest_delivery_at",
    "latest_delivery_at",
    "shipped_at",
    "delivered_at",
    "cancelled_at",
    "ship_service_level",
    "is_prime",
    "is_business",
    "currency",
    "prices_include_tax",
    "total",
    "item_count",
]
LINE_FIELDS = [
    "id",
    "order",
    "sku",
    "channel_sku",
    "external_id",
    "asin",
    "title",
    "quantity_ordered",
    "quantity_shipped",
    "quantity_cancelled",
    "currency",
    "item_price",
    "item_tax",
    "shipping_price",
    "shipping_tax",
    "promotion_discount",
    "shipping_discount",
    "is_gift",
    "gift_message",
    "personalisation",
]
BUYER_FIELDS = [
    "id",
    "order",
    "name",
    "email",
    "phone",
    "ship_name",
    "address_line1",
    "address_line2",
    "address_line3",
    "city",
    "region",
    "postal_code",
    "country_code",
    "ship_phone",
    "purged_at",
]


def _flush(orders: list, lines: list, buyers: list) -> None:
    with transaction.atomic():
        bulk.insert_rows(Order, ORDER_FIELDS, orders)
        bulk.insert_rows(OrderLine, LINE_FIELDS, lines)
        bulk.insert_rows(BuyerDetails, BUYER_FIELDS, buyers)
    print(f"  +{len(orders)} orders", flush=True)
    orders.clear()
    lines.clear()
    buyers.clear()


def timed(label: str, fn, runs: int = 5) -> None:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    print(f"{label:55s} median {statistics.median(samples):8.1f} ms  max {max(samples):8.1f} ms")


def bench(now: dt.datetime) -> None:
    from sellerdesk.core.paging import capped_page
    from sellerdesk.inventory.selectors import StockFilters, stock_level_list
    from sellerdesk.orders.selectors import OrderFilters, new_order_count, order_get, order_list
    from sellerdesk.web.dashboard import home_summary

    user, _ = get_user_model().objects.get_or_create(username="bench")
    some = Order.objects.order_by("pk").values_list("pk", "external_id")[500_000 - 1 : 500_000]
    pk, external_id = some[0] if some else Order.objects.values_list("pk", "external_id").first()
    cases = {
        "order list, no filter, page 1": OrderFilters(),
        "order list, page 150": OrderFilters(),
        "order list, status Unshipped": OrderFilters(status="Unshipped"),
        "order list, channel etsy": OrderFilters(channel="etsy"),
        "order list, marketplace JP": OrderFilters(marketplace="JP"),
        "order list, fulfilment amazon, sort ship-by": OrderFilters(
            fulfillment="amazon", sort="ship_by"
        ),
        "order list, last 7 days": OrderFilters(
            date_from=clock.seller_today(now) - dt.timedelta(days=7)
        ),
        "order list, sort by total desc": OrderFilters(sort="-total"),
        "order list, sort by status": OrderFilters(sort="status"),
        "order list, search order id": OrderFilters(q=external_id),
        "order list, search sku": OrderFilters(q="RING-0042"),
        "order list, search buyer name (common)": OrderFilters(q="lovelace"),
        "order list, search buyer name (none)": OrderFilters(q="nobody"),
        "order list, search id prefix": OrderFilters(q=external_id[:4]),
    }
    for label, filters in cases.items():
        page = 150 if "page 150" in label else 1
        timed(label, lambda f=filters, p=page: capped_page(order_list(f), p).rows)
    timed("order detail", lambda: order_get(pk))
    timed("home summary", lambda: home_summary(user=user, now=now))
    timed("nav badge", lambda: new_order_count(user=user, now=now, cap=99))
    timed(
        "stock levels, low only",
        lambda: capped_page(stock_level_list(StockFilters(low_only=True)), 1).rows,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--orders", type=int, default=1_000_000)
    parser.add_argument("--reuse", action="store_true", help="time an already seeded database")
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    now = clock.now()
    if Order.objects.exists():
        if not args.reuse:
            sys.exit("this database already holds orders: use a scratch database or --reuse")
        now = Order.objects.order_by("-received_at").values_list("received_at", flat=True)[0]
    else:
        start = time.perf_counter()
        seed(args.orders, now)
        print(f"seeded {args.orders} orders in {time.perf_counter() - start:.0f} s")
    print(f"{connection.vendor}, {Order.objects.count()} orders")
    bench(now)


if __name__ == "__main__":
    main()
