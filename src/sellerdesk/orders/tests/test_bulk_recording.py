import dataclasses
import datetime as dt
from decimal import Decimal

import pytest

from sellerdesk.core.errors import DomainError
from sellerdesk.core.money import Money
from sellerdesk.inventory import services as stock
from sellerdesk.inventory.models import Reservation, StockLevel
from sellerdesk.orders import domain, services
from sellerdesk.orders.models import BuyerDetails, Order, OrderEvent, OrderLine
from sellerdesk.orders.services import bulk_recording

pytestmark = pytest.mark.django_db

T = dt.datetime(2026, 3, 2, 15, 30, tzinfo=dt.UTC)


def money(value: str, currency: str = "USD") -> Money:
    return Money(Decimal(value), currency)


def line(line_id: str, sku: str, quantity: int = 1, price: str = "20.00", **more):
    currency = more.pop("currency", "USD")
    return domain.LineData(
        line_id,
        sku,
        quantity,
        money(price, currency),
        item_tax=money("1.60", currency),
        shipping_price=money("3.99", currency),
        promotion_discount=money("2.00", currency),
        **more,
    )


def order(external_id: str, **changes) -> domain.OrderData:
    values = {
        "channel": "amazon",
        "marketplace": "US",
        "external_id": external_id,
        "status": domain.UNSHIPPED,
        "fulfillment": domain.SELLER,
        "purchased_at": T,
        "last_updated_at": T,
        "latest_ship_at": T + dt.timedelta(days=2),
        "currency": "USD",
        "lines": [line("L1", "RING-SILVER-7", 2)],
        "buyer": domain.BuyerData(name="Ada Lovelace", city="Portland", country_code="US"),
    }
    values.update(changes)
    return domain.OrderData(**values)


def assortment(prefix: str) -> list[domain.OrderData]:
    """Every kind of order an import meets, with ids starting with `prefix`."""
    return [
        order(f"{prefix}-open"),
        order(
            f"{prefix}-two-lines",
            lines=[line("L1", "RING-SILVER-7"), line("L2", "NOT-IN-CATALOGUE", 3, is_gift=True)],
        ),
        order(f"{prefix}-fba", fulfillment=domain.AMAZON, status=domain.SHIPPED, buyer=None),
        order(f"{prefix}-cancelled", status=domain.CANCELED, buyer=None),
        order(
            f"{prefix}-history", status=domain.SHIPPED, last_updated_at=T - dt.timedelta(days=90)
        ),
        order(
            f"{prefix}-uk",
            marketplace="UK",
            currency="GBP",
            lines=[line("L1", "RING-SILVER-7", currency="GBP")],
        ),
    ]


@pytest.fixture
def stocked(sku, shelf, actor):
    stock.receive_stock(
        sku=sku,
        location=shelf,
        quantity=50,
        reason="count",
        actor=actor,
        at=T - dt.timedelta(days=1),
    )
    return sku


def snapshot(prefix: str) -> list[tuple]:
    """What was stored for the orders of one assortment, without ids and arrival times."""
    rows = []
    for stored in Order.objects.filter(external_id__startswith=prefix).order_by("external_id"):
        values = {
            name: getattr(stored, name)
            for name in ("status", "fulfillment", "currency", "total", "item_count")
        }
        values["marketplace"] = stored.marketplace.code
        values["include_tax"] = stored.prices_include_tax
        values["lines"] = list(
            OrderLine.objects.filter(order=stored)
            .order_by("external_id")
            .values_list(
                "external_id",
                "sku_id",
                "quantity_ordered",
                "quantity_shipped",
                "quantity_cancelled",
                "item_price",
                "promotion_discount",
                "is_gift",
            )
        )
        values["buyer"] = list(
            BuyerDetails.objects.filter(order=stored).values_list("name", "city")
        )
        values["events"] = list(stored.events.values_list("kind", "status_to"))
        references = [stored_line.reference for stored_line in stored.lines.all()]
        values["held"] = sum(
            Reservation.objects.filter(reference__in=references).values_list("quantity", flat=True)
        )
        rows.append((stored.external_id.removeprefix(prefix), values))
    return rows


