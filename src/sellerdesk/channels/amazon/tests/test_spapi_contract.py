"""The SP-API client against Amazon's own sandbox examples, over real HTTP on loopback.

Every request body is checked against the model's JSON schema by the sandbox server; a body
that does not conform is answered 400 and the test fails.
"""

import datetime as dt
import gzip
import json
import re
from pathlib import Path

import httpx
import pytest

from sellerdesk.channels.amazon.spapi import LwaCredentials, SpApiError, TokenSource
from sellerdesk.channels.amazon.spapi import operations as ops
from sellerdesk.channels.amazon.spapi.limits import DOCUMENTED

MODELS = Path(__file__).resolve().parents[6] / "shared" / "amazon" / "sp-api-models"
pytestmark = pytest.mark.skipif(
    not MODELS.is_dir(),
    reason="Amazon's SP-API models and sandbox examples live in ../shared, absent from a user's clone",
)
CREDENTIALS = LwaCredentials("amzn1.application-oa2-client.test", "secret", "Atzr|refresh")
ALL_DATA = ["BUYER", "RECIPIENT", "PROCEEDS", "EXPENSE", "PROMOTION", "CANCELLATION", "FULFILLMENT", "PACKAGES"]  # fmt: skip


def test_search_orders_reads_amazons_example_orders(client):
    # Orders come lazily: the first is read before the next page (which this example
    # announces but the sandbox lacks) is asked for.
    orders = ops.search_orders(
        client,
        marketplace_ids=["A1VC38T7YXB528"],
        created_after=dt.datetime(2024, 12, 25, tzinfo=dt.UTC),
        included_data=ALL_DATA,
    )
    first = next(orders)
    assert first["orderId"] == "250-1234567-8901234"
    assert first["salesChannel"]["marketplaceId"] == "A1VC38T7YXB528"


def test_search_orders_follows_the_pagination_token(client, sandbox):
    first = next(e for e in sandbox.examples if e.operation == "searchOrders" and e.status == 200)
    token = first.response["pagination"]["nextToken"]
    sandbox.add_example(
        "searchOrders",
        "GET",
        "/orders/2026-01-01/orders",
        parameters={"paginationToken": {"value": token}},
        response={"orders": [{"orderId": "250-0000000-0000002"}], "pagination": {}},
    )
    orders = list(
        ops.search_orders(
            client,
            marketplace_ids=["A1VC38T7YXB528"],
            created_after=dt.datetime(2024, 12, 25, tzinfo=dt.UTC),
            included_data=ALL_DATA,
        )
    )
    assert [order["orderId"] for order in orders][-1] == "250-0000000-0000002"
    assert len(orders) == len(first.response["orders"]) + 1


def test_get_order_returns_the_order_with_its_items(client):
    order = ops.get_order(client, "171-9876543-2109876", included_data=ALL_DATA)
    assert order["orderId"] == "171-9876543-2109876"
    assert order["orderItems"]


def test_an_error_answer_carries_amazons_error_list(client):
    with pytest.raises(SpApiError) as refused:
        ops.get_order(client, "TEST_CASE_400")
    assert refused.value.status == 400
    assert refused.value.errors
    assert "getOrder failed with HTTP 400" in str(refused.value)


def test_confirm_shipment_sends_a_body_amazon_accepts(client, sandbox):
    package = ops.Package(
        reference="1",
        carrier_code="FedEx",
        carrier_name="FedEx",
        shipping_method="FedEx Ground",
        tracking_number="112345678",
        ship_date=dt.datetime(2022, 2, 11, 1, 0, tzinfo=dt.UTC),
        items=[("79039765272157", 1)],
        ship_from_supply_source_id="057d3fcc-b750-419f-bbcd-4d340c60c430",
        transparency_codes={"79039765272157": ["09876543211234567890"]},
    )
    ops.confirm_shipment(
        client, "902-1106328-1059050", marketplace_id="ATVPDKIKX0DER", package=package
    )
    sent = json.loads(sandbox.requests[-1]["body"])
    assert sent["packageDetail"]["shipDate"] == "2022-02-11T01:00:00.000Z"


