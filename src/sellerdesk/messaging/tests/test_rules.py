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
    MessageRule,
    MessageTemplate,
    OutboundMessage,
    Route,
)
from sellerdesk.messaging.services.rules import save_rule, start_rules_cursor
from sellerdesk.messaging.services.templates import add_standard_templates, preview, save_template
from sellerdesk.messaging.services.triggers import fire_rules, send_delay_notice
from sellerdesk.orders.models import OrderEvent
from sellerdesk.orders.services import ship_order
from sellerdesk.orders.tests.factories import (
    BuyerDetailsFactory,
    OrderFactory,
    OrderLineFactory,
    channel,
)
from sellerdesk.returns.models import Return, ReturnLine

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
    confirmation = template("order_confirmation", "Hello {{ buyer_first_name }}, which letters?")
    save_rule(
        channel=channel("amazon"), trigger="order_received", kind="order_confirmation",
        amazon_type=AmazonMessageType.CONFIRM_CUSTOMIZATION_DETAILS, is_enabled=True, actor=MAKER,
    )  # fmt: skip
    # The link is not in the template's text; it comes in with the tracking link.
    with pytest.raises(DomainError, match="a link"):
        save_template(
            kind="order_confirmation", channel=None, language="en", subject="Letters",
            body="Track it: {{ tracking_link }}", actor=MAKER, template=confirmation,
        )  # fmt: skip
    # Etsy's own template may carry it: Amazon never sends that one.
    template("order_confirmation", "Track it: {{ tracking_link }}", on="etsy")


@pytest.mark.parametrize(
    ("trigger", "kind", "says"),
    [
        ("delivered", "delivered", "the delivery notice itself"),
        ("return_received", "return_received", "the return's progress itself"),
        ("refund_issued", "refund_issued", "the refund notice itself"),
    ],
)
def test_amazon_tells_its_buyers_of_deliveries_returns_and_refunds_itself(trigger, kind, says):
    template(kind, "Hello {{ buyer_first_name }}.")
    with pytest.raises(DomainError, match=says):
        save_rule(
            channel=channel("amazon"), trigger=trigger, kind=kind,
            amazon_type=AmazonMessageType.CONFIRM_DELIVERY_DETAILS, is_enabled=True, actor=MAKER,
        )  # fmt: skip
    # Other channels' buyers hear it from the seller.
    save_rule(
        channel=channel("etsy"), trigger=trigger, kind=kind, amazon_type="", is_enabled=True,
        actor=MAKER,
    )  # fmt: skip


def test_the_review_request_goes_only_on_the_review_window():
    template("shipped", "On its way.")
    for trigger, kind in (("shipped", "review_request"), ("review_window", "shipped")):
        with pytest.raises(DomainError, match="review request goes only on the review window"):
            save_rule(
                channel=channel("etsy"), trigger=trigger, kind=kind, amazon_type="",
                is_enabled=True, actor=MAKER,
            )  # fmt: skip


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
        # Turned off and on again, it does not go back over what shipped meanwhile.
        save_rule(
            channel=channel("etsy"), trigger="shipped", kind="shipped", amazon_type="",
            is_enabled=False, actor=MAKER,
        )  # fmt: skip
        meanwhile = OrderFactory(channel=channel("etsy"), marketplace=None)
        shippable(meanwhile)
        BuyerDetailsFactory(order=meanwhile, email="meanwhile@buyer.example")
        ship_order(order=meanwhile, actor=MAKER)
        save_rule(
            channel=channel("etsy"), trigger="shipped", kind="shipped", amazon_type="",
            is_enabled=True, actor=MAKER,
        )  # fmt: skip
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


def test_a_return_recorded_days_after_it_arrived_still_gets_its_email_on_an_old_order():
    template("return_received", "We have your return of order {{ order_id }}.")
    with clock.pinned(NOW - dt.timedelta(days=10)):
        save_rule(
            channel=channel("etsy"), trigger="return_received", kind="return_received",
            amazon_type="", is_enabled=True, actor=MAKER,
        )  # fmt: skip
    order = OrderFactory(
        channel=channel("etsy"), marketplace=None, purchased_at=NOW - dt.timedelta(days=60)
    )
    BuyerDetailsFactory(order=order, email="ada@buyer.example")
    line = OrderLineFactory(order=order)
    with clock.pinned(NOW):
        assert fire_rules() == 0
        # A parcel that arrived three days ago, recorded today: read by when it arrived.
        ret = Return.objects.create(
            status="received", source="manual", channel=channel("etsy"), reason="damaged",
            seller_at_fault=False, received_at=NOW - dt.timedelta(days=3), created_at=NOW,
        )  # fmt: skip
        ReturnLine.objects.create(ret=ret, order_line=line, quantity=1)
        assert fire_rules() == 1
        assert fire_rules() == 0
    message = OutboundMessage.objects.get()
    assert message.body == f"We have your return of order {order.external_id}."


