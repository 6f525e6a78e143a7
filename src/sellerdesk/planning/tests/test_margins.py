"""Gross margins from what buyers paid and what the shipped units cost (FIFO)."""

import datetime as dt
from decimal import Decimal

import pytest

from sellerdesk.core import clock
from sellerdesk.inventory import services as stock
from sellerdesk.metrics.models import CurrencyRate
from sellerdesk.orders.services import ship_order
from sellerdesk.orders.tests.factories import OrderFactory, OrderLineFactory, amazon_marketplace
from sellerdesk.planning.selectors.margins import margin_totals, order_margin, sku_margin_list

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 5, 4, 12, tzinfo=dt.UTC)
TODAY = NOW.date()


def ship_line(line, actor, quantity=None):
    """Hold the line's units, then ship them through the order service (which keeps their
    cost on the line)."""
    with clock.pinned(NOW):
        stock.reserve_stock(
            sku=line.sku, quantity=line.quantity_ordered, reference=line.reference, actor=actor
        )
        ship_order(
            order=line.order, actor=actor, carrier="USPS",
            quantities={line.pk: quantity or line.quantity_ordered},
        )  # fmt: skip


@pytest.fixture
def ring(reference_data, make_sku, shelf, actor):
    ring = make_sku("RING-7", unit_cost=Decimal("9.99"))
    for quantity, cost in ((2, "4.00"), (5, "5.50")):
        stock.receive_stock(
            sku=ring, location=shelf, quantity=quantity, reason="delivery", actor=actor,
            unit_cost=Decimal(cost), at=NOW - dt.timedelta(days=9),
        )  # fmt: skip
    return ring


def test_an_orders_margin_is_its_sales_before_tax_less_its_fifo_cost(ring, actor):
    # 3 rings for $60.00 with $4.95 sales tax on top and a $6.00 promotion: sales $54.00.
    # FIFO: 2 at 4.00 + 1 at 5.50 = $13.50. Margin $40.50, 75.0%.
    order = OrderFactory(purchased_at=NOW - dt.timedelta(days=1))
    line = OrderLineFactory(
        order=order, sku=ring, quantity_ordered=3, item_price=Decimal("60.00"),
        item_tax=Decimal("4.95"), promotion_discount=Decimal("6.00"),
    )  # fmt: skip
    ship_line(line, actor)

    found = order_margin(order)

    total = found.total
    assert (total.units, total.sales, total.cost) == (3, Decimal("54.00"), Decimal("13.50"))
    assert (total.margin, total.percent, total.estimated_units) == (
        Decimal("40.50"), Decimal("75.0"), 0
    )  # fmt: skip


def test_units_shipped_without_a_cost_drawn_are_estimated_at_the_skus_cost(ring):
    # An FBA order: Amazon shipped it from its own stock, so no layer was drawn.
    order = OrderFactory(purchased_at=NOW - dt.timedelta(days=1), fulfillment="AFN")
    OrderLineFactory(
        order=order, sku=ring, quantity_ordered=2, quantity_shipped=2,
        item_price=Decimal("40.00"), promotion_discount=Decimal(0),
    )  # fmt: skip
    total = order_margin(order).total
    assert (total.cost, total.estimated_units) == (Decimal("19.98"), 2)


def test_a_sale_in_another_currency_needs_the_sellers_rate(ring, actor):
    order = OrderFactory(
        purchased_at=NOW - dt.timedelta(days=1), marketplace=amazon_marketplace("UK"),
        prices_include_tax=True,
    )  # fmt: skip
    line = OrderLineFactory(
        order=order, sku=ring, quantity_ordered=1, item_price=Decimal("24.00"),
        item_tax=Decimal("4.00"), promotion_discount=Decimal(0),
    )  # fmt: skip
    ship_line(line, actor)
    assert order_margin(order).total.margin is None

    CurrencyRate.objects.create(
        currency="GBP", to_currency="USD", rate=Decimal("1.25"), updated_at=NOW
    )
    # £20.00 before VAT at 1.25 = $25.00, less $4.00: $21.00.
    assert order_margin(order).total.margin == Decimal("21.0000")


