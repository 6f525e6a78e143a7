"""The daily review requests: once per order, inside the window, with reasons kept."""

import datetime as dt

import pytest

from sellerdesk.core import clock
from sellerdesk.inventory.services import Actor
from sellerdesk.messaging.models import AmazonMessageType, BuyerMessage, Delivery, OutboundMessage
from sellerdesk.messaging.services.reviews import request_reviews
from sellerdesk.messaging.services.rules import save_rule
from sellerdesk.orders.models import OrderStatus
from sellerdesk.orders.tests.factories import OrderFactory, channel

pytestmark = pytest.mark.django_db

MAKER = Actor("maker")
DELIVERY = dt.datetime(2025, 6, 10, 18, 0, tzinfo=dt.UTC)


def shipped(**fields):
    return OrderFactory(
        status=OrderStatus.SHIPPED, purchased_at=DELIVERY - dt.timedelta(days=6),
        shipped_at=DELIVERY - dt.timedelta(days=4), earliest_delivery_at=DELIVERY,
        latest_delivery_at=DELIVERY + dt.timedelta(days=3), **fields,
    )  # fmt: skip


@pytest.fixture(autouse=True)
def rule():
    with clock.pinned(DELIVERY):
        save_rule(
            channel=channel("amazon"), trigger="review_window", kind="review_request",
            amazon_type=AmazonMessageType.REVIEW_REQUEST, is_enabled=True, actor=MAKER,
        )  # fmt: skip


def test_each_order_gets_one_request_inside_its_window_and_reasons_otherwise():
    waiting, ready, cancelled, complained = shipped(), shipped(), shipped(), shipped()
    cancelled.status = OrderStatus.CANCELED
    cancelled.save()
    BuyerMessage.objects.create(
        order=complained, received_at=DELIVERY, sender="b@marketplace.amazon.com",
        body="It broke", source="entered", is_complaint=True,
    )  # fmt: skip
    waiting.earliest_delivery_at = DELIVERY + dt.timedelta(days=4)
    waiting.save()

    # The window opens 5 days after the earliest delivery date: 15 June.
    with clock.pinned(DELIVERY + dt.timedelta(days=5)):
        run = request_reviews()
        again = request_reviews()

    assert (run.queued, run.skipped, run.waiting) == (1, 2, 1)
    assert (again.queued, again.skipped, again.waiting) == (0, 0, 1)
    decided = {m.order_id: m for m in OutboundMessage.objects.all()}
    assert decided[ready.pk].state == Delivery.QUEUED
    assert decided[ready.pk].amazon_type == AmazonMessageType.REVIEW_REQUEST
    assert decided[cancelled.pk].reason == "the order was cancelled"
    assert decided[complained.pk].reason == "the buyer complained or claimed"
    assert waiting.pk not in decided


def test_an_order_past_its_window_is_skipped_with_the_date():
    order = shipped()
    with clock.pinned(DELIVERY + dt.timedelta(days=34)):
        assert request_reviews().skipped == 1
    assert OutboundMessage.objects.get(order=order).reason == (
        "too late: the window closed on 13 Jul 2025"
    )
