"""The outbox against a real SMTP server on loopback (aiosmtpd): what arrives is read back."""

import datetime as dt
import email
import socket

import pytest
from aiosmtpd.controller import Controller

from sellerdesk.core import clock
from sellerdesk.core.errors import DomainError
from sellerdesk.inventory.services import Actor
from sellerdesk.messaging.models import Delivery, MessageTemplate, OutboundMessage
from sellerdesk.messaging.services import deliver_due, queue_message
from sellerdesk.orders.models import OrderEvent
from sellerdesk.orders.tests.factories import (
    BuyerDetailsFactory,
    OrderFactory,
    OrderLineFactory,
    channel,
)

pytestmark = pytest.mark.django_db

MAKER = Actor("maker")
NOW = dt.datetime(2025, 6, 12, 9, 0, tzinfo=dt.UTC)


class Mailbox:
    def __init__(self) -> None:
        self.received: list[email.message.Message] = []

    async def handle_DATA(self, server, session, envelope):
        self.received.append(email.message_from_bytes(envelope.content))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def mailbox(settings):
    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.DEFAULT_FROM_EMAIL = "shop@wren.example"
    yield box
    controller.stop()


@pytest.fixture
def order():
    order = OrderFactory(channel=channel("etsy"), marketplace=None, external_id="ETSY-1001")
    OrderLineFactory(order=order, title="Silver stacking ring", channel_sku="RING-5")
    BuyerDetailsFactory(order=order, name="Ada Lovelace", email="ada@buyer.example")
    MessageTemplate.objects.create(
        kind="shipped", subject="Your order {{ order_id }} is on its way",
        body="Hello {{ buyer_first_name }}, {% for item in items %}{{ item.title }}{% endfor %} left today.",
        updated_at=NOW, updated_by="maker",
    )  # fmt: skip
    return order


def test_a_queued_message_arrives_once_with_its_key_as_message_id(mailbox, order):
    queued = queue_message(order=order, kind="shipped", actor=MAKER, at=NOW)

    assert deliver_due(now=NOW) == {"sent": 1, "retrying": 0, "failed": 0}
    assert deliver_due(now=NOW + dt.timedelta(hours=1))["sent"] == 0

    (mail,) = mailbox.received
    assert mail["To"] == "ada@buyer.example"
    assert mail["Subject"] == "Your order ETSY-1001 is on its way"
    assert mail["Message-ID"] == f"<{queued.key}@sellerdesk>"
    assert "Hello Ada, Silver stacking ring left today." in mail.get_payload(decode=True).decode()
    assert OutboundMessage.objects.get().state == Delivery.SENT
    steps = OrderEvent.objects.filter(order=order).values_list("message", flat=True)
    assert "Email sent to the buyer: Your order ETSY-1001 is on its way" in steps


def test_an_unreachable_server_is_retried_with_backoff_then_given_up(settings, order):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 2
    queue_message(order=order, kind="shipped", actor=MAKER, at=NOW)
    at = NOW
    outcomes = []
    for _ in range(5):
        outcomes.append(deliver_due(now=at))
        at = OutboundMessage.objects.get().next_attempt_at
    assert [o["retrying"] for o in outcomes] == [1, 1, 1, 1, 0]
    message = OutboundMessage.objects.get()
    assert (message.state, message.attempts) == (Delivery.FAILED, 5)
    assert message.last_error  # the socket's own words: connection refused


def test_a_message_left_sending_by_a_dead_worker_is_sent_again_under_the_same_key(mailbox, order):
    queued = queue_message(order=order, kind="shipped", actor=MAKER, at=NOW)
    OutboundMessage.objects.filter(pk=queued.pk).update(
        state=Delivery.SENDING, attempts=1, next_attempt_at=NOW + dt.timedelta(minutes=10)
    )
    assert deliver_due(now=NOW + dt.timedelta(minutes=5))["sent"] == 0  # still leased
    assert deliver_due(now=NOW + dt.timedelta(minutes=11))["sent"] == 1
    assert [mail["Message-ID"] for mail in mailbox.received] == [f"<{queued.key}@sellerdesk>"]


def test_amazon_buyers_orders_without_email_and_repeats_are_refused(order):
    amazon_order = OrderFactory()
    with pytest.raises(DomainError, match="Messaging API"):
        queue_message(order=amazon_order, kind="shipped", actor=MAKER)
    queue_message(order=order, kind="shipped", actor=MAKER, at=NOW)
    with pytest.raises(DomainError, match="already sent"):
        queue_message(order=order, kind="shipped", actor=MAKER, at=NOW)
    with pytest.raises(DomainError, match="no review request template"):
        queue_message(order=order, kind="review_request", actor=MAKER, at=NOW)
    with clock.pinned(NOW):
        silent = OrderFactory(channel=channel("etsy"), marketplace=None)
    with pytest.raises(DomainError, match="no buyer email"):
        queue_message(order=silent, kind="shipped", actor=MAKER)
