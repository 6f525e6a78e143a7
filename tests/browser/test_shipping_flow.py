"""A day's shipping in a real browser: batch what is due, print the pick list, slips and
labels, enter each parcel's tracking number, confirm, and watch the orders leave the queue."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from sellerdesk.core import clock
from sellerdesk.core.tests.pdf_pages import pdf_barcodes, pdf_pages
from sellerdesk.fulfillment.models import ShopProfile
from sellerdesk.inventory.tests.factories import LocationFactory, StockLevelFactory
from sellerdesk.orders.models import Order, OrderStatus
from sellerdesk.orders.tests.factories import BuyerDetailsFactory, OrderFactory, OrderLineFactory

pytestmark = pytest.mark.browser

UPS_NUMBERS = ["1Z999AA10123456784", "1Z999AA10123456793"]


def due(external_id: str, hours: float, sku: str, buyer: str, **line) -> Order:
    order = OrderFactory(
        external_id=external_id,
        purchased_at=clock.now() - dt.timedelta(days=1),
        latest_ship_at=clock.now() + dt.timedelta(hours=hours),
    )
    made = OrderLineFactory(order=order, sku__code=sku, quantity_ordered=1, **line)
    StockLevelFactory(sku=made.sku, location=LocationFactory(name="Studio drawer"), on_hand=3)
    BuyerDetailsFactory(order=order, name=buyer)
    return order


def pdf(page: Page, link_name: str) -> bytes:
    """The document behind a link, fetched with the browser's own session."""
    href = page.get_by_role("link", name=link_name).get_attribute("href")
    response = page.request.get(href)
    assert response.ok, response.status
    assert response.headers["content-type"] == "application/pdf"
    return response.body()


def test_batch_print_ship_and_the_queue_empties(page, live_server, log_in, reference_data):
    ShopProfile.objects.create(
        shop_name="Wren & Wire", address_line1="120 Foundry Street", city="Portland",
        region="OR", postal_code="97209", country_code="US",
    )  # fmt: skip
    # One late, one due within the hour (today wherever the clock is), one due in three days.
    first = due("114-0000001-0000001", -1, "RING-5", "Ada Lovelace", personalisation="A + J")
    second = due("114-0000002-0000002", 0.5, "CHAIN-1", "Grace Hopper", gift_message="Enjoy!")
    later = due("114-0000003-0000003", 72, "RING-9", "Alan Turing")

    page.goto("/to-ship/")
    log_in(page)
    expect(page.get_by_role("heading", name="To ship")).to_be_visible()
    page.get_by_role("button", name="Batch everything due today").click()

    expect(page.get_by_role("heading", name="Batch")).to_be_visible()
    batch_url = page.url
    expect(page.locator(".flash")).to_contain_text("made of 2 orders")
    pick = " ".join(pdf_pages(pdf(page, "Pick list (PDF)")))
    assert "2 orders, 2 units of 2 SKUs" in pick
    assert "Personalisation: A + J" in pick
    assert "Gift message: Enjoy!" in pick
    slips = pdf_pages(pdf(page, "Packing slips (PDF)"))
    assert len(slips) == 2
    assert "Wren & Wire" in slips[0]
    assert first.external_id in slips[0]
    assert "Gift receipt" in slips[1]
    assert "$" not in slips[1]

    for order, number in zip((first, second), UPS_NUMBERS, strict=True):
        page.get_by_role("link", name=order.external_id).click()
        form = page.locator("#ship-form")
        form.get_by_label("Carrier", exact=True).select_option("UPS")
        form.get_by_label("Tracking number").fill(number[:-1] + "0")  # one digit mistyped
        form.get_by_role("button", name="Confirm shipment").click()
        expect(page.locator("#ship-form .form-error")).to_contain_text("check digit")
        page.locator("#ship-form").get_by_label("Tracking number").fill(number)
        page.locator("#ship-form").get_by_role("button", name="Confirm shipment").click()
        expect(page.locator("#shipments")).to_contain_text(number)
        expect(page.get_by_role("link", name="Track with the carrier")).to_have_attribute(
            "href", f"https://www.ups.com/track?tracknum={number}"
        )
        page.goto(batch_url)

    labels = pdf(page, "Labels (PDF)")
    assert pdf_barcodes(labels) == [[("Code128", number)] for number in UPS_NUMBERS]

    page.goto("/to-ship/")
    queue = page.locator("main")
    expect(queue).to_contain_text(later.external_id)
    expect(queue).not_to_contain_text(first.external_id)
    expect(queue).not_to_contain_text(second.external_id)
    assert set(Order.objects.values_list("status", flat=True)) == {
        OrderStatus.SHIPPED,
        OrderStatus.UNSHIPPED,
    }


def test_a_scanner_ticks_off_each_unit_and_a_wrong_item_is_flagged(
    page, live_server, log_in, reference_data
):
    order = due("114-0000004-0000004", 3, "RING-5", "Ada Lovelace")
    OrderLineFactory(order=order, sku__code="CHAIN-1", sku__barcode="036000291452")

    page.goto(f"/orders/{order.pk}/pack/")
    log_in(page)
    field = page.get_by_label("Scan")
    expect(field).to_be_focused()
    # A USB scanner is a keyboard: it types the code, then Enter.
    for code, answer in [
        ("RING-5", "RING-5: 1 of 1"),
        ("EARRING-3", "Wrong item: EARRING-3 is not in this order."),
        ("036000291452", "CHAIN-1: 1 of 1"),
    ]:
        page.keyboard.type(code)
        page.keyboard.press("Enter")
        expect(page.locator("#scan-result")).to_contain_text(answer)
        expect(field).to_have_value("")
        expect(field).to_be_focused()
    expect(page.locator("#pack-complete")).to_contain_text("All scanned")
    expect(page.locator("#scan-result")).to_have_attribute("role", "status")