def test_an_amazon_template_is_held_to_amazons_rules_before_any_rule_sends_it():
    with pytest.raises(DomainError, match=r"for Amazon buyers\. .*a phone number"):
        template("delay", "Call us on +1 (555) 010-2345.", on="amazon")
    assert not MessageTemplate.objects.exists()


def test_a_tracking_link_is_caught_even_when_no_amazon_order_has_shipped_yet():
    OrderFactory()  # an Amazon order, not shipped: its tracking link renders empty
    template("delay", "Sorry for the wait. Follow it here: {{ tracking_link }}")
    with pytest.raises(DomainError, match="a link"):
        save_rule(
            channel=channel("amazon"), trigger="delayed", kind="delay",
            amazon_type=AmazonMessageType.UNEXPECTED_PROBLEM, is_enabled=True, actor=MAKER,
        )  # fmt: skip


def test_preview_without_an_order_uses_a_made_up_one_with_the_shops_name(settings):
    settings.SELLERDESK_SHOP_NAME = "Wren & Wire"
    OrderFactory(external_id="114-0000000-0000042")  # a real order is not taken for it
    shown = preview("Your {{ shop_name }} order", "{{ order_id }} by {{ carrier }}", None)
    assert (shown.subject, shown.body) == ("Your Wren & Wire order", "114-1234567-1234567 by USPS")


def test_the_standard_templates_render_keep_to_amazons_rules_and_are_added_once():
    added, refused = add_standard_templates(actor=MAKER)
    assert refused == {}
    assert sorted(t.kind for t in added) == sorted(
        ["order_confirmation", "shipped", "delivered", "delay", "return_received",
         "refund_issued", "review_request"]
    )  # fmt: skip
    assert add_standard_templates(actor=MAKER) == ([], {})
    # Each kind Amazon may send is accepted by its rule as it stands.
    for trigger, kind, amazon_type in (
        ("order_received", "order_confirmation", AmazonMessageType.CONFIRM_CUSTOMIZATION_DETAILS),
        ("delayed", "delay", AmazonMessageType.UNEXPECTED_PROBLEM),
        ("review_window", "review_request", AmazonMessageType.REVIEW_REQUEST),
    ):
        save_rule(
            channel=channel("amazon"), trigger=trigger, kind=kind, amazon_type=amazon_type,
            is_enabled=True, actor=MAKER,
        )  # fmt: skip
    shipped = MessageTemplate.objects.get(kind="shipped")
    shown = preview(shipped.subject, shipped.body, None)
    assert "Follow it here: https://tools.usps.com/" in shown.body


def test_a_rule_stored_before_amazons_limits_were_enforced_never_sends():
    template("delivered", "Hello {{ buyer_first_name }}, it arrived.")
    with clock.pinned(NOW):
        MessageRule.objects.create(
            channel=channel("amazon"), trigger="delivered", kind="delivered",
            amazon_type=AmazonMessageType.CONFIRM_DELIVERY_DETAILS, is_enabled=True,
            updated_at=NOW, updated_by="an older sellerdesk",
        )  # fmt: skip
        start_rules_cursor()
        order = OrderFactory(delivered_at=NOW)
        OrderEvent.objects.create(order=order, at=NOW, kind="delivered", actor="t")
        assert fire_rules() == 0
    assert not OutboundMessage.objects.exists()


def test_standard_templates_a_rule_refuses_are_left_out_with_why(settings):
    settings.SELLERDESK_SHOP_NAME = "silver.co"
    template("delay", "Sorry for the wait.")
    save_rule(
        channel=channel("amazon"), trigger="delayed", kind="delay",
        amazon_type=AmazonMessageType.UNEXPECTED_PROBLEM, is_enabled=True, actor=MAKER,
    )  # fmt: skip
    MessageTemplate.objects.all().delete()
    added, refused = add_standard_templates(actor=MAKER)
    assert set(refused) == {"delay"}
    assert "a link ('silver.co')" in refused["delay"]
    assert len(added) == 6
