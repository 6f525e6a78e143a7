"""The outbox against a real SMTP server on loopback (aiosmtpd): what arrives is read back."""

import datetime as dt

import pytest

from sellerdesk.core import clock
from sellerdesk.core.errors import DomainError
from sellerdesk.inventory.services import Actor
from sellerdesk.messaging.models import Delivery, MessageTemplate, OptOut, OutboundMessage
from sellerdesk.messaging.services import deliver_due, delivery, queue_message, retry_message
from sellerdesk.messaging.tests.smtp import free_port, smtp_mailbox
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


@pytest.fixture
def mailbox(settings):
    with smtp_mailbox(settings) as box:
        yield box


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

    assert deliver_due(now=NOW) == {
        "sent": 1,
        "retrying": 0,
        "failed": 0,
        "skipped": 0,
        "waiting": 0,
    }
    assert deliver_due(now=NOW + dt.timedelta(hours=1))["sent"] == 0

    (mail,) = mailbox.received
    assert mail["To"] == "ada@buyer.example"
    assert mail["Subject"] == "Your order ETSY-1001 is on its way"
    assert mail["Message-ID"] == f"<{queued.key}@sellerdesk>"
    assert "Hello Ada, Silver stacking ring left today." in mail.get_payload(decode=True).decode()
    assert OutboundMessage.objects.get().state == Delivery.SENT
    steps = OrderEvent.objects.filter(order=order).values_list("message", flat=True)
    assert "Sent to the buyer by email: Your order ETSY-1001 is on its way" in steps


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


def test_a_message_that_breaks_the_mail_headers_fails_alone_and_the_rest_go(mailbox, order):
    other = OrderFactory(channel=channel("etsy"), marketplace=None, external_id="ETSY-1002")
    BuyerDetailsFactory(order=other, name="Grace Hopper", email="grace@buyer.example")
    broken = queue_message(order=order, kind="shipped", actor=MAKER, at=NOW)
    OutboundMessage.objects.filter(pk=broken.pk).update(subject="Your ring\nBcc: all@x.example")
    queue_message(order=other, kind="shipped", actor=MAKER, at=NOW)

    assert deliver_due(now=NOW) == {
        "sent": 1,
        "retrying": 0,
        "failed": 1,
        "skipped": 0,
        "waiting": 0,
    }

    assert [mail["To"] for mail in mailbox.received] == ["grace@buyer.example"]
    broken.refresh_from_db()
    assert broken.state == Delivery.FAILED
    assert broken.last_error.startswith(
        "It could not be sent: Header values can't contain newlines"
    )


def test_a_worker_that_outlived_its_lease_does_not_overwrite_the_next_ones_send(mailbox, order):
    queued = queue_message(order=order, kind="shipped", actor=MAKER, at=NOW)
    slow, _ = delivery._lease_one(NOW)  # a first worker leases it, then stalls
    assert deliver_due(now=NOW + delivery.LEASE + dt.timedelta(seconds=1))["sent"] == 1

    delivery._fail(slow, NOW + dt.timedelta(minutes=12), "timed out", gave_up=True)

    queued.refresh_from_db()
    assert (queued.state, queued.attempts, queued.last_error) == (Delivery.SENT, 2, "")


def test_amazon_orders_need_an_amazon_message_type_and_a_kind_goes_once(order):
    with pytest.raises(DomainError, match="Messaging API"):
        queue_message(order=OrderFactory(), kind="shipped", actor=MAKER)
    queue_message(order=order, kind="shipped", actor=MAKER, at=NOW)
    with pytest.raises(DomainError, match="has a shipped message already"):
        queue_message(order=order, kind="shipped", actor=MAKER, at=NOW)


