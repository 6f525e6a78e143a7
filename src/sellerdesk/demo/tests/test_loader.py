"""The demo in the database: its shape, its stock ledger, and rows that read back exactly."""

import datetime as dt
import hashlib
import threading
from collections import Counter

import pytest
from django.db import connection, transaction
from django.db.models import F, Sum

from sellerdesk.catalog.models import Listing, Sku
from sellerdesk.channels.models import Marketplace
from sellerdesk.demo.generator import DemoOrder, DemoShop
from sellerdesk.demo.loader import DatabaseNotEmpty, load_demo
from sellerdesk.inventory.models import (
    CostDraw,
    CostLayer,
    Location,
    Reservation,
    StockLevel,
    StockMovement,
)
from sellerdesk.inventory.selectors import low_stock_sku_list, publishable_quantities
from sellerdesk.metrics.rollups import triggers
from sellerdesk.metrics.rollups.models import SalesDay, StaleDay
from sellerdesk.orders.models import BuyerDetails, Order, OrderEvent, OrderLine
from sellerdesk.planning.models import PurchaseOrder, Supplier, SupplierItem

pytestmark = pytest.mark.django_db

AS_OF = dt.datetime(2026, 1, 20, 12, tzinfo=dt.UTC)
ORDERS = 600


@pytest.fixture
def summary():
    return load_demo(orders=ORDERS, seed=3, as_of=AS_OF)


def database_digest() -> str:
    """Every row the demo writes, ids included, in primary-key order."""
    text = hashlib.sha256()
    for model in (Sku, Listing, Location, Order, OrderLine, BuyerDetails, OrderEvent,
                  StockMovement, StockLevel, Reservation):  # fmt: skip
        for row in model.objects.order_by("pk").values_list():
            text.update(repr(row).encode())
    return text.hexdigest()


def test_two_loads_with_the_same_seed_write_the_same_rows():
    digests = []
    for _ in range(2):
        with transaction.atomic():
            load_demo(orders=ORDERS, seed=3, as_of=AS_OF)
            digests.append(database_digest())
            transaction.set_rollback(True)
    assert digests[0] == digests[1]
    with transaction.atomic():
        load_demo(orders=ORDERS, seed=4, as_of=AS_OF)
        assert database_digest() != digests[0]
        transaction.set_rollback(True)


def test_it_loads_a_jewellery_shop_on_two_marketplaces(summary):
    assert 55 <= Sku.objects.count() <= 65
    assert summary.total_orders == Order.objects.count() == ORDERS
    assert set(Marketplace.objects.filter(is_active=True).values_list("code", flat=True)) == {
        "US",
        "UK",
    }
    assert set(Order.objects.values_list("marketplace__code", "currency").distinct()) == {
        ("US", "USD"),
        ("UK", "GBP"),
    }
    assert set(Order.objects.values_list("fulfillment", flat=True).distinct()) == {
        "seller",
        "amazon",
    }
    assert Order.objects.filter(status="Canceled").exists()
    assert Order.objects.filter(status="Delivered", delivered_at__isnull=False).exists()
    assert set(Location.objects.values_list("code", "kind")) == {
        ("STUDIO-A", "shelf"),
        ("STUDIO-B", "shelf"),
        ("FBA-NA", "fba"),
        ("FBA-EU", "fba"),
    }
    assert BuyerDetails.objects.count() == ORDERS


def test_some_seller_fulfilled_orders_shipped_late():
    load_demo(orders=2000, seed=3, as_of=AS_OF)
    late = Order.objects.filter(fulfillment="seller", shipped_at__gt=F("latest_ship_at"))
    assert late.exists()


def test_each_sku_is_listed_on_both_marketplaces_some_under_an_old_sku(summary):
    for sku in Sku.objects.exclude(product__category="Packaging"):
        markets = Counter(sku.listings.values_list("marketplace__code", flat=True))
        assert markets["US"] >= 1
        assert markets["UK"] == 1
        assert sku.listings.get(marketplace__code="US", channel_sku=sku.code).currency == "USD"
    old = Listing.objects.exclude(channel_sku__in=Sku.objects.values("code"))
    assert old.exists()
    assert OrderLine.objects.filter(channel_sku__in=old.values("channel_sku")).exists()


