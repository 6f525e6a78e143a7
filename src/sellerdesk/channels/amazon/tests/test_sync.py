"""The Amazon sync against the loopback sandbox, over real HTTP."""

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest

from sellerdesk.catalog.models import Listing
from sellerdesk.channels.amazon.models import AmazonConnection, MarketplaceSync, PushedQuantity
from sellerdesk.channels.amazon.spapi.sandbox import Sandbox
from sellerdesk.channels.amazon.sync import connect_amazon, sync_marketplace
from sellerdesk.channels.models import Marketplace
from sellerdesk.core import clock
from sellerdesk.core.money import Money
from sellerdesk.inventory import services as stock
from sellerdesk.inventory.models import StockLevel
from sellerdesk.orders import domain, services
from sellerdesk.orders.models import Order, Shipment

from .test_api_orders import api_order

MODELS = Path(__file__).resolve().parents[6] / "shared" / "amazon" / "sp-api-models"
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not MODELS.is_dir(), reason="the SP-API sandbox examples live in ../shared"),
]
ORDERS_PATH = "/orders/2026-01-01/orders"
US = "ATVPDKIKX0DER"


@pytest.fixture(scope="module")
def sandbox():
    with Sandbox(MODELS, validate_bodies=True) as server:
        yield server


@pytest.fixture
def amazon(sandbox, settings, sku, shelf, fba_na, actor):
    """A connected US shop with one seller-fulfilled listing and Amazon's answers scripted."""
    sandbox.faults.clear()
    sandbox.requests.clear()
    settings.SELLERDESK_SPAPI_ENDPOINT = sandbox.url
    settings.SELLERDESK_LWA_TOKEN_URL = sandbox.token_url
    settings.SELLERDESK_SPAPI_BACKOFF_SECONDS = 0.001
    connect_amazon(
        region="NA", seller_id="A3SELLER", client_id="amzn1.application-oa2-client.x",
        client_secret="client-secret", refresh_token="Atzr|refresh", marketplaces=["US"],
    )  # fmt: skip
    us = Marketplace.objects.get(channel__code="amazon", code="US")
    Listing.objects.create(sku=sku, channel=us.channel, marketplace=us, channel_sku=sku.code)
    stock.receive_stock(
        sku=sku, location=shelf, quantity=10, reason="count", actor=actor,
        at=clock.now() - dt.timedelta(days=60),
    )  # fmt: skip
    now = clock.now()
    fresh = api_order(
        orderId="114-0000001-0000001",
        createdTime=(now - dt.timedelta(hours=1)).isoformat(),
        lastUpdatedTime=(now - dt.timedelta(minutes=30)).isoformat(),
    )
    sandbox.add_example(
        "searchOrders", "GET", ORDERS_PATH,
        parameters={"marketplaceIds": {"value": [US]}},
        response={"orders": [fresh], "pagination": {}},
    )  # fmt: skip
    sandbox.add_example(
        "getInventorySummaries", "GET", "/fba/inventory/v1/summaries",
        parameters={"granularityId": {"value": US}},
        response={"payload": {"inventorySummaries": [
            {"sellerSku": sku.code, "inventoryDetails": {"fulfillableQuantity": 7}},
            {"sellerSku": "NOT-OURS", "inventoryDetails": {"fulfillableQuantity": 3}},
        ]}},
    )  # fmt: skip
    return us


def shipped_order(external_id: str, actor) -> Shipment:
    now = clock.now()
    data = domain.OrderData(
        channel="amazon", marketplace="US", external_id=external_id, status=domain.UNSHIPPED,
        fulfillment=domain.SELLER, purchased_at=now - dt.timedelta(days=1),
        last_updated_at=now - dt.timedelta(days=1), currency="USD",
        lines=[domain.LineData("50000000000001", "RING-SILVER-7", 1,
                               Money(Decimal(20), "USD"))],
    )  # fmt: skip
    order = services.record_order(data=data, actor=actor).order
    services.ship_order(
        order=order, actor=actor, carrier="USPS", tracking_number="9400111899223344556677"
    )
    return order.shipments.get()


def confirm_example(sandbox, order_id: str) -> None:
    sandbox.add_example(
        "confirmShipment", "POST", "/orders/v0/orders/{orderId}/shipmentConfirmation",
        parameters={"orderId": {"value": order_id}}, response=None, status=204,
    )  # fmt: skip


def requests_to(sandbox, prefix: str, method: str | None = None) -> list[dict]:
    return [
        r for r in sandbox.requests
        if r["path"].startswith(prefix) and (method is None or r["method"] == method)
    ]  # fmt: skip


