"""The shipment outbox: each shipment confirmed to Amazon exactly once, retried on failure."""

import datetime as dt
import json

import pytest

from sellerdesk.channels.amazon.sync import sync_marketplace
from sellerdesk.core import clock
from sellerdesk.fulfillment.domain.tracking import UPS
from sellerdesk.fulfillment.services import Package, relabel_shipment
from sellerdesk.orders import services
from sellerdesk.orders.models import Order, Shipment

from .sync_shop import MODELS, NO_MODELS, US, confirm_example, requests_to, shipped_order
from .test_api_orders import api_order

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not MODELS.is_dir(), reason=NO_MODELS),
]


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


def test_a_relabelled_shipment_sends_its_new_tracking_to_amazon_as_the_same_package(
    amazon, sandbox, actor
):
    shipment = shipped_order("114-0000004-0000004", actor)
    confirm_example(sandbox, "114-0000004-0000004")
    sync_marketplace(marketplace="US")
    relabel_shipment(shipment=shipment, label=Package(UPS, "1Z999AA10123456784"), actor=actor)

    summary = sync_marketplace(marketplace="US")

    assert summary.succeeded, summary.errors
    sent = [
        json.loads(request["body"])["packageDetail"]
        for request in requests_to(sandbox, "/orders/v0/orders/114-0000004-0000004", "POST")
    ]
    assert [(p["carrierCode"], p["trackingNumber"]) for p in sent] == [
        ("USPS", "9400111899223344556677"),
        ("UPS", "1Z999AA10123456784"),
    ]
    assert sent[0]["packageReferenceId"] == sent[1]["packageReferenceId"] == str(shipment.pk)
    shipment.refresh_from_db()
    assert shipment.channel_state == "confirmed"
