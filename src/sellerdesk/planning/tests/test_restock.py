"""The Restock list from real orders, the ledger and purchase orders."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sellerdesk.core import clock
from sellerdesk.inventory import services as stock
from sellerdesk.orders.tests.factories import OrderFactory, OrderLineFactory
from sellerdesk.planning import domain, services
from sellerdesk.planning.models import RestockDemand
from sellerdesk.planning.selectors.restock import restock_list

from .factories import SupplierItemFactory
from .sales import sell

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 6, 30, 12, tzinfo=dt.UTC)
POLICY = domain.Policy(windows=(domain.Window(7, 1), domain.Window(30, 1)), seasonal=False)


def day(back: int, hour: int = 10) -> dt.datetime:
    return (NOW - dt.timedelta(days=back)).replace(hour=hour)


def sell_on(sku, units: int, back: int, actor) -> None:
    sell(sku, units, day(back), actor)


@pytest.fixture
def history(reference_data, sku, shelf, actor):
    """10 on the shelf, 1 a day sold for ten days until none is left, ten days out of
    stock, then 20 arrive and sell at 2 a day for the last ten days."""
    with clock.pinned(day(40)):
        stock.receive_stock(sku=sku, location=shelf, quantity=10, reason="opening", actor=actor)
    for back in range(30, 20, -1):
        sell_on(sku, 1, back, actor)
    with clock.pinned(day(10, hour=8)):
        stock.receive_stock(sku=sku, location=shelf, quantity=22, reason="delivery", actor=actor)
    for back in range(10, 0, -1):
        sell_on(sku, 2, back, actor)
    return sku


def test_velocity_leaves_out_the_days_the_sku_was_out_of_stock(history):
    # 30 units over the 20 days in stock: 1.5 a day over 30 days (not 1.0), 2.0 over the
    # last 7; weighted equally 1.75.
    with clock.pinned(NOW):
        (row,) = restock_list(policy=POLICY)
    assert row.plan.velocity == pytest.approx(1.75)
    assert (row.on_hand, row.reserved, row.available) == (2, 0, 2)
    assert row.plan.cover == pytest.approx(2 / 1.75)


def test_a_sku_below_its_reorder_point_is_listed_first_with_why(history, make_sku):
    make_sku("SLOW-1")
    with clock.pinned(NOW):
        rows = restock_list(policy=POLICY)
    assert [row.sku.code for row in rows] == ["RING-SILVER-7", "SLOW-1"]
    first, slow = rows
    assert first.to_order
    assert "at or below the reorder point" in first.plan.reasons[0]
    assert not slow.to_order
    assert slow.plan.reasons == ("no sales in the days in stock: nothing to plan from",)


def test_units_on_order_count_against_the_reorder_point(history, actor):
    SupplierItemFactory(sku=history, unit_cost=Decimal("3.00"), minimum_order=1)
    with clock.pinned(NOW):
        before = restock_list(policy=POLICY)[0].plan.quantity
        services.create_purchase_orders(picks=[(history, before)], actor=actor)
        after = restock_list(policy=POLICY)[0]
    assert before > 0
    assert after.on_order == before
    assert after.plan.quantity == 0


def test_the_preferred_suppliers_lead_time_and_case_pack_shape_the_suggestion(history):
    item = SupplierItemFactory(sku=history, case_pack=25, lead_time_days=20)
    with clock.pinned(NOW):
        (row,) = restock_list(policy=POLICY)
    assert row.supplier_item == item
    assert row.lead_time_days == 20
    assert row.plan.quantity % 25 == 0
    assert row.plan.quantity > 0


def test_a_kits_sales_are_its_parts_demand_and_it_is_not_reordered_itself(history, make_sku, actor):
    from sellerdesk.inventory.services import set_assembly

    box = make_sku("BOX-1")
    kit = make_sku("GIFT-SET")
    set_assembly(sku=kit, assembly="kit", parts=[(history, 1), (box, 2)])
    for back in range(7, 0, -1):  # a set a day for the last week: 2 boxes and a ring each
        OrderLineFactory(
            sku=kit,
            quantity_ordered=1,
            order=OrderFactory(purchased_at=day(back), status="Unshipped"),
        )
    with clock.pinned(NOW):
        rows = {row.sku.code: row for row in restock_list(policy=POLICY)}
    assert set(rows) == {"RING-SILVER-7", "BOX-1"}
    # Boxes: 2 a day over the 7 days with sales (never stocked: only days with sales count).
    assert rows["BOX-1"].plan.velocity == pytest.approx(2.0)
    # The ring: 3 a day over the last week now (2 alone + 1 in a set); the 30 days 2.0.
    assert rows["RING-SILVER-7"].plan.velocity == pytest.approx((3.0 + (30 + 7) / 20) / 2)


def test_demand_is_worked_out_once_a_day_and_again_when_past_sales_change(history, actor):
    with clock.pinned(NOW):
        first = restock_list(policy=POLICY)[0].plan.velocity
        assert RestockDemand.objects.filter(sku=history).count() == 1
        with CaptureQueriesContext(connection) as again:
            assert restock_list(policy=POLICY)[0].plan.velocity == first
        # The ledger's three months are not walked again the same day.
        assert not [q for q in again.captured_queries if "inventory_stockmovement" in q["sql"]]
    sell_on(history, 2, 1, actor)  # an order of yesterday, imported late
    with clock.pinned(NOW):
        assert restock_list(policy=POLICY)[0].plan.velocity > first


def test_a_delivery_entered_late_works_the_demand_out_again_the_same_day(history, shelf, actor):
    with clock.pinned(NOW):
        first = restock_list(policy=POLICY)[0].plan.velocity
        # Stock that arrived 15 days ago, entered only now: days 15 to 11 were in stock
        # without a sale, so the 30-day rate falls (30 units over 25 days, not 20).
        stock.receive_stock(
            sku=history, location=shelf, quantity=3, reason="late entry", actor=actor, at=day(15)
        )
        (row,) = restock_list(policy=POLICY)
    assert row.plan.velocity == pytest.approx((2.0 + 30 / 25) / 2)
    assert row.plan.velocity < first
    # A movement of today changes no past day: the demand kept stands.
    with clock.pinned(NOW):
        stock.receive_stock(sku=history, location=shelf, quantity=1, reason="today", actor=actor)
        with CaptureQueriesContext(connection) as again:
            assert restock_list(policy=POLICY)[0].plan.velocity == row.plan.velocity
    written = [q for q in again.captured_queries if "INSERT" in q["sql"]]
    assert not written


def test_late_changes_still_count_once_their_location_is_no_longer_used(
    history, shelf, second_shelf, actor
):
    with clock.pinned(NOW):
        stock.receive_stock(sku=history, location=second_shelf, quantity=1, reason="late",
                            actor=actor, at=day(15))  # fmt: skip
        restock_list(policy=POLICY)  # worked out with one late change
    second_shelf.is_active = False
    second_shelf.save()
    with clock.pinned(NOW):
        # Another late change, elsewhere: the count must not read as the one before.
        stock.receive_stock(sku=history, location=shelf, quantity=3, reason="late",
                            actor=actor, at=day(13))  # fmt: skip
        (row,) = restock_list(policy=POLICY)
    # Days 13 to 11 in stock on the shelf in use (not 15 to 11, as the shelf no longer used
    # had it): 30 units over 23 days in the 30-day window.
    assert row.plan.velocity == pytest.approx((2.0 + 30 / 23) / 2)