def test_one_of_a_kind_pieces_hold_one_unit_and_sell_once(summary):
    pieces = Sku.objects.filter(is_one_of_a_kind=True)
    assert 6 <= pieces.count() <= 8
    for piece in pieces:
        received = piece.movements.filter(kind="receipt").aggregate(n=Sum("on_hand_change"))["n"]
        assert received == 1
        sold = OrderLine.objects.filter(sku=piece).exclude(order__status="Canceled").count()
        assert sold <= 1
        assert piece.is_active == (sold == 0)
    unsold = StockLevel.objects.filter(sku__is_one_of_a_kind=True, on_hand=1, reserved=0)
    assert unsold.exists()


def test_cost_layers_hold_every_unit_on_hand_and_every_shipment_drew_its_cost(summary):
    on_hand = dict(
        StockLevel.objects.values("sku").annotate(n=Sum("on_hand")).values_list("sku", "n")
    )
    layered = dict(
        CostLayer.objects.values("sku").annotate(n=Sum("remaining")).values_list("sku", "n")
    )
    assert {sku: n for sku, n in layered.items() if n} == {
        sku: n for sku, n in on_hand.items() if n
    }
    shipped = StockMovement.objects.filter(kind="shipment").aggregate(n=Sum("on_hand_change"))
    drawn = CostDraw.objects.filter(movement__kind="shipment").aggregate(n=Sum("quantity"))
    assert drawn["n"] == -shipped["n"] > 0
    assert not CostDraw.objects.filter(layer=None).exists()
    # Each shipped line keeps what its units cost: the draws of its shipments, summed.
    costed = OrderLine.objects.exclude(cost_of_goods=None)
    cost = CostDraw.objects.filter(movement__kind="shipment").aggregate(
        total=Sum(F("quantity") * F("unit_cost"))
    )
    assert costed.aggregate(total=Sum("cost_of_goods"))["total"] == pytest.approx(cost["total"])
    assert costed.count() == OrderLine.objects.filter(quantity_shipped__gt=0).count()


def test_levels_equal_the_ledger_for_every_sku_and_location(summary):
    ledger = {
        (row["sku"], row["location"]): (row["on_hand"], row["reserved"])
        for row in StockMovement.objects.values("sku", "location").annotate(
            on_hand=Sum("on_hand_change"), reserved=Sum("reserved_change")
        )
    }
    levels = {
        (level.sku_id, level.location_id): (level.on_hand, level.reserved)
        for level in StockLevel.objects.all()
    }
    assert levels == ledger
    held = Reservation.objects.values("sku", "location").annotate(n=Sum("quantity"))
    assert {(r["sku"], r["location"]): r["n"] for r in held} == {
        key: reserved for key, (_, reserved) in levels.items() if reserved
    }


