"""Time a batch's documents: pick list, packing slips and labels for 500 orders.

    .venv/bin/python bench/documents.py [--orders 500]

Builds a scratch SQLite database in a temporary directory (migrated, then 500 seller-fulfilled
orders of one to three lines with buyers, reservations and a shipment each), makes one pick
batch of them, and times each document as the batch page's links produce it: the reads plus
the rendering. The goal (issue 4): all of them under 10 s on this machine. Numbers go to
docs/benchmarks.md by hand.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

scratch = tempfile.mkdtemp(prefix="sellerdesk-bench-")
os.environ["DATABASE_URL"] = f"sqlite:///{scratch}/bench.sqlite3"
os.environ.setdefault("SELLERDESK_DATA_DIR", scratch)
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sellerdesk.config.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from sellerdesk.catalog.models import Product, Sku  # noqa: E402
from sellerdesk.channels.models import Marketplace, SalesChannel  # noqa: E402
from sellerdesk.core import clock  # noqa: E402
from sellerdesk.fulfillment.documents.labels import (  # noqa: E402
    labels_pdf,
    labels_zpl,
    shipment_labels,
)
from sellerdesk.fulfillment.documents.packing_slips import packing_slips_pdf  # noqa: E402
from sellerdesk.fulfillment.documents.pick_list import pick_list_pdf  # noqa: E402
from sellerdesk.fulfillment.selectors import (  # noqa: E402
    batch_orders,
    batch_pick_list,
    batch_shipments,
    shop_profile,
)
from sellerdesk.fulfillment.services import create_batch, set_shop_profile  # noqa: E402
from sellerdesk.inventory.models import Location, Reservation  # noqa: E402
from sellerdesk.inventory.services import Actor  # noqa: E402
from sellerdesk.orders.models import BuyerDetails, Order, OrderLine, Shipment  # noqa: E402

UPS = "1Z999AA10123456784"


def seed(count: int) -> list[int]:
    rng = random.Random(4)
    now = clock.now()
    amazon = SalesChannel.objects.get(code="amazon")
    us = Marketplace.objects.get(channel=amazon, code="US")
    shelves = [
        Location.objects.create(code=f"SHELF-{n}", name=f"Shelf {n}", pick_order=n)
        for n in range(4)
    ]
    product = Product.objects.create(title="Rings")
    skus = Sku.objects.bulk_create(
        Sku(product=product, code=f"RING-{n:03d}", title=f"Silver ring, style {n}")
        for n in range(60)
    )
    orders = Order.objects.bulk_create(
        Order(
            channel=amazon,
            marketplace=us,
            external_id=f"111-{n:07d}-0000000",
            status="Unshipped",
            fulfillment="seller",
            purchased_at=now,
            last_updated_at=now,
            received_at=now,
            latest_ship_at=now,
            currency="USD",
        )
        for n in range(count)
    )
    lines = []
    for order in orders:
        for number in range(rng.randint(1, 3)):
            sku = rng.choice(skus)
            lines.append(
                OrderLine(
                    order=order,
                    sku=sku,
                    channel_sku=sku.code,
                    external_id=f"{order.pk}-{number}",
                    title=sku.title,
                    quantity_ordered=rng.randint(1, 2),
                    currency="USD",
                    item_price=Decimal("48.00"),
                    shipping_price=Decimal("4.00"),
                    item_tax=Decimal("3.84"),
                    is_gift=rng.random() < 0.1,
                    gift_message="Happy birthday!" if rng.random() < 0.1 else "",
                    personalisation="A + J 2026" if rng.random() < 0.3 else "",
                )
            )
    OrderLine.objects.bulk_create(lines)
    Reservation.objects.bulk_create(
        Reservation(
            sku=line.sku,
            location=rng.choice(shelves),
            reference=line.reference,
            quantity=line.quantity_ordered,
            created_at=now,
        )
        for line in lines
    )
    BuyerDetails.objects.bulk_create(
        BuyerDetails(
            order=order,
            name=f"Buyer {order.pk}",
            ship_name=f"Buyer {order.pk}",
            address_line1=f"{order.pk} Main Street",
            city="Portland",
            region="OR",
            postal_code="97209",
            country_code="US",
        )
        for order in orders
    )
    Shipment.objects.bulk_create(
        Shipment(
            order=order, shipped_at=now, carrier="UPS", tracking_number=UPS, created_by="bench"
        )
        for order in orders
    )
    set_shop_profile(
        details={
            "shop_name": "Wren & Wire",
            "address_line1": "120 Foundry Street",
            "city": "Portland",
            "region": "OR",
            "postal_code": "97209",
            "country_code": "US",
        }
    )
    return [order.pk for order in orders]


def timed(name: str, make) -> float:
    started = time.perf_counter()
    content = make()
    seconds = time.perf_counter() - started
    print(f"{name:<16} {seconds:6.2f} s  {len(content) / 1024:8.0f} KiB")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=500)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    batch = create_batch(order_ids=seed(args.orders), actor=Actor("bench"))
    print(f"batch of {args.orders} orders, SQLite, {os.cpu_count()} cores")
    total = timed(
        "pick list",
        lambda: pick_list_pdf(
            batch_pick_list(batch_orders(batch)), title="Pick list", printed_at=clock.now()
        ),
    )
    total += timed(
        "packing slips",
        lambda: packing_slips_pdf(batch_orders(batch), shop=shop_profile(), title="Slips"),
    )
    total += timed(
        "labels (PDF)",
        lambda: labels_pdf(shipment_labels(batch_shipments(batch), shop_profile())),
    )
    total += timed(
        "labels (ZPL)",
        lambda: labels_zpl(shipment_labels(batch_shipments(batch), shop_profile())).encode(),
    )
    print(f"{'all four':<16} {total:6.2f} s")


if __name__ == "__main__":
    main()
