"""The Messages pages: templates with a live preview and a test send, rules, outbox."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse

from sellerdesk.core import clock
from sellerdesk.messaging.models import (
    Delivery,
    MessageRule,
    MessageTemplate,
    OptOut,
    OutboundMessage,
)
from sellerdesk.orders.tests.factories import (
    BuyerDetailsFactory,
    OrderFactory,
    OrderLineFactory,
    channel,
)

from .conftest import HTMX

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2025, 6, 12, 9, 0, tzinfo=dt.UTC)


def new_template(signed_in, **fields):
    data = {"kind": "shipped", "channel": "", "language": "en", "subject": "On its way",
            "body": "Hello {{ buyer_first_name }}"} | fields  # fmt: skip
    return signed_in.post(reverse("web:message_template_new"), data)


def test_a_template_is_written_previewed_against_a_real_order_and_sent_as_a_test(signed_in):
    order = OrderFactory(channel=channel("etsy"), marketplace=None, external_id="ETSY-9")
    OrderLineFactory(order=order, title="Opal pendant")
    BuyerDetailsFactory(order=order, name="Grace Hopper")

    response = new_template(signed_in)
    template = MessageTemplate.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("web:message_template", args=[template.pk])
    page = signed_in.get(response["Location"])
    assert "order_id" in page.content.decode()  # the documented context is listed

    body = "Hi {{ buyer_first_name }}, {% for i in items %}{{ i.title }}{% endfor %} left."
    shown = signed_in.post(
        reverse("web:message_preview"),
        {"subject": "{{ order_id }} shipped", "body": body, "order": order.pk}, **HTMX,
    )  # fmt: skip
    assert "Hi Grace, Opal pendant left." in shown.content.decode()
    assert "ETSY-9 shipped" in shown.content.decode()

    sent = signed_in.post(
        reverse("web:message_preview"),
        {"subject": "{{ order_id }} shipped", "body": body, "order": order.pk,
         "to": "maker@shop.example", "send_test": "1"}, **HTMX,
    )  # fmt: skip
    assert "Test sent to maker@shop.example" in sent.content.decode()
    (test,) = mail.outbox
    assert (test.subject, test.to, test.body) == (
        "[Test] ETSY-9 shipped", ["maker@shop.example"], "Hi Grace, Opal pendant left."
    )  # fmt: skip


def test_a_template_reaching_beyond_its_context_is_refused_with_the_names_it_may_use(signed_in):
    response = new_template(signed_in, body="{{ settings.SECRET_KEY }}")
    assert response.status_code == 400
    assert "which a message cannot reach" in response.content.decode()
    assert not MessageTemplate.objects.exists()
    problem = signed_in.post(
        reverse("web:message_preview"), {"subject": "x", "body": "{% if %}"}, **HTMX
    )
    assert "does not read as a template" in problem.content.decode()


def test_rules_page_refuses_a_shipping_message_for_amazon_and_saves_an_etsy_rule(signed_in):
    page = signed_in.get(reverse("web:message_rules")).content.decode()
    assert "Amazon sends the shipping confirmation to the buyer itself" in page
    assert "Amazon sends the refund notice to the buyer itself" in page
    etsy = channel("etsy")
    missing = signed_in.post(
        reverse("web:message_rules"),
        {"channel": etsy.pk, "trigger": "shipped", f"{etsy.pk}-shipped-is_enabled": "on"},
        follow=True,
    )  # fmt: skip
    assert MessageRule.objects.get().is_enabled
    assert "“An order ships” saved" in missing.content.decode()

    amazon = channel("amazon")
    refused = signed_in.post(
        reverse("web:message_rules"),
        {"channel": amazon.pk, "trigger": "delayed", f"{amazon.pk}-delayed-is_enabled": "on",
         f"{amazon.pk}-delayed-amazon_type": "unexpectedProblem"},
    )  # fmt: skip
    assert "Write the delay notice template first" in refused.content.decode()
    assert MessageRule.objects.count() == 1


def test_an_opt_out_is_added_and_removed(signed_in):
    signed_in.post(reverse("web:message_opt_out"), {"email": "Ada@Buyer.example"})
    opt_out = OptOut.objects.get()
    assert opt_out.email == "ada@buyer.example"
    signed_in.post(reverse("web:message_opt_out_remove", args=[opt_out.pk]))
    assert not OptOut.objects.exists()


def test_the_outbox_lists_messages_and_a_failed_one_is_cancelled(signed_in):
    with clock.pinned(NOW):
        order = OrderFactory(channel=channel("etsy"), marketplace=None)
        BuyerDetailsFactory(order=order, email="ada@buyer.example")
    response = signed_in.post(reverse("web:order_delay_notice", args=[order.pk]), follow=True)
    assert "Delay notice not sent: There is no delay notice template yet." in (
        response.content.decode()
    )
    failed = OutboundMessage.objects.get()
    page = signed_in.get(reverse("web:message_outbox") + "?state=failed").content.decode()
    assert "There is no delay notice template yet." in page
    action = reverse("web:message_outbox_action", args=[failed.pk, "cancel"])
    # Back to where the button was, but never to another site.
    response = signed_in.post(action, {"next": "https://evil.example/"})
    assert response["Location"] == reverse("web:message_outbox")
    assert OutboundMessage.objects.get().state == Delivery.CANCELLED
    unknown = reverse("web:message_outbox_action", args=[failed.pk, "delete"])
    assert signed_in.post(unknown).status_code == 404


def test_review_requests_page_shows_skipped_ones_with_their_reason(signed_in):
    with clock.pinned(NOW):
        order = OrderFactory()
    OutboundMessage.objects.create(
        order=order, kind="review_request", route="amazon", state=Delivery.SKIPPED,
        subject="Review request", reason="the order was refunded", key="k1",
        next_attempt_at=NOW, created_at=NOW,
    )  # fmt: skip
    page = signed_in.get(reverse("web:message_reviews") + "?state=skipped").content.decode()
    assert order.external_id in page
    assert "the order was refunded" in page


def test_the_standard_templates_are_added_from_the_templates_page(signed_in):
    page = signed_in.get(reverse("web:message_templates")).content.decode()
    assert "Add the standard templates" in page
    assert "Reply to a buyer" not in page  # replies come from canned replies, in the inbox
    response = signed_in.post(reverse("web:message_templates_standard"), follow=True)
    assert "Added 7 standard templates" in response.content.decode()
    assert MessageTemplate.objects.count() == 7


def test_previewing_for_an_amazon_order_warns_of_what_amazon_refuses(signed_in):
    order = OrderFactory(external_id="114-0000000-0000077")
    shown = signed_in.post(
        reverse("web:message_preview"),
        {"subject": "About {{ order_id }}", "body": "Call 0161 496 0000", "order": order.pk},
        **HTMX,
    ).content.decode()
    assert "For this Amazon order: Amazon does not allow a phone number" in shown
    plain = signed_in.post(
        reverse("web:message_preview"),
        {"subject": "About {{ order_id }}", "body": "It leaves Monday.", "order": order.pk},
        **HTMX,
    ).content.decode()
    assert "For this Amazon order" not in plain