def test_on_hand_never_goes_negative_at_any_moment(summary):
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT sku_id, location_id, MIN(running) FROM (
                SELECT sku_id, location_id, SUM(on_hand_change) OVER (
                    PARTITION BY sku_id, location_id ORDER BY created_at, id
                    ROWS UNBOUNDED PRECEDING
                ) AS running
                FROM inventory_stockmovement
            ) AS timeline
            GROUP BY sku_id, location_id
            """
        )
        lowest = cursor.fetchall()
    assert lowest
    assert all(minimum >= 0 for *_, minimum in lowest)


def test_every_shipped_line_left_the_shelf_it_was_sold_from(summary):
    shipments = StockMovement.objects.filter(kind="shipment")
    assert shipments.count() == OrderLine.objects.filter(quantity_shipped__gt=0).count()
    for movement in shipments.select_related("location")[:200]:
        line = OrderLine.objects.select_related("order").get(pk=movement.reference.split(":")[1])
        assert movement.sku_id == line.sku_id
        assert movement.on_hand_change == -line.quantity_shipped
        assert movement.created_at == line.order.shipped_at
        assert movement.location.is_fba == (line.order.fulfillment == "amazon")
    assert StockMovement.objects.filter(kind="transfer_in", location__kind="fba").exists()


def test_open_orders_went_through_the_order_service_and_hold_stock(summary):
    waiting = Order.objects.filter(status__in=["Pending", "Unshipped"])
    assert summary.open_orders == waiting.count() >= 10
    assert waiting.filter(latest_ship_at__lt=AS_OF).exists(), "a few are overdue"
    for line in OrderLine.objects.filter(order__in=waiting, order__fulfillment="seller"):
        held = Reservation.objects.filter(reference=f"order-line:{line.pk}")
        assert held.aggregate(n=Sum("quantity"))["n"] == line.quantity_ordered
        assert held.first().created_at == line.order.received_at
    assert summary.short_lines == 0
    assert OrderEvent.objects.filter(order__in=waiting, kind="received").count() == len(waiting)


def test_some_skus_are_low_on_stock(summary):
    assert summary.low_stock == low_stock_sku_list().count() > 0


def test_bulk_written_orders_read_back_exactly_through_the_orm(summary):
    expected = {
        item.external_id: item
        for item in DemoShop(orders=ORDERS, seed=3, as_of=AS_OF).items()
        if isinstance(item, DemoOrder) and not item.is_open
    }
    stored = Order.objects.filter(external_id__in=expected).prefetch_related("lines", "buyer")
    assert len(stored) == len(expected)
    for order in stored:
        made = expected[order.external_id]
        for name in ("status", "fulfillment", "purchased_at", "last_updated_at", "received_at",
                     "earliest_ship_at", "latest_ship_at", "earliest_delivery_at",
                     "latest_delivery_at", "shipped_at", "delivered_at", "cancelled_at",
                     "ship_service_level", "is_prime", "is_business", "currency", "total",
                     "item_count"):  # fmt: skip
            assert getattr(order, name) == getattr(made, name), name
        assert order.purchased_at.utcoffset() == dt.timedelta(0)
        lines = list(order.lines.all())
        assert [line.external_id for line in lines] == [line.external_id for line in made.lines]
        for line, made_line in zip(lines, made.lines, strict=True):
            charges = made_line.charges
            assert (line.item_price, line.item_tax, line.shipping_price, line.shipping_tax,
                    line.promotion_discount, line.shipping_discount) == tuple(charges)  # fmt: skip
            assert str(line.item_price.normalize()) == str(charges.item_price.normalize())
            assert line.personalisation == made_line.personalisation
        assert order.buyer.postal_code == made.buyer.postal_code
        assert order.total == sum((line.charged.amount for line in lines), start=0)


def test_it_refuses_a_database_that_already_has_a_shop(summary):
    with pytest.raises(DatabaseNotEmpty):
        load_demo(orders=10, seed=1, as_of=AS_OF)
    assert Order.objects.count() == ORDERS


class Interrupted(Exception):
    pass


def test_an_interrupted_load_leaves_the_database_as_it_was():
    def interrupt(done: int) -> None:
        if done >= 200:
            raise Interrupted

    with pytest.raises(Interrupted):
        load_demo(orders=ORDERS, seed=3, as_of=AS_OF, on_progress=interrupt, chunk_size=100)
    assert not Order.objects.exists()
    assert not Sku.objects.exists()
    assert not StockMovement.objects.exists()
    assert not [t for t in threading.enumerate() if t.name == "demo-generator"]
    # The rollup triggers, off while loading, are back with the rollback.
    assert set(triggers.installed(connection)) == set(triggers.definitions(connection.vendor))


def test_the_rollups_are_counted_and_their_triggers_back_after_a_load(summary):
    assert set(triggers.installed(connection)) == set(triggers.definitions(connection.vendor))
    assert not StaleDay.objects.exists()
    counted = SalesDay.objects.aggregate(orders=Sum("orders"))["orders"]
    assert counted == Order.objects.count()


def test_bought_in_pieces_have_suppliers_and_what_to_reorder_is_on_order(summary):
    bought_in = SupplierItem.objects.values_list("sku__lead_time_days", flat=True)
    assert bought_in
    assert min(bought_in) > 14
    assert set(Supplier.objects.values_list("currency", flat=True)) == {"USD", "EUR"}
    orders = PurchaseOrder.objects.all()
    assert orders
    assert {order.status for order in orders} == {"sent"}
    assert all(order.exchange_rate for order in orders)


def test_the_demo_sells_a_gift_set_and_a_made_to_order_bangle_through_their_parts(summary):
    offer = publishable_quantities(
        list(
            Sku.objects.filter(code__in=["SET-RING-HEART", "BRC-NAME-MTO"]).values_list(
                "pk", flat=True
            )
        )
    )
    kit, made = Sku.objects.get(code="SET-RING-HEART"), Sku.objects.get(code="BRC-NAME-MTO")
    assert (kit.assembly, made.assembly) == ("kit", "made_to_order")
    assert offer[made.pk] == 10 * 5 // 7  # capacity within the production time, not 25 blanks
    assert offer[kit.pk] >= 0
    assert Listing.objects.filter(channel__code="etsy", sku=kit).exists()
