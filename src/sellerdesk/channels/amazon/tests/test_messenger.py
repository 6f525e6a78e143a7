"""Buyer messages for an Amazon order through the seller's connection, against the sandbox."""

import datetime as dt
import json
import socket
from decimal import Decimal

import pytest

from sellerdesk.channels.amazon.messenger import AmazonMessenger
from sellerdesk.channels.amazon.models import AmazonConnection
from sellerdesk.core import clock
from sellerdesk.core.money import Money
from sellerdesk.messaging.ports import SendFailed, messenger_for
from sellerdesk.orders import domain, services
from sellerdesk.orders.models import Order

from .sync_shop import MODELS, NO_MODELS, US, requests_to

pytestmark = [pytest.mark.django_db, pytest.mark.skipif(not MODELS.is_dir(), reason=NO_MODELS)]

# The order of Amazon's sandbox examples, and one they refuse (400 InvalidInput).
ORDER = "123-1234567-1234567"
REFUSED = "123-1234567-0000000"
# Amazon's answer to a 429 states the rate; a high one keeps the retries' waits short.
FAST = {"x-amzn-RateLimit-Limit": "1000"}


def amazon_order(external_id: str, actor) -> Order:
    now = clock.now()
    data = domain.OrderData(
        channel="amazon", marketplace="US", external_id=external_id, status=domain.UNSHIPPED,
        fulfillment=domain.SELLER, purchased_at=now - dt.timedelta(days=2),
        last_updated_at=now - dt.timedelta(days=2), currency="USD",
        lines=[domain.LineData("50000000000030", "RING-SILVER-7", 1, Money(Decimal(20), "USD"))],
    )  # fmt: skip
    return services.record_order(data=data, actor=actor).order


@pytest.fixture
def order(amazon, actor):
    return amazon_order(ORDER, actor)


def closed_port() -> int:
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        return int(free.getsockname()[1])


def test_the_app_registers_the_amazon_messenger():
    assert isinstance(messenger_for("amazon"), AmazonMessenger)


def test_allowed_joins_the_message_types_and_the_review_request(order, sandbox):
    allowed = AmazonMessenger().allowed(order)

    assert {"confirmOrderDetails", "unexpectedProblem", "productReviewAndSellerFeedback"} <= allowed
    asked = requests_to(sandbox, "/messaging/v1/orders/") + requests_to(sandbox, "/solicitations/")
    assert {r["query"] for r in asked} == {f"marketplaceIds={US}"}


def test_a_text_message_is_sent_to_the_orders_marketplace(order, sandbox):
    AmazonMessenger().send(order, "confirmDeliveryDetails", "My Message")

    [sent] = requests_to(sandbox, "/messaging/v1/orders/", "POST")
    assert sent["path"] == f"/messaging/v1/orders/{ORDER}/messages/confirmDeliveryDetails"
    assert json.loads(sent["body"]) == {"text": "My Message"}


def test_a_review_request_goes_through_solicitations_without_text(order, sandbox):
    AmazonMessenger().send(order, "productReviewAndSellerFeedback", "")

    [sent] = requests_to(sandbox, "/solicitations/", "POST")
    assert sent["path"].endswith(f"/{ORDER}/solicitations/productReviewAndSellerFeedback")
    assert requests_to(sandbox, "/messaging/") == []


def test_a_text_too_long_fails_for_good_before_any_request(order, sandbox):
    with pytest.raises(SendFailed, match=f"Not sent for order {ORDER}.*1 to 400") as failed:
        AmazonMessenger().send(order, "digitalAccessKey", "k" * 401)
    assert failed.value.retry is False
    assert requests_to(sandbox, "/messaging/") == []


def test_a_type_amazon_cannot_carry_as_text_fails_for_good(order, sandbox):
    with pytest.raises(SendFailed) as failed:
        AmazonMessenger().send(order, "warranty", "two years")
    assert failed.value.retry is False
    assert requests_to(sandbox, "/messaging/") == []


def test_amazons_refusal_fails_for_good_naming_the_order_and_the_reason(amazon, actor):
    refused = amazon_order(REFUSED, actor)
    with pytest.raises(SendFailed, match=f"for order {REFUSED}: Amazon said: Invalid Input") as f:
        AmazonMessenger().send(refused, "confirmOrderDetails", "My Message")
    assert f.value.retry is False
    with pytest.raises(SendFailed, match=f"what order {REFUSED} allows") as f:
        AmazonMessenger().allowed(refused)
    assert f.value.retry is False


def test_access_denied_fails_for_good_with_the_roles_to_check(order, sandbox):
    sandbox.add_example(
        "getMessagingActionsForOrder", "GET", "/messaging/v1/orders/{amazonOrderId}",
        parameters={"amazonOrderId": {"value": ORDER}}, status=403, times=2,
        response={"errors": [{"code": "Unauthorized", "message": "Access to requested resource is denied."}]},
    )  # fmt: skip
    with pytest.raises(SendFailed, match="Buyer Communication") as failed:
        AmazonMessenger().allowed(order)
    assert failed.value.retry is False
    assert "Access to requested resource is denied." in str(failed.value)


def test_throttling_that_outlasts_the_retries_is_tried_again_later(order, sandbox):
    sandbox.fail_next(429, times=5, path_prefix="/messaging/", **FAST)
    with pytest.raises(SendFailed, match="Amazon is busy") as failed:
        AmazonMessenger().send(order, "unexpectedProblem", "My Message")
    assert failed.value.retry is True
    assert len(requests_to(sandbox, "/messaging/", "POST")) == 5


def test_a_server_error_is_tried_again_later(order, sandbox):
    sandbox.fail_next(503, times=5, path_prefix="/solicitations/")
    with pytest.raises(SendFailed, match=r"Amazon had a problem \(HTTP 503") as failed:
        AmazonMessenger().allowed(order)
    assert failed.value.retry is True
    assert ORDER in str(failed.value)


@pytest.mark.parametrize("unreachable", ["SELLERDESK_LWA_TOKEN_URL", "SELLERDESK_SPAPI_ENDPOINT"])
def test_amazon_out_of_reach_is_tried_again_later(order, settings, unreachable):
    setattr(settings, unreachable, f"http://127.0.0.1:{closed_port()}")
    with pytest.raises(SendFailed, match="could not be reached") as failed:
        AmazonMessenger().send(order, "confirmOrderDetails", "My Message")
    assert failed.value.retry is True


def test_without_a_connection_the_message_waits_for_one(order, sandbox):
    AmazonConnection.objects.all().delete()
    with pytest.raises(SendFailed, match="Amazon US is not connected") as failed:
        AmazonMessenger().allowed(order)
    assert failed.value.retry is True
    assert requests_to(sandbox, "/messaging/") == []


def test_an_order_of_no_marketplace_fails_for_good():
    with pytest.raises(SendFailed, match="no Amazon marketplace") as failed:
        AmazonMessenger().allowed(Order(external_id="manual-1"))
    assert failed.value.retry is False


def test_a_server_error_while_sending_is_not_retried_as_amazon_may_have_sent_it(order, sandbox):
    sandbox.fail_next(500, times=1, path_prefix="/messaging/v1/orders/")
    with pytest.raises(SendFailed, match="look in Seller Central") as failed:
        AmazonMessenger().send(order, "confirmOrderDetails", "My Message")
    assert failed.value.retry is False