def test_a_body_that_breaks_the_models_schema_is_caught(client):
    with pytest.raises(SpApiError) as refused:
        client.call(
            "confirmShipment",
            "POST",
            "/orders/v0/orders/902-1106328-1059050/shipmentConfirmation",
            json={"marketplaceId": 5, "packageDetail": {"packageReferenceId": "1"}},
        )
    assert refused.value.status == 400
    messages = [error["message"] for error in refused.value.errors]
    assert "marketplaceId: 5 is not of type 'string'" in messages
    assert any("'carrierCode' is a required property" in message for message in messages)


def test_set_quantity_patches_fulfillment_availability(client, sandbox):
    answer = ops.set_quantity(
        client, seller_id="A3SELLER", sku="RING 7/S", marketplace_id="ATVPDKIKX0DER", quantity=4
    )
    assert answer["status"] == "ACCEPTED"
    request = sandbox.requests[-1]
    assert request["path"] == "/listings/2021-08-01/items/A3SELLER/RING%207%2FS"
    patch = json.loads(request["body"])["patches"][0]
    assert patch == {
        "op": "merge",
        "path": "/attributes/fulfillment_availability",
        "value": [{"fulfillment_channel_code": "DEFAULT", "quantity": 4}],
    }


def test_fba_inventory_summaries_are_read_page_by_page(client, sandbox):
    path = "/fba/inventory/v1/summaries"
    common = {"granularityId": {"value": "ATVPDKIKX0DER"}}
    sandbox.add_example(
        "getInventorySummaries", "GET", path,
        parameters={**common, "nextToken": {"value": "page-2"}},
        response={"payload": {"inventorySummaries": [{"sellerSku": "B", "totalQuantity": 2}]}},
    )  # fmt: skip
    sandbox.add_example(
        "getInventorySummaries", "GET", path,
        parameters=common,
        response={
            "payload": {"inventorySummaries": [{"sellerSku": "A", "totalQuantity": 5}]},
            "pagination": {"nextToken": "page-2"},
        },
    )  # fmt: skip
    summaries = list(ops.inventory_summaries(client, marketplace_id="ATVPDKIKX0DER"))
    assert [(s["sellerSku"], s["totalQuantity"]) for s in summaries] == [("A", 5), ("B", 2)]


def test_reports_are_requested_polled_and_downloaded_gzipped_in_their_charset(client, sandbox):
    report_id = ops.create_report(
        client,
        report_type="GET_MERCHANT_LISTINGS_ALL_DATA",
        marketplace_ids=["A1PA6795UKMFR9", "ATVPDKIKX0DER"],
        start=dt.datetime(2024, 3, 10, 20, 11, 24, tzinfo=dt.UTC),
    )
    assert report_id == "ID323"
    assert ops.get_report(client, report_id)["processingStatus"] == "IN_PROGRESS"
    text = "amazon-order-id\tproduct-name\n111-0000001-0000001\tCafé ring\n"
    name = "Report_47700__GET_MERCHANT_LISTINGS_ALL_DATA_.txt"
    sandbox.put_document(name, gzip.compress(text.encode("cp1252")), "text/plain;charset=Cp1252")
    document = ops.download_report(client, "0356cf79-b8b0-4226-b4b9-0ee058ea5760")
    assert document.encoding == "cp1252"
    assert document.content.decode(document.encoding) == text


def test_a_feed_is_uploaded_then_created(client, sandbox):
    feed_id = ops.submit_feed(
        client,
        feed_type="POST_PRODUCT_DATA",
        marketplace_ids=["ATVPDKIKX0DER", "A1F83G8C2ARO7P"],
        content=b"order-id\torder-item-id\n",
        content_type="text/tab-separated-values; charset=UTF-8",
    )
    assert feed_id == "3485934"
    assert sandbox.documents["Feed_101__POST_PRODUCT_DATA_.xml"][0] == b"order-id\torder-item-id\n"
    assert ops.get_feed(client, "feedId1")["processingStatus"] == "CANCELLED"