def test_what_cannot_go_is_kept_with_the_reason_and_never_sent(mailbox, order):
    missing = queue_message(order=order, kind="review_request", actor=MAKER, at=NOW)
    with clock.pinned(NOW):
        silent = OrderFactory(channel=channel("etsy"), marketplace=None)
    no_address = queue_message(order=silent, kind="shipped", actor=MAKER, at=NOW)

    assert (missing.state, missing.last_error) == (
        Delivery.FAILED, "There is no review request template yet."
    )  # fmt: skip
    assert (no_address.state, no_address.reason) == (
        Delivery.SKIPPED, "the order has no buyer email to write to"
    )  # fmt: skip
    assert deliver_due(now=NOW)["sent"] == 0
    assert mailbox.received == []
    steps = OrderEvent.objects.filter(order=order).values_list("message", flat=True)
    assert "Review request not sent: There is no review request template yet." in steps


def test_a_buyer_who_opted_out_gets_only_the_critical_delay_notice(mailbox, order):
    OptOut.objects.create(email="ada@buyer.example", at=NOW, by="maker")
    MessageTemplate.objects.create(
        kind="delay", subject="A delay with {{ order_id }}", body="Sorry: a day late.",
        updated_at=NOW, updated_by="maker",
    )  # fmt: skip
    shipped = queue_message(order=order, kind="shipped", actor=MAKER, at=NOW)
    delay = queue_message(order=order, kind="delay", actor=MAKER, at=NOW)

    assert shipped.state == Delivery.SKIPPED
    assert "opted out" in shipped.reason
    assert deliver_due(now=NOW)["sent"] == 1
    assert [mail["Subject"] for mail in mailbox.received] == ["A delay with ETSY-1001"]
    assert OutboundMessage.objects.get(pk=delay.pk).state == Delivery.SENT


def test_a_failed_message_is_decided_again_when_retried(mailbox, order):
    failed = queue_message(order=order, kind="review_request", actor=MAKER, at=NOW)
    MessageTemplate.objects.create(
        kind="review_request", subject="How is your ring?", body="Tell us on {{ order_id }}.",
        updated_at=NOW, updated_by="maker",
    )  # fmt: skip
    with clock.pinned(NOW):
        retried = retry_message(failed, MAKER)
        assert retried.state == Delivery.QUEUED
        deliver_due()
    assert [mail["Subject"] for mail in mailbox.received] == ["How is your ring?"]
    with pytest.raises(DomainError, match="Only a failed"):
        retry_message(OutboundMessage.objects.get(), MAKER)


def test_a_delay_notice_still_queued_when_the_order_ships_is_not_sent(mailbox, order):
    MessageTemplate.objects.create(
        kind="delay", subject="Order {{ order_id }} is late", body="Sorry: a day or two more.",
        updated_at=NOW, updated_by="maker",
    )  # fmt: skip
    notice = queue_message(order=order, kind="delay", actor=MAKER, at=NOW)
    order.shipped_at = NOW + dt.timedelta(minutes=1)
    order.save(update_fields=["shipped_at"])

    assert deliver_due(now=NOW + dt.timedelta(minutes=2))["skipped"] == 1
    notice.refresh_from_db()
    assert (notice.state, notice.reason) == (
        Delivery.SKIPPED,
        "the order shipped before the delay notice went out",
    )
    assert mailbox.received == []


def test_a_retried_message_cannot_be_overwritten_by_a_worker_stalled_before_it(mailbox, order):
    queued = queue_message(order=order, kind="shipped", actor=MAKER, at=NOW)
    stalled, _ = delivery._lease_one(NOW)
    # The lease runs out, the next worker fails it for good, the seller sends it again.
    OutboundMessage.objects.filter(pk=queued.pk).update(state=Delivery.FAILED)
    retry_message(queued, MAKER)
    again, _ = delivery._lease_one(clock.now())
    assert again.attempts == stalled.attempts == 1  # attempts start over; leases do not

    delivery._fail(stalled, NOW, "timed out long ago", gave_up=True)

    queued.refresh_from_db()
    assert (queued.state, queued.last_error) == (Delivery.SENDING, "")
    with pytest.raises(DomainError, match="Only a failed message"):
        retry_message(queued, MAKER)  # a second click on "Send again" changes nothing
