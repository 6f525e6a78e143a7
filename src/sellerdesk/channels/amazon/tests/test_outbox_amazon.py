"""The outbox sending Amazon buyers' messages through the registered messenger, against the
sandbox: a delay notice as an unexpected problem, a review request through Solicitations."""

import datetime as dt
import json

import pytest

from sellerdesk.core import clock
from sellerdesk.messaging.models import AmazonMessageType, Delivery, MessageTemplate
from sellerdesk.messaging.services import deliver_due, queue_message
from sellerdesk.messaging.services.triggers import send_delay_notice
from sellerdesk.orders.models import Order, OrderEvent

from .sync_shop import MODELS, NO_MODELS, requests_to
from .test_messenger import ORDER, amazon_order

pytestmark = [pytest.mark.django_db, pytest.mark.skipif(not MODELS.is_dir(), reason=NO_MODELS)]


@pytest.fixture
def order(amazon, actor):
    return amazon_order(ORDER, actor)


def test_a_delay_notice_reaches_amazon_as_an_unexpected_problem(order, sandbox, actor):
    MessageTemplate.objects.create(
        kind="delay", subject="Order {{ order_id }}", body="My Message",
        updated_at=clock.now(), updated_by="maker",
    )  # fmt: skip
    message = send_delay_notice(order=order, actor=actor)

    assert deliver_due()["sent"] == 1
    [sent] = requests_to(sandbox, "/messaging/v1/orders/", "POST")
    assert sent["path"] == f"/messaging/v1/orders/{ORDER}/messages/unexpectedProblem"
    assert json.loads(sent["body"]) == {"text": "My Message"}
    message.refresh_from_db()
    assert message.state == Delivery.SENT
    steps = OrderEvent.objects.filter(order=order).values_list("message", flat=True)
    assert f"Sent to the buyer through Amazon: Order {ORDER}" in steps


def test_a_review_request_goes_through_solicitations_once(order, sandbox, actor):
    queue_message(
        order=order, kind="review_request", amazon_type=AmazonMessageType.REVIEW_REQUEST,
        actor=actor,
    )  # fmt: skip
    assert deliver_due()["sent"] == 1
    assert len(requests_to(sandbox, "/solicitations/", "POST")) == 1
    assert deliver_due(now=clock.now() + dt.timedelta(days=1))["sent"] == 0


def test_an_amazon_message_interrupted_mid_send_is_not_sent_again(order, sandbox, actor):
    message = queue_message(
        order=order, kind="review_request", amazon_type=AmazonMessageType.REVIEW_REQUEST,
        actor=actor,
    )  # fmt: skip
    message.state, message.attempts = Delivery.SENDING, 1
    message.save()  # as a worker leaves it when it dies mid-send

    assert deliver_due(now=clock.now() + dt.timedelta(minutes=11))["failed"] == 1
    message.refresh_from_db()
    assert message.state == Delivery.FAILED
    assert "Seller Central" in message.last_error
    assert requests_to(sandbox, "/solicitations/", "POST") == []


def test_a_review_request_amazon_does_not_offer_yet_waits_for_a_later_day(order, sandbox, actor):
    # Inside our window by the day (delivered 3 to 6 days ago) but not yet by Amazon's clock.
    now = clock.now()
    Order.objects.filter(pk=order.pk).update(
        earliest_delivery_at=now - dt.timedelta(days=5, hours=-2),
        latest_delivery_at=now - dt.timedelta(days=3),
    )
    none_yet = {"_links": {"actions": [], "self": {"href": f"/solicitations/v1/orders/{ORDER}"}}}
    sandbox.add_example(
        "getSolicitationActionsForOrder", "GET", "/solicitations/v1/orders/{amazonOrderId}",
        parameters={"amazonOrderId": {"value": ORDER}}, response=none_yet, times=1,
    )  # fmt: skip
    with clock.pinned(now):
        message = queue_message(
            order=order, kind="review_request", amazon_type=AmazonMessageType.REVIEW_REQUEST,
            actor=actor,
        )  # fmt: skip
        assert deliver_due()["waiting"] == 1
    message.refresh_from_db()
    assert (message.state, message.next_attempt_at) == (Delivery.QUEUED, now + dt.timedelta(days=1))
    assert "asked again each day" in message.last_error
    assert message.attempts == 0  # waiting for Amazon's window uses up no try
    assert requests_to(sandbox, "/solicitations/", "POST") == []

    with clock.pinned(now + dt.timedelta(days=1)):
        assert deliver_due()["sent"] == 1  # offered now (Amazon's example answer)
    assert len(requests_to(sandbox, "/solicitations/", "POST")) == 1


def test_a_review_request_amazon_does_not_offer_after_our_window_is_skipped(order, sandbox, actor):
    now = clock.now()
    Order.objects.filter(pk=order.pk).update(
        earliest_delivery_at=now - dt.timedelta(days=40),
        latest_delivery_at=now - dt.timedelta(days=31),
    )
    none = {"_links": {"actions": [], "self": {"href": f"/solicitations/v1/orders/{ORDER}"}}}
    sandbox.add_example(
        "getSolicitationActionsForOrder", "GET", "/solicitations/v1/orders/{amazonOrderId}",
        parameters={"amazonOrderId": {"value": ORDER}}, response=none, times=1,
    )  # fmt: skip
    message = queue_message(
        order=order, kind="review_request", amazon_type=AmazonMessageType.REVIEW_REQUEST,
        actor=actor,
    )  # fmt: skip

    assert deliver_due()["skipped"] == 1
    message.refresh_from_db()
    assert message.state == Delivery.SKIPPED
    assert "Amazon does not allow" in message.reason