@pytest.mark.parametrize("large", [False, True])
def test_bulk_recording_stores_exactly_what_recording_one_by_one_stores(
    stocked, actor, large, monkeypatch
):
    # A large stream builds its indexes at the end once a chunk brings this many new orders.
    monkeypatch.setattr(bulk_recording, "DEFER_INDEXES_AT", 1)
    summary = services.record_orders(
        orders=assortment("A"), actor=actor, note="Imported", large=large
    )
    for data in assortment("B"):
        services.record_order(data=data, actor=actor)
    assert summary.created == 6
    assert snapshot("A") == snapshot("B")


def test_recording_the_same_orders_again_changes_nothing(stocked, actor):
    services.record_orders(orders=assortment("A"), actor=actor, note="Imported")
    before = (Order.objects.count(), OrderLine.objects.count(), OrderEvent.objects.count())
    again = services.record_orders(orders=assortment("A"), actor=actor, note="Imported")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 6)
    assert (Order.objects.count(), OrderLine.objects.count(), OrderEvent.objects.count()) == before


def test_newer_data_updates_and_older_data_never_overwrites(stocked, actor):
    services.record_orders(orders=[order("A-1"), order("A-2")], actor=actor, note="Imported")
    newer = order("A-1", status=domain.SHIPPED, last_updated_at=T + dt.timedelta(hours=5))
    older = order("A-2", status=domain.CANCELED, last_updated_at=T - dt.timedelta(hours=5))
    summary = services.record_orders(orders=[newer, older], actor=actor, note="Imported")
    assert (summary.updated, summary.unchanged) == (1, 1)
    assert Order.objects.get(external_id="A-1").status == domain.SHIPPED
    assert Order.objects.get(external_id="A-2").status == domain.UNSHIPPED


def test_an_order_met_twice_in_one_stream_is_one_order_with_all_its_lines(stocked, actor):
    first = order("A-1", lines=[line("L1", "RING-SILVER-7")])
    second = order("A-1", lines=[line("L2", "RING-GOLD-6")])
    services.record_orders(orders=[first, order("A-2"), second], actor=actor, note="Imported")
    stored = Order.objects.get(external_id="A-1")
    assert sorted(stored.lines.values_list("external_id", flat=True)) == ["L1", "L2"]
    assert stored.item_count == 2


def test_new_open_orders_hold_stock_and_history_leaves_it_alone(stocked, shelf, actor):
    last_week = T - dt.timedelta(days=7)
    shipped_before_count = order(
        "A-2", status=domain.SHIPPED, purchased_at=last_week, last_updated_at=last_week
    )
    shipped_since_count = order(
        "A-3", status=domain.SHIPPED, last_updated_at=T + dt.timedelta(hours=1)
    )
    services.record_orders(
        orders=[order("A-1"), shipped_before_count, shipped_since_count],
        actor=actor,
        note="Imported",
    )
    level = StockLevel.objects.get(sku=stocked, location=shelf)
    # 2 held for A-1; A-2 shipped before the stock was counted; A-3 shipped after it.
    assert (level.on_hand, level.reserved) == (48, 2)


def test_an_invalid_order_anywhere_in_the_stream_records_nothing(stocked, actor):
    bad = order("A-9", lines=[line("L1", "RING-SILVER-7", currency="EUR")])
    with pytest.raises(DomainError, match="A-9"):
        services.record_orders(orders=[order("A-1"), bad], actor=actor, note="Imported")
    assert not Order.objects.exists()
    assert StockLevel.objects.get(sku=stocked).reserved == 0


def test_new_orders_cost_a_fixed_number_of_queries_however_many_there_are(
    actor, django_assert_max_num_queries
):
    many = [order(f"A-{n}", fulfillment=domain.AMAZON, status=domain.SHIPPED) for n in range(300)]
    with django_assert_max_num_queries(20):
        summary = services.record_orders(orders=many, actor=actor, note="Imported")
    assert summary.created == 300
    assert Order.objects.count() == 300


def test_a_line_stored_by_bulk_reads_back_with_its_money_exact(actor):
    data = dataclasses.replace(
        order("A-1", fulfillment=domain.AMAZON),
        lines=[line("L1", "X", 3, price="1234.5678")],
    )
    services.record_orders(orders=[data], actor=actor, note="Imported")
    stored = OrderLine.objects.get()
    assert stored.item_price == Decimal("1234.5678")
    assert stored.order.total == Decimal("1234.5678") + Decimal("1.60") + Decimal("3.99") - 2