def test_a_sync_pulls_orders_confirms_shipments_pushes_quantities_and_reads_fba_stock(
    amazon, sandbox, actor, sku, fba_na
):
    shipment = shipped_order("114-0000009-0000009", actor)
    confirm_example(sandbox, "114-0000009-0000009")

    summary = sync_marketplace(marketplace="US")

    assert summary.succeeded, summary.errors
    assert Order.objects.filter(external_id="114-0000001-0000001").exists()
    assert summary.counts["orders_new"] == 1
    shipment.refresh_from_db()
    assert (shipment.channel_state, shipment.channel_reference) == ("confirmed", "api"), (
        shipment.channel_error
    )
    sent = json.loads(requests_to(sandbox, "/orders/v0/orders/")[-1]["body"])
    assert sent["packageDetail"]["carrierCode"] == "USPS"
    assert sent["packageDetail"]["orderItems"] == [{"orderItemId": "50000000000001", "quantity": 1}]
    # 10 counted, 1 shipped, 2 held by the new order: 7 free to sell.
    assert PushedQuantity.objects.get().quantity == 7
    assert StockLevel.objects.get(sku=sku, location=fba_na).on_hand == 7
    state = MarketplaceSync.objects.get(marketplace=amazon)
    assert state.last_success_at is not None
    assert state.last_error == ""
    assert state.orders_cursor is not None


def test_a_second_sync_sends_nothing_that_has_not_changed(amazon, sandbox, actor):
    sync_marketplace(marketplace="US")
    sandbox.requests.clear()
    summary = sync_marketplace(marketplace="US")
    assert summary.succeeded, summary.errors
    assert summary.counts["orders_new"] == 0
    assert not requests_to(sandbox, "/listings/")
    assert not requests_to(sandbox, "/orders/v0/")


def test_a_failing_step_is_recorded_retried_and_never_switches_sync_off(amazon, sandbox):
    sandbox.fail_next(500, times=5, path_prefix=ORDERS_PATH)
    failed = sync_marketplace(marketplace="US")
    assert set(failed.errors) == {"orders"}
    assert "HTTP 500" in failed.errors["orders"]
    assert failed.counts["quantities_pushed"] == 1  # the other steps still ran
    state = MarketplaceSync.objects.get(marketplace=amazon)
    assert state.is_enabled
    assert "orders: searchOrders failed with HTTP 500" in state.last_error
    assert state.last_success_at is None
    assert not Order.objects.exists()

    recovered = sync_marketplace(marketplace="US")
    assert recovered.succeeded, recovered.errors
    state.refresh_from_db()
    assert (state.last_error, state.last_success_at is not None) == ("", True)
    assert Order.objects.count() == 1


def test_a_refused_shipment_waits_as_failed_and_is_sent_again(amazon, sandbox, actor):
    shipment = shipped_order("114-0000008-0000008", actor)
    sync_marketplace(marketplace="US")  # no example for this order: Amazon answers 404
    shipment.refresh_from_db()
    assert shipment.channel_state == "failed"
    assert "confirmShipment failed with HTTP 404" in shipment.channel_error
    confirm_example(sandbox, "114-0000008-0000008")
    sync_marketplace(marketplace="US")
    shipment.refresh_from_db()
    assert shipment.channel_state == "confirmed"


def test_a_shipment_left_submitted_by_a_dead_worker_is_not_sent_twice(amazon, sandbox, actor):
    shipment = shipped_order("114-0000007-0000007", actor)
    Shipment.objects.filter(pk=shipment.pk).update(
        channel_state="submitted", channel_updated_at=clock.now() - dt.timedelta(hours=1)
    )
    sandbox.add_example(
        "getOrder", "GET", "/orders/2026-01-01/orders/{orderId}",
        parameters={"orderId": {"value": "114-0000007-0000007"}},
        response={"order": {"orderId": "114-0000007-0000007",
                            "packages": [{"trackingNumber": "9400111899223344556677"}]}},
    )  # fmt: skip
    sync_marketplace(marketplace="US")
    shipment.refresh_from_db()
    assert shipment.channel_state == "confirmed"
    assert not requests_to(sandbox, "/orders/v0/orders/114-0000007-0000007", "POST")


