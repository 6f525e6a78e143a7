"""Rollup rows are written by the database's bulk path: each value reads back exactly as
the ORM would have stored it (days, aware times, durations, four-decimal amounts)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from sellerdesk.core import clock
from sellerdesk.metrics.rollups import refresh
from sellerdesk.metrics.rollups.models import SalesDay, SkuDay, UnconfirmedHour
from sellerdesk.orders.models import OrderStatus
from sellerdesk.orders.tests.factories import OrderFactory, OrderLineFactory

pytestmark = pytest.mark.django_db

NOON = dt.datetime(2025, 6, 30, 12, tzinfo=dt.UTC)


def test_rollup_rows_read_back_as_the_orm_stores_them(settings):
    settings.SELLERDESK_TIME_ZONE = "America/Los_Angeles"
    bought = dt.datetime(2025, 6, 28, 3, 15, tzinfo=dt.UTC)  # the 27th in Los Angeles
    taken = dt.timedelta(days=1, hours=2, minutes=3, seconds=4, microseconds=500_001)
    shipped = OrderFactory(
        purchased_at=bought,
        status=OrderStatus.SHIPPED,
        shipped_at=bought + taken,
        total=Decimal("1234.5678"),
    )
    OrderLineFactory(
        order=shipped, quantity_ordered=3, quantity_shipped=2, item_price=Decimal("1234.5678"),
        item_tax=0, shipping_price=0, shipping_tax=0, promotion_discount=0,
        cost_of_goods=Decimal("7.1234"),
    )  # fmt: skip
    fba = OrderFactory(purchased_at=bought, status=OrderStatus.SHIPPED, fulfillment="AFN")
    OrderLineFactory(
        order=fba, sku=shipped.lines.get().sku, quantity_ordered=1, quantity_shipped=1,
        item_price=Decimal("10.00"), item_tax=0, shipping_price=0, shipping_tax=0,
        promotion_discount=0,
    )  # fmt: skip
    waiting = OrderFactory(
        purchased_at=bought,
        latest_ship_at=dt.datetime(2025, 6, 30, 7, 59, 59, tzinfo=dt.UTC),
    )
    OrderLineFactory(order=waiting)
    with clock.pinned(NOON):
        refresh.refresh()

    day = SalesDay.objects.get(status=OrderStatus.SHIPPED, fulfillment="seller")
    assert day.day == dt.date(2025, 6, 27)
    assert day.time_to_ship == taken
    assert day.revenue == Decimal("1234.5678")
    assert (day.orders, day.units, day.shipped_units, day.shipped_orders) == (1, 3, 2, 1)
    sold = SkuDay.objects.get(sku=shipped.lines.get().sku)
    assert (sold.day, sold.units, sold.orders) == (dt.date(2025, 6, 27), 4, 2)
    assert sold.revenue == Decimal("1244.5678")
    # Two thirds of 1234.5678 (823.0452, more decimals kept for the sums) and the FBA line's
    # 10.00; the cost kept on the line, and the FBA unit shipped with none drawn.
    assert sold.shipped_sales.quantize(Decimal("0.0001")) == Decimal("833.0452")
    assert (sold.shipped_units, sold.drawn_cost, sold.uncosted_units) == (3, Decimal("7.1234"), 1)
    hour = UnconfirmedHour.objects.get(fulfillment="seller")
    assert hour.ship_by_hour == dt.datetime(2025, 6, 30, 7, tzinfo=dt.UTC)
    assert hour.ship_by_hour.utcoffset() == dt.timedelta(0)
    assert hour.day == dt.date(2025, 6, 28)  # Amazon's days are UTC
