"""The Messaging API (v1) against Amazon's own sandbox examples, over HTTP on loopback."""

import json

import pytest

from sellerdesk.channels.amazon.spapi import SpApiError
from sellerdesk.channels.amazon.spapi.messaging import (
    TEXT_MESSAGES,
    messaging_actions,
    send_message,
)

from .sync_shop import MODELS, NO_MODELS, US

pytestmark = pytest.mark.skipif(not MODELS.is_dir(), reason=NO_MODELS)

# The order of Amazon's examples, and one its examples refuse (400).
ORDER = "123-1234567-1234567"
REFUSED = "123-1234567-0000000"
SAMPLES = MODELS.parent / "sp-api-sample-responses"


def test_the_allowed_message_types_are_read_from_the_actions_links(client, sandbox):
    actions = messaging_actions(client, ORDER, marketplace_id=US)

    assert actions == [
        "confirmCustomizationDetails", "confirmDeliveryDetails", "legalDisclosure",
        "negativeFeedbackRemoval", "confirmOrderDetails", "confirmServiceDetails", "amazonMotors",
        "digitalAccessKey", "unexpectedProblem", "warranty", "attributes",
    ]  # fmt: skip
    assert sandbox.requests[-1]["query"] == f"marketplaceIds={US}"


def test_a_live_answer_is_read_with_its_nameless_links_and_disabled_types(client, sandbox):
    # Amazon's recorded answer (it embeds each type's schema), with a link left nameless as
    # the model allows and one type switched off.
    answer = json.loads((SAMPLES / "messaging-getMessagingActionsForOrder.json").read_text())
    del answer["_links"]["actions"][1]["name"]
    answer["_embedded"]["actions"][2]["_embedded"]["schema"]["disabled"] = True
    sandbox.add_example(
        "getMessagingActionsForOrder", "GET", "/messaging/v1/orders/{amazonOrderId}",
        parameters={"amazonOrderId": {"value": "701-6210829-5037842"}}, response=answer, times=1,
    )  # fmt: skip

    actions = messaging_actions(client, "701-6210829-5037842", marketplace_id="A2Q3Y263D00KWC")

    assert actions == ["updateFeedback", "unexpectedProblem"]  # sendInvoice is disabled


@pytest.mark.parametrize(
    "message_type",
    ["confirmOrderDetails", "confirmDeliveryDetails", "confirmServiceDetails", "unexpectedProblem"],
)
def test_a_message_is_sent_with_the_body_amazons_example_expects(client, sandbox, message_type):
    send_message(client, ORDER, message_type, "My Message", marketplace_id=US)

    request = sandbox.requests[-1]
    assert (request["method"], request["path"]) == (
        "POST",
        f"/messaging/v1/orders/{ORDER}/messages/{message_type}",
    )
    assert json.loads(request["body"]) == {"text": "My Message"}
    assert request["query"] == f"marketplaceIds={US}"


@pytest.mark.parametrize("message_type", ["confirmCustomizationDetails", "digitalAccessKey"])
def test_types_that_may_carry_attachments_are_sent_as_text_alone(client, sandbox, message_type):
    # Amazon's examples of these attach files; the model makes attachments optional.
    path = f"/messaging/v1/orders/{{amazonOrderId}}/messages/{message_type}"
    sandbox.add_example(
        TEXT_MESSAGES[message_type].operation, "POST", path, status=201, response={}, times=1,
        parameters={"amazonOrderId": {"value": ORDER}, "body": {"value": {"text": "Your key"}}},
    )  # fmt: skip

    send_message(client, ORDER, message_type, "Your key", marketplace_id=US)

    assert sandbox.requests[-1]["path"].endswith(f"/messages/{message_type}")


