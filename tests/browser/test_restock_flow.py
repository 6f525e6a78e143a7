"""Restock in a real browser: from what to reorder to a purchase order, part of it received,
and the SKU's stock and cost layers changed by it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from sellerdesk.core import clock
from sellerdesk.inventory import services as stock
from sellerdesk.inventory.models import CostLayer, StockLevel
from sellerdesk.inventory.services import Actor
from sellerdesk.inventory.tests.factories import LocationFactory
from sellerdesk.planning.tests.factories import SupplierItemFactory
from sellerdesk.planning.tests.sales import sell

pytestmark = pytest.mark.browser


def test_a_purchase_order_from_restock_received_in_part_adds_stock_and_a_cost_layer(
    page, live_server, log_in, reference_data, make_sku
):
    shelf = LocationFactory(name="Studio drawer")
    ring = make_sku("RING-7", unit_cost=Decimal("4.20"))
    SupplierItemFactory(
        sku=ring, supplier__name="Findings Co", unit_cost=Decimal("5.00"), case_pack=10
    )
    maker = Actor("maker")
    now = clock.now()
    with clock.pinned(now - dt.timedelta(days=20)):
        stock.receive_stock(sku=ring, location=shelf, quantity=30, reason="opening", actor=maker)
    for back in range(14, 0, -1):
        sell(ring, 2, now - dt.timedelta(days=back), maker)

    page.goto("/restock/")
    log_in(page)
    row = page.locator("#restock tr[data-sku='RING-7']")
    expect(row).to_contain_text("Findings Co")
    expect(row.get_by_role("checkbox")).to_be_checked()
    row.get_by_label("Units of RING-7").fill("40")
    page.get_by_role("button", name="Draft purchase orders for the ticked SKUs").click()

    expect(page.locator(".flash")).to_contain_text("Drafted PO-")
    expect(page.locator("#po-status")).to_have_text("Draft")
    page.get_by_label("Extra costs").fill("20.00")
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator(".flash")).to_contain_text("saved")

    page.get_by_label("RING-7 (40 due)").fill("25")
    page.get_by_role("button", name="Receive", exact=True).click()
    expect(page.locator(".flash")).to_contain_text("25 units of 1 SKUs put on Studio drawer")
    expect(page.locator("#po-status")).to_have_text("Partly received")
    # Landed: 5.00 + 20.00 / 40 = 5.50 a ring.
    expect(page.locator("#receipts")).to_contain_text("$5.50")
    assert StockLevel.objects.get(sku=ring, location=shelf).on_hand == 2 + 25

    page.locator("#lines").get_by_role("link", name="RING-7").click()
    layers = page.locator("#cost-layers")
    expect(layers).to_contain_text("27 units worth $145.90")  # 2 x 4.20 + 25 x 5.50
    expect(layers.locator("tbody tr")).to_have_count(2)
    expect(layers.locator("tbody tr").last).to_contain_text("$5.50")
    assert CostLayer.objects.filter(sku=ring, remaining__gt=0).count() == 2