def test_a_stale_shipment_amazon_does_not_list_is_sent_again(amazon, sandbox, actor):
    shipment = shipped_order("114-0000006-0000006", actor)
    Shipment.objects.filter(pk=shipment.pk).update(
        channel_state="submitted", channel_updated_at=clock.now() - dt.timedelta(hours=1)
    )
    # Partly shipped on Amazon, but by another package: this one never arrived there.
    sandbox.add_example(
        "getOrder", "GET", "/orders/2026-01-01/orders/{orderId}",
        parameters={"orderId": {"value": "114-0000006-0000006"}},
        response={"order": {"orderId": "114-0000006-0000006",
                            "fulfillment": {"fulfillmentStatus": "PARTIALLY_SHIPPED"},
                            "packages": [{"packageReferenceId": "999", "trackingNumber": "1Z0"}]}},
    )  # fmt: skip
    confirm_example(sandbox, "114-0000006-0000006")
    sync_marketplace(marketplace="US")
    shipment.refresh_from_db()
    assert shipment.channel_state == "confirmed"
    assert len(requests_to(sandbox, "/orders/v0/orders/114-0000006-0000006", "POST")) == 1


def test_a_server_error_on_confirming_leaves_the_outcome_open_not_failed(amazon, sandbox, actor):
    shipment = shipped_order("114-0000005-0000005", actor)
    confirm_example(sandbox, "114-0000005-0000005")
    sandbox.fail_next(503, path_prefix="/orders/v0/")
    summary = sync_marketplace(marketplace="US")
    shipment.refresh_from_db()
    # Not retried at once (Amazon may have it), not failed: a later run asks Amazon first.
    assert shipment.channel_state == "submitted"
    assert len(requests_to(sandbox, "/orders/v0/orders/114-0000005-0000005", "POST")) == 1
    assert "will check and retry" in summary.errors["shipments"]


def test_a_shipment_of_lines_known_only_by_sku_learns_amazons_item_ids_first(
    amazon, sandbox, actor
):
    import io

    from sellerdesk.channels.amazon.imports import import_report

    from .reports import all_orders_row, report

    now = clock.now()
    stamp = (now - dt.timedelta(hours=3)).isoformat(timespec="seconds")
    older = (now - dt.timedelta(hours=4)).isoformat(timespec="seconds")  # only ids to learn
    data = report(
        [
            all_orders_row(
                "114-0000004-0000004",
                order_status="Unshipped",
                purchase_date=stamp,
                last_updated_date=stamp,
            )
        ]
    )
    import_report(source=io.BytesIO(data), name="all.txt", actor=actor)
    order = Order.objects.get(external_id="114-0000004-0000004")
    assert order.lines.get().external_id == "sku:RING-SILVER-7"
    services.ship_order(
        order=order, actor=actor, carrier="USPS", tracking_number="9400100000000000000001"
    )
    sandbox.add_example(
        "getOrder", "GET", "/orders/2026-01-01/orders/{orderId}",
        parameters={"orderId": {"value": "114-0000004-0000004"}},
        response={"order": api_order(orderId="114-0000004-0000004", createdTime=stamp, lastUpdatedTime=older)},
    )  # fmt: skip
    confirm_example(sandbox, "114-0000004-0000004")
    sync_marketplace(marketplace="US")
    assert order.lines.get().external_id == "40000000000001"
    sent = json.loads(
        requests_to(sandbox, "/orders/v0/orders/114-0000004-0000004", "POST")[-1]["body"]
    )
    assert sent["packageDetail"]["orderItems"] == [{"orderItemId": "40000000000001", "quantity": 1}]
    assert order.shipments.get().channel_state == "confirmed"


def test_credentials_are_stored_encrypted(amazon):
    connection = AmazonConnection.objects.get()
    assert "client-secret" not in connection.client_secret_encrypted
    assert "Atzr|refresh" not in connection.refresh_token_encrypted


def test_a_marketplace_without_credentials_says_how_to_connect(db, reference_data):
    summary = sync_marketplace(marketplace="UK")
    assert (
        "enter your Selling Partner API credentials under Settings" in summary.errors["connection"]
    )


def test_the_periodic_job_syncs_every_enabled_marketplace(amazon, sandbox, settings):
    from sellerdesk.channels.amazon import tasks

    MarketplaceSync.objects.create(
        marketplace=Marketplace.objects.get(channel__code="amazon", code="UK"), is_enabled=False
    )
    assert tasks.enabled_marketplaces() == ["US"]
    tasks.sync_amazon()  # the queue runs jobs at once in tests
    state = MarketplaceSync.objects.get(marketplace=amazon)
    assert state.last_success_at is not None, state.last_error
    assert MarketplaceSync.objects.get(marketplace__code="UK").last_attempt_at is None


