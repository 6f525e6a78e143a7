"""The Amazon sync against the loopback sandbox, over real HTTP."""

import datetime as dt
import json

import pytest

from sellerdesk.channels.amazon.api_orders import scanned_packages
from sellerdesk.channels.amazon.models import AmazonConnection, MarketplaceSync
from sellerdesk.channels.amazon.sync import sync_marketplace
from sellerdesk.channels.models import Marketplace
from sellerdesk.core import clock
from sellerdesk.inventory.models import ChannelQuantity, StockLevel
from sellerdesk.orders.models import Order

from .sync_shop import (
    MODELS,
    NO_MODELS,
    ORDERS_PATH,
    US,
    confirm_example,
    requests_to,
    shipped_order,
)
from .test_api_orders import api_order

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not MODELS.is_dir(), reason=NO_MODELS),
]


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
    assert ChannelQuantity.objects.get().published == 7
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


def test_a_parcel_amazon_reports_in_the_carriers_hands_gets_its_first_scan(amazon, sandbox, actor):
    shipment = shipped_order("114-0000004-0000004", actor)
    raw = api_order(
        orderId="114-0000004-0000004",
        createdTime=(clock.now() - dt.timedelta(days=1)).isoformat(),
        lastUpdatedTime=(clock.now() - dt.timedelta(minutes=20)).isoformat(),
        packages=[
            {"packageReferenceId": "1", "trackingNumber": shipment.tracking_number,
             "packageStatus": {"status": "IN_TRANSIT", "detailedStatus": "PICKED_UP"}},
            {"packageReferenceId": "2", "trackingNumber": "NOT-OURS",
             "packageStatus": {"status": "IN_TRANSIT"}},
        ],
    )  # fmt: skip
    sandbox.add_example(
        "searchOrders", "GET", ORDERS_PATH,
        parameters={"marketplaceIds": {"value": [US]}},
        response={"orders": [raw], "pagination": {}},
    )  # fmt: skip
    seen = clock.now()
    with clock.pinned(seen):
        summary = sync_marketplace(marketplace="US")
    assert summary.counts["parcels_scanned"] == 1
    shipment.refresh_from_db()
    assert shipment.first_scan_at == seen
    with clock.pinned(seen + dt.timedelta(hours=1)):
        sync_marketplace(marketplace="US")
    shipment.refresh_from_db()
    assert shipment.first_scan_at == seen  # the first sighting stays


def test_a_parcel_not_yet_with_the_carrier_has_no_scan():
    waiting = {"packages": [{"trackingNumber": "1Z1", "packageStatus": {"status": "PENDING",
               "detailedStatus": "PENDING_PICK_UP"}}]}  # fmt: skip
    assert scanned_packages(waiting) == []
    assert scanned_packages({"packages": [{"trackingNumber": "1Z2", "packageStatus": {
        "status": "SHIPPED", "detailedStatus": "DROPPED_OFF"}}]}) == ["1Z2"]  # fmt: skip
