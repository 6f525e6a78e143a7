"""A shipped email in a real browser: write the template, preview it against the order, turn
on Etsy's shipping rule, ship the order, and read the email the loopback SMTP server got."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from sellerdesk.core import clock
from sellerdesk.inventory.tests.factories import LocationFactory, StockLevelFactory
from sellerdesk.messaging import tasks
from sellerdesk.messaging.tests.smtp import smtp_mailbox
from sellerdesk.orders.tests.factories import (
    BuyerDetailsFactory,
    OrderFactory,
    OrderLineFactory,
    channel,
)

pytestmark = pytest.mark.browser

BODY = (
    "Hello {{ buyer_first_name }},\n"
    "{% for item in items %}{{ item.title }}{% endfor %} left the studio today.\n"
    "Follow it: {{ tracking_link }}"
)


def test_write_preview_ship_and_the_email_arrives(
    page, live_server, log_in, settings, reference_data
):
    order = OrderFactory(
        channel=channel("etsy"), marketplace=None, external_id="3412345678",
        purchased_at=clock.now() - dt.timedelta(days=1),
    )  # fmt: skip
    line = OrderLineFactory(order=order, title="Opal pendant", quantity_ordered=1)
    StockLevelFactory(sku=line.sku, location=LocationFactory(name="Studio drawer"), on_hand=2)
    BuyerDetailsFactory(order=order, name="Grace Hopper", email="grace@buyer.example")

    with smtp_mailbox(settings) as mailbox:
        page.goto("/messages/templates/new/?kind=shipped")
        log_in(page)
        form = page.locator("#template-form")
        form.get_by_label("Subject").fill("Your order {{ order_id }} is on its way")
        form.get_by_label("Body").fill(BODY)
        page.locator("#preview-form").get_by_label("Order").select_option(str(order.pk))
        expect(page.locator("#preview-rendered-subject")).to_have_text(
            "Your order 3412345678 is on its way"
        )
        expect(page.locator("#preview-rendered-body")).to_contain_text(
            "Hello Grace,\nOpal pendant left the studio today."
        )
        form.get_by_role("button", name="Save template").click()
        expect(page.locator(".flash")).to_contain_text("saved")

        page.goto("/messages/rules/")
        etsy = page.locator("#rule-etsy-shipped")
        etsy.get_by_role("checkbox").check()
        etsy.get_by_role("button", name="Save").click()
        expect(page.locator(".flash")).to_contain_text("Etsy: “An order ships” saved.")

        page.goto(f"/orders/{order.pk}/")
        ship = page.locator("#ship-form")
        ship.get_by_label("Carrier", exact=True).select_option("USPS")
        ship.get_by_label("Tracking number").fill("9400111206206406260787")
        ship.get_by_role("button", name="Confirm shipment").click()
        expect(page.locator("#shipments")).to_contain_text("9400111206206406260787")

        tasks.send_messages.call_local()  # what the worker runs every minute

        (mail,) = mailbox.received
        assert mail["To"] == "grace@buyer.example"
        assert mail["Subject"] == "Your order 3412345678 is on its way"
        text = mail.get_payload(decode=True).decode()
        assert "Opal pendant left the studio today." in text
        assert "9400111206206406260787" in text
        page.goto(f"/orders/{order.pk}/")
        expect(page.locator("main")).to_contain_text(
            "Sent to the buyer by email: Your order 3412345678 is on its way"
        )