@pytest.mark.parametrize(
    ("message_type", "limit"),
    [
        ("confirmOrderDetails", 2000),
        ("confirmCustomizationDetails", 800),
        ("digitalAccessKey", 400),
    ],
)
def test_a_text_longer_than_the_model_allows_is_refused_before_any_request(
    client, sandbox, message_type, limit
):
    sandbox.requests.clear()
    with pytest.raises(ValueError, match=f"1 to {limit} characters"):
        send_message(client, ORDER, message_type, "x" * (limit + 1), marketplace_id=US)
    with pytest.raises(ValueError, match="1 to"):
        send_message(client, ORDER, message_type, "", marketplace_id=US)
    assert sandbox.requests == []


def test_a_type_that_is_not_text_alone_is_refused_before_any_request(client, sandbox):
    sandbox.requests.clear()
    with pytest.raises(ValueError, match="not one of Amazon's text message types"):
        send_message(client, ORDER, "legalDisclosure", "see attached", marketplace_id=US)
    assert sandbox.requests == []


def test_the_limits_match_the_models_max_length():
    model = json.loads((MODELS / "messaging.json").read_text())
    operations = {
        operation["operationId"]: operation
        for route in model["paths"].values()
        for operation in route.values()
        if isinstance(operation, dict)
    }
    for kind in TEXT_MESSAGES.values():
        body = next(p for p in operations[kind.operation]["parameters"] if p["in"] == "body")
        schema = model["definitions"][body["schema"]["$ref"].rpartition("/")[2]]
        assert schema["properties"]["text"]["maxLength"] == kind.max_length, kind.operation


def test_throttling_and_server_errors_are_retried_when_reading_actions(client, sandbox):
    sandbox.fail_next(429, path_prefix="/messaging/")
    sandbox.fail_next(503, path_prefix="/messaging/")

    assert "unexpectedProblem" in messaging_actions(client, ORDER, marketplace_id=US)
    assert client.retries == 2


def test_a_throttled_message_is_sent_again(client, sandbox):
    # A 429 means Amazon did not take it: sending again cannot send it twice.
    sandbox.requests.clear()
    sandbox.fail_next(429, path_prefix="/messaging/")

    send_message(client, ORDER, "unexpectedProblem", "My Message", marketplace_id=US)

    assert client.retries == 1
    assert len([r for r in sandbox.requests if r["path"].startswith("/messaging/")]) == 2


def test_a_server_error_on_a_message_is_not_sent_again(client, sandbox):
    # Amazon may have sent it to the buyer: the caller decides, no second message goes now.
    sandbox.requests.clear()
    sandbox.fail_next(500, path_prefix="/messaging/")
    with pytest.raises(SpApiError) as failed:
        send_message(client, ORDER, "unexpectedProblem", "My Message", marketplace_id=US)
    assert failed.value.status == 500
    assert failed.value.retryable
    assert len([r for r in sandbox.requests if r["path"].startswith("/messaging/")]) == 1


def test_a_refusal_surfaces_with_amazons_error(client):
    with pytest.raises(SpApiError) as refused:
        send_message(client, REFUSED, "confirmOrderDetails", "My Message", marketplace_id=US)
    assert refused.value.status == 400
    assert refused.value.errors[0]["code"] == "InvalidInput"
    assert not refused.value.retryable
    with pytest.raises(SpApiError, match="getMessagingActionsForOrder failed with HTTP 400"):
        messaging_actions(client, REFUSED, marketplace_id=US)


def test_access_denied_surfaces_as_403_after_one_fresh_token(client, sandbox):
    denied = {"errors": [{"code": "Unauthorized", "message": "Access to requested resource is denied.", "details": ""}]}  # fmt: skip
    sandbox.add_example(
        "getMessagingActionsForOrder", "GET", "/messaging/v1/orders/{amazonOrderId}",
        parameters={"amazonOrderId": {"value": "403-0000000-0000000"}}, response=denied,
        status=403,
    )  # fmt: skip
    issued = sandbox.tokens_issued

    with pytest.raises(SpApiError) as refused:
        messaging_actions(client, "403-0000000-0000000", marketplace_id=US)

    assert refused.value.status == 403
    assert not refused.value.retryable
    assert sandbox.tokens_issued == issued + 2  # the first token, then one renewal
