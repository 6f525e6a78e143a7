"""The outbox sending Amazon buyers' messages through the registered messenger, against the
sandbox: a delay notice as an unexpected problem, a review request through Solicitations."""

import datetime as dt
import json

import pytest

from sellerdesk.core import clock
from sellerdesk.messaging.models import AmazonMessageType, Delivery, MessageTemplate
from sellerdesk.messaging.services import deliver_due, queue_message
from sellerdesk.messaging.services.triggers import send_delay_notice
from sellerdesk.orders.models import OrderEvent

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