def test_a_report_fetched_through_the_reports_api_goes_through_the_same_importer(amazon, sandbox):
    import gzip

    from sellerdesk.channels.amazon.sync.reports import fetch_report

    from .reports import all_orders_row, report

    sandbox.add_example(
        "createReport", "POST", "/reports/2021-06-30/reports",
        parameters={}, response={"reportId": "R-1"}, status=202,
    )  # fmt: skip
    # The latest added is tried first: "in progress" once, then "done".
    for status, times in (("DONE", None), ("IN_PROGRESS", 1)):
        sandbox.add_example(
            "getReport", "GET", "/reports/2021-06-30/reports/{reportId}",
            parameters={"reportId": {"value": "R-1"}}, times=times,
            response={"reportId": "R-1", "processingStatus": status, "reportDocumentId": "D-1"},
        )  # fmt: skip
    sandbox.add_example(
        "getReportDocument", "GET", "/reports/2021-06-30/documents/{reportDocumentId}",
        parameters={"reportDocumentId": {"value": "D-1"}},
        response={"reportDocumentId": "D-1", "url": "https://storage.example/d-1.txt",
                  "compressionAlgorithm": "GZIP"},
    )  # fmt: skip
    rows = [all_orders_row("114-5555555-0000001", product_name="Café ring")]
    waits: list[float] = []
    sandbox.put_document(
        "d-1.txt", gzip.compress(report(rows, encoding="cp1252")), "text/plain;charset=Cp1252"
    )
    record = fetch_report(
        marketplace="US", report="all-orders", since=clock.now() - dt.timedelta(days=1),
        sleep=waits.append, poll_every_s=30,
    )  # fmt: skip
    assert waits == [30]  # asked again once, while Amazon was still making it
    assert record.succeeded, record.error
    assert (record.source, record.encoding, record.created) == ("sync", "cp1252", 1)
    order = Order.objects.get(external_id="114-5555555-0000001")
    assert order.lines.get().title == "Café ring"


def test_the_sync_command_runs_now_and_says_what_it_did(amazon):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("amazon", "sync", "--marketplace", "us", stdout=out)
    assert "Amazon US: orders new 1," in out.getvalue()


def test_an_order_amazon_sent_wrong_is_reported_and_the_rest_still_recorded(amazon, sandbox):
    broken = api_order(orderId="114-0000002-0000002", lastUpdatedTime="yesterday")
    good = api_order(
        orderId="114-0000003-0000003",
        createdTime=(clock.now() - dt.timedelta(hours=2)).isoformat(),
        lastUpdatedTime=(clock.now() - dt.timedelta(hours=1)).isoformat(),
    )
    sandbox.add_example(
        "searchOrders", "GET", ORDERS_PATH,
        parameters={"marketplaceIds": {"value": [US]}},
        response={"orders": [broken, good], "pagination": {}},
    )  # fmt: skip
    summary = sync_marketplace(marketplace="US")
    assert (
        "114-0000002-0000002: lastUpdatedTime 'yesterday' is not a time" in summary.errors["orders"]
    )
    assert summary.counts["orders_new"] == 1
    assert summary.counts["quantities_pushed"] == 1  # later steps ran
    assert Order.objects.filter(external_id="114-0000003-0000003").exists()


def test_the_confirmation_file_can_go_to_amazon_as_a_feed(amazon, sandbox, actor):
    from sellerdesk.channels.amazon.sync.feeds import submit_confirmation_feed

    shipment = shipped_order("114-0000011-0000011", actor)
    sandbox.add_example(
        "createFeedDocument", "POST", "/feeds/2021-06-30/documents",
        parameters={}, status=201,
        response={"feedDocumentId": "FD-1", "url": "https://storage.example/fd-1.txt"},
    )  # fmt: skip
    sandbox.add_example(
        "createFeed", "POST", "/feeds/2021-06-30/feeds",
        parameters={"body": {"value": {
            "feedType": "POST_FLAT_FILE_FULFILLMENT_DATA",
            "marketplaceIds": [US],
            "inputFeedDocumentId": "FD-1",
        }}},
        response={"feedId": "F-77"}, status=202,
    )  # fmt: skip
    export, feed_id = submit_confirmation_feed(marketplace="US", actor=actor)
    assert feed_id == "F-77"
    uploaded, content_type = sandbox.documents["fd-1.txt"]
    assert uploaded == export.content.encode("cp1252")
    assert content_type == "text/tab-separated-values; charset=windows-1252"
    shipment.refresh_from_db()
    assert (shipment.channel_state, shipment.channel_reference) == ("submitted", "feed:F-77")