def test_margins_per_sku_over_a_period(ring, make_sku, actor):
    box = make_sku("BOX-1", unit_cost=Decimal("1.00"))
    stock.receive_stock(
        sku=box, location=ring.stock_levels.get().location, quantity=5, reason="d", actor=actor
    )
    for sku, price in ((ring, "20.00"), (ring, "22.00"), (box, "3.00")):
        line = OrderLineFactory(
            order=OrderFactory(purchased_at=NOW - dt.timedelta(days=2)), sku=sku,
            quantity_ordered=1, item_price=Decimal(price), promotion_discount=Decimal(0),
        )  # fmt: skip
        ship_line(line, actor)
    OrderLineFactory(  # placed before the period: left out
        order=OrderFactory(purchased_at=NOW - dt.timedelta(days=40)), sku=ring,
        quantity_ordered=1, quantity_shipped=1,
    )  # fmt: skip

    with clock.pinned(NOW):
        rows = sku_margin_list(first=TODAY - dt.timedelta(days=29), last=TODAY)

    # Rings: 42.00 - (4.00 + 4.00) = 34.00; boxes: 3.00 - 1.00 = 2.00.
    assert [(row.code, row.margin.units, row.margin.margin) for row in rows] == [
        ("RING-7", 2, Decimal("34.0000")),
        ("BOX-1", 1, Decimal("2.0000")),
    ]
    totals = margin_totals(rows)
    assert (totals["USD"].sales, totals["USD"].cost) == (Decimal("45.00"), Decimal("9.00"))
    assert totals["USD"].percent == Decimal("80.0")


def test_a_line_half_shipped_has_earned_half_its_sales_to_the_cent(ring, actor):
    line = OrderLineFactory(
        order=OrderFactory(purchased_at=NOW - dt.timedelta(days=1)), sku=ring,
        quantity_ordered=2, item_price=Decimal("25.00"), promotion_discount=Decimal(0),
    )  # fmt: skip
    ship_line(line, actor, quantity=1)
    with clock.pinned(NOW):
        (row,) = sku_margin_list(first=TODAY - dt.timedelta(days=29), last=TODAY)
    assert (row.margin.units, row.margin.sales) == (1, Decimal("12.50"))


def test_the_list_follows_shipments_made_after_it_was_read(ring, actor):
    line = OrderLineFactory(
        order=OrderFactory(purchased_at=NOW - dt.timedelta(days=3)), sku=ring,
        quantity_ordered=3, item_price=Decimal("30.00"), promotion_discount=Decimal(0),
    )  # fmt: skip
    period = {"first": TODAY - dt.timedelta(days=6), "last": TODAY}
    with clock.pinned(NOW):
        assert sku_margin_list(**period) == []  # nothing shipped yet
    ship_line(line, actor, quantity=2)  # 2 x 4.00 drawn
    # An FBA order the same day: no cost drawn, estimated at the SKU's 9.99.
    OrderLineFactory(
        order=OrderFactory(purchased_at=NOW - dt.timedelta(days=3), fulfillment="AFN"),
        sku=ring, quantity_ordered=1, quantity_shipped=1, item_price=Decimal("12.00"),
        item_tax=Decimal("1.00"), promotion_discount=Decimal(0),
    )  # fmt: skip
    with clock.pinned(NOW):
        (row,) = sku_margin_list(**period)
    margin = row.margin
    assert (margin.units, margin.estimated_units) == (3, 1)
    assert (margin.sales, margin.cost) == (Decimal("32.0000"), Decimal("17.9900"))


def test_a_month_of_thirds_adds_up_to_the_cent(ring):
    # A line of 3 for 20.00 with 1 shipped, each day for 30 days: 20.00 / 3 a day, which
    # rounded to four places per day would add up to 200.0010.
    for back in range(30):
        OrderLineFactory(
            order=OrderFactory(purchased_at=NOW - dt.timedelta(days=back), fulfillment="AFN"),
            sku=ring, quantity_ordered=3, quantity_shipped=1, item_price=Decimal("20.00"),
            item_tax=Decimal(0), promotion_discount=Decimal(0),
        )  # fmt: skip
    with clock.pinned(NOW):
        (row,) = sku_margin_list(first=TODAY - dt.timedelta(days=29), last=TODAY)
    assert (row.margin.units, row.margin.sales) == (30, Decimal("200.0000"))