def test_solicitations_list_the_allowed_actions_then_request_a_review(client):
    actions = ops.solicitation_actions(
        client, "123-1234567-1234567", marketplace_id="ATVPDKIKX0DER"
    )
    assert actions == ["productReviewAndSellerFeedback"]
    ops.request_review(client, "123-1234567-1234567", marketplace_id="ATVPDKIKX0DER")


def test_the_access_token_is_fetched_once_and_reused_until_it_nearly_expires(
    client, sandbox, clock
):
    issued = sandbox.tokens_issued
    ops.get_order(client, "171-9876543-2109876", included_data=ALL_DATA)
    ops.get_order(client, "171-9876543-2109876", included_data=ALL_DATA)
    assert sandbox.tokens_issued == issued + 1
    clock.now += 3600 - 30  # within the refresh margin
    ops.get_order(client, "171-9876543-2109876", included_data=ALL_DATA)
    assert sandbox.tokens_issued == issued + 2


def test_a_revoked_refresh_token_fails_with_how_to_fix_it(sandbox):
    with httpx.Client() as http:
        tokens = TokenSource(
            LwaCredentials("id", "secret", "revoked-token"), token_url=sandbox.token_url, http=http
        )
        with pytest.raises(SpApiError, match=r"invalid_grant.*check the client id"):
            tokens.access_token()


def test_throttling_and_server_errors_are_retried_with_growing_backoff(client, sandbox, clock):
    sandbox.fail_next(429, times=2, path_prefix="/orders/2026-01-01/orders/")
    sandbox.fail_next(503, times=1, path_prefix="/orders/2026-01-01/orders/")
    order = ops.get_order(client, "171-9876543-2109876", included_data=ALL_DATA)
    assert order["orderId"] == "171-9876543-2109876"
    assert client.retries == 3
    assert clock.backoffs == [1.0, 2.0, 4.0]  # jitter pinned to its top for the test
    # After a 429 the operation's bucket is empty: the retry waited for a token as well.
    assert clock.sleeps


def test_a_request_that_keeps_failing_gives_up_with_the_last_error(client, sandbox):
    sandbox.fail_next(500, times=5, path_prefix="/solicitations/")
    with pytest.raises(SpApiError) as failed:
        ops.solicitation_actions(client, "123-1234567-1234567", marketplace_id="ATVPDKIKX0DER")
    assert failed.value.status == 500
    assert client.retries == 4


def test_requests_are_paced_at_the_operations_documented_burst_and_rate(client, clock):
    limit = DOCUMENTED["getOrder"]
    for _ in range(limit.burst + 2):
        ops.get_order(client, "171-9876543-2109876", included_data=ALL_DATA)
    waits = [s for s in clock.sleeps if s > 0]
    # The burst goes at once; each request after it waits for the next token.
    assert len(waits) == 2
    assert waits[0] == pytest.approx(1 / 0.5)


def test_the_rate_amazon_states_in_its_answers_is_adopted(client, sandbox):
    sandbox.add_example(
        "getFeed", "GET", "/feeds/2021-06-30/feeds/{feedId}",
        parameters={"feedId": {"value": "rate-test"}}, response={"feedId": "rate-test"},
    )  # fmt: skip
    ops.get_feed(client, "rate-test")
    assert client.limiter.bucket("getFeed").rate == DOCUMENTED["getFeed"].rate


def test_the_documented_limits_are_the_models_own():
    for path in MODELS.glob("*.json"):
        if path.name == "sandbox_index.json":
            continue
        for operations in json.loads(path.read_text()).get("paths", {}).values():
            for operation in operations.values():
                if (
                    not isinstance(operation, dict)
                    or operation.get("operationId") not in DOCUMENTED
                ):
                    continue
                if (
                    "orders/v0" in json.dumps(operation.get("tags", []))
                    and operation["operationId"] == "getOrder"
                ):
                    continue
                rate, burst = re.findall(r"\| ([\d.]+) \| (\d+) \|", operation["description"])[0]
                limit = DOCUMENTED[operation["operationId"]]
                assert (limit.rate, limit.burst) == (float(rate), int(burst)), operation[
                    "operationId"
                ]
