"""A buyer's message in a real browser: pick a canned reply, which fills the reply box for the
order (htmx), edit it, send it, and the message's 24-hour clock stops once it goes out."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from sellerdesk.core import clock
from sellerdesk.messaging import tasks
from sellerdesk.messaging.models import BuyerMessage, CannedReply, OutboundMessage
from sellerdesk.orders.tests.factories import BuyerDetailsFactory, OrderFactory

pytestmark = pytest.mark.browser


def test_a_canned_reply_fills_the_box_and_the_reply_stops_the_clock(
    page, live_server, log_in, reference_data
):
    order = OrderFactory(external_id="114-0000019-0000019")
    BuyerDetailsFactory(order=order, name="Grace Hopper")
    message = BuyerMessage.objects.create(
        order=order, received_at=clock.now() - dt.timedelta(hours=21), source="entered",
        sender="q7w8@marketplace.amazon.com", subject="Ring size", body="Which size is it?",
    )  # fmt: skip
    CannedReply.objects.create(
        title="Sizes", body="Hi {{ buyer_first_name }}, order {{ order_id }} is a size 7.",
        updated_at=clock.now(),
    )  # fmt: skip

    page.goto("/inbox/")
    log_in(page)
    expect(page.locator("#awaiting")).to_contain_text("left")
    page.get_by_role("link", name="Ring size").click()
    page.get_by_label("Start from a canned reply").select_option(label="Sizes")
    box = page.get_by_label("Reply", exact=True)
    expect(box).to_have_value("Hi Grace, order 114-0000019-0000019 is a size 7.")
    box.fill(box.input_value() + " Thank you!")
    page.get_by_role("button", name="Send the reply").click()

    expect(page.locator(".flash")).to_contain_text("Reply queued")
    expect(page.locator("#clock")).to_contain_text("A reply is queued")
    tasks.send_messages.call_local()  # what the worker runs every minute
    page.reload()
    expect(page.locator("#clock")).to_contain_text("Answered")
    sent = OutboundMessage.objects.get(answers=message)
    assert sent.body.endswith("is a size 7. Thank you!")
    assert sent.recipient == "q7w8@marketplace.amazon.com"
