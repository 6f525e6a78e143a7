"""A return in a real browser, from the buyer's request to the refund, and the restock in the
SKU's movement history."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from sellerdesk.core import clock
from sellerdesk.inventory.tests.factories import LocationFactory
from sellerdesk.orders.models import OrderStatus
from sellerdesk.orders.tests.factories import OrderFactory, OrderLineFactory
from sellerdesk.returns.models import Refund

pytestmark = pytest.mark.browser


def test_a_return_from_request_to_refund_restocks_the_unit(
    page, live_server, log_in, reference_data
):
    LocationFactory(name="Studio drawer")
    order = OrderFactory(
        external_id="114-0000009-0000009", status=OrderStatus.DELIVERED,
        delivered_at=clock.now() - dt.timedelta(days=3), currency="USD", prices_include_tax=False,
    )  # fmt: skip
    line = OrderLineFactory(
        order=order, sku__code="RING-5", quantity_ordered=1, quantity_shipped=1,
        item_price=Decimal("44.00"), item_tax=Decimal(0), promotion_discount=Decimal(0),
        shipping_price=Decimal("6.00"), shipping_tax=Decimal(0),
    )  # fmt: skip
    order.shipments.create(
        shipped_at=clock.now() - dt.timedelta(days=5), carrier="UPS", created_by="maker"
    )

    page.goto(f"/orders/{order.pk}/")
    log_in(page)
    page.get_by_role("link", name="Start a return").click()
    page.get_by_label("RING-5 (1 may come back)").fill("1")
    page.get_by_label("Reason").select_option("defective")
    page.get_by_role("button", name="Open the return").click()
    expect(page.locator(".flash")).to_contain_text("authorised")

    page.get_by_role("button", name="Received").click()
    expect(page.locator("#inspect")).to_be_visible()
    page.get_by_role("button", name="Save the inspection").click()
    page.get_by_label("Shelf for units put back").select_option(label="Studio drawer")
    page.get_by_role("button", name="Put away").click()
    expect(page.get_by_label("Item")).to_have_value("44.00")  # the seller's fault: in full
    expect(page.get_by_label("Shipping")).to_have_value("6.00")
    page.get_by_role("button", name="Refund", exact=True).click()
    expect(page.locator(".flash")).to_contain_text("refunded")
    assert Refund.objects.get().lines.get().item == Decimal("44.00")

    page.goto(f"/inventory/sku/{line.sku.code}/")
    movements = page.locator("table.data", has_text="Return").last
    expect(movements).to_contain_text("Studio drawer")
    expect(movements).to_contain_text("+1")
