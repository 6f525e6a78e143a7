"""Rules per channel, Amazon's limits on them, and the rules fired from the timeline."""

import datetime as dt

import pytest

from sellerdesk.core import clock
from sellerdesk.core.errors import DomainError
from sellerdesk.inventory import services as stock
from sellerdesk.inventory.models import Location
from sellerdesk.inventory.services import Actor
from sellerdesk.messaging.models import (
    AmazonMessageType,
    Delivery,
    MessageTemplate,
    OutboundMessage,
    Route,
)
from sellerdesk.messaging.services.rules import save_rule
from sellerdesk.messaging.services.templates import preview, save_template
from sellerdesk.messaging.services.triggers import fire_rules, send_delay_notice
from sellerdesk.orders.services import ship_order
from sellerdesk.orders.tests.factories import (
    BuyerDetailsFactory,
    OrderFactory,
    OrderLineFactory,
    channel,
)

pytestmark = pytest.mark.django_db

MAKER = Actor("maker")
NOW = dt.datetime(2025, 6, 12, 9, 0, tzinfo=dt.UTC)


def template(kind: str, body: str, on: str | None = None) -> MessageTemplate:
    return save_template(
        kind=kind, channel=channel(on) if on else None, language="en",
        subject=f"{kind} for {{{{ order_id }}}}", body=body, actor=MAKER,
    )  # fmt: skip


def test_amazon_rules_take_only_amazons_message_types_and_compliant_templates():
    amazon = channel("amazon")
    with pytest.raises(DomainError, match="shipping confirmation itself"):
        save_rule(
            channel=amazon, trigger="shipped", kind="shipped",
            amazon_type=AmazonMessageType.CONFIRM_DELIVERY_DETAILS, is_enabled=True, actor=MAKER,
        )  # fmt: skip
    with pytest.raises(DomainError, match="Write the delay notice template first"):
        save_rule(
            channel=amazon, trigger="delayed", kind="delay",
            amazon_type=AmazonMessageType.UNEXPECTED_PROBLEM, is_enabled=True, actor=MAKER,
        )  # fmt: skip
    template("delay", "Sorry, {{ buyer_first_name }}: call us on +1 (555) 010-2345.")
    with pytest.raises(DomainError, match=r"a phone number \('\+1 \(555\) 010-2345'\)"):
        save_rule(
            channel=amazon, trigger="delayed", kind="delay",
            amazon_type=AmazonMessageType.UNEXPECTED_PROBLEM, is_enabled=True, actor=MAKER,
        )  # fmt: skip
    with pytest.raises(DomainError, match="may send only: Request a Review"):
        save_rule(
            channel=amazon, trigger="review_window", kind="review_request",
            amazon_type=AmazonMessageType.UNEXPECTED_PROBLEM, is_enabled=True, actor=MAKER,
        )  # fmt: skip


def test_a_template_whose_message_carries_a_link_is_refused_once_amazon_sends_it():
    delivered = template("delivered", "Hello {{ buyer_first_name }}, it arrived.")
    save_rule(
        channel=channel("amazon"), trigger="delivered", kind="delivered",
        amazon_type=AmazonMessageType.CONFIRM_DELIVERY_DETAILS, is_enabled=True, actor=MAKER,
    )  # fmt: skip
    # The link is not in the template's text; it comes in with the tracking link.
    with pytest.raises(DomainError, match="a link"):
        save_template(
            kind="delivered", channel=None, language="en", subject="Arrived",
            body="Track it: {{ tracking_link }}", actor=MAKER, template=delivered,
        )  # fmt: skip
    # Etsy's own template may carry it: Amazon never sends that one.
    template("delivered", "Track it: {{ tracking_link }}", on="etsy")


def test_a_template_that_does_not_render_is_not_kept():
    with pytest.raises(DomainError, match="cannot reach"):
        template("shipped", "Hello {{ buyer.email }}")
    assert not MessageTemplate.objects.exists()


def test_preview_renders_against_a_real_order():
    order = OrderFactory(channel=channel("etsy"), marketplace=None, external_id="ETSY-7")
    OrderLineFactory(order=order, title="Garnet earrings")
    shown = preview("About {{ order_id }}", "{% for i in items %}{{ i.title }}{% endfor %}", order)
    assert (shown.subject, shown.body) == ("About ETSY-7", "Garnet earrings")


def shippable(order):
    line = OrderLineFactory(order=order)
    stock.receive_stock(
        sku=line.sku, location=Location.objects.get_or_create(code="SHELF", name="Shelf")[0],
        quantity=1, reason="made", actor=MAKER, at=NOW - dt.timedelta(days=1),
    )  # fmt: skip


def test_shipping_an_order_fires_the_channels_rule_once():
    template("shipped", "{{ carrier }} {{ tracking_number }}")
    with clock.pinned(NOW):
        before = OrderFactory(channel=channel("etsy"), marketplace=None)
        BuyerDetailsFactory(order=before, email="early@buyer.example")
        shippable(before)
        ship_order(order=before, actor=MAKER)  # before the rule: never written about
        save_rule(
            channel=channel("etsy"), trigger="shipped", kind="shipped", amazon_type="",
            is_enabled=True, actor=MAKER,
        )  # fmt: skip
        order = OrderFactory(channel=channel("etsy"), marketplace=None)
        shippable(order)
        BuyerDetailsFactory(order=order, email="ada@buyer.example")
        ship_order(
            order=order, actor=MAKER, carrier="USPS", tracking_number="9400111202555842761023"
        )
        assert fire_rules() == 1
        assert fire_rules() == 0
    message = OutboundMessage.objects.get()
    assert (message.order, message.route, message.recipient) == (
        order, Route.EMAIL, "ada@buyer.example"
    )  # fmt: skip
    assert message.body == "USPS 9400111202555842761023"


def test_a_delay_notice_goes_to_amazon_buyers_as_an_unexpected_problem():
    template("delay", "Order {{ order_id }} will be two days late, sorry.")
    with clock.pinned(NOW):
        order = OrderFactory()
        message = send_delay_notice(order=order, actor=MAKER)
    assert (message.route, message.amazon_type, message.state) == (
        Route.AMAZON, AmazonMessageType.UNEXPECTED_PROBLEM, Delivery.QUEUED
    )  # fmt: skip
    assert message.body == f"Order {order.external_id} will be two days late, sorry."
    assert message.recipient == ""
