"""Amazon's returns reports become returns: FBM requests under their RMA, FBA units settled
by Amazon's warehouse back in FBA stock; each row once, and rows whose orders are not here
yet wait."""

import datetime as dt

import pytest

from sellerdesk.channels.amazon.models import AmazonConnection, AmazonReturn
from sellerdesk.channels.amazon.return_rows import reason_of
from sellerdesk.inventory.models import StockLevel
from sellerdesk.inventory.tests.factories import FbaLocationFactory
from sellerdesk.orders.models import Fulfillment, OrderStatus
from sellerdesk.orders.tests.factories import OrderFactory, OrderLineFactory
from sellerdesk.returns.domain import lifecycle
from sellerdesk.returns.models import Return, ReturnUnit

from .reports import report
from .test_import_returns_and_feeds import FBA_COLUMNS, FBM_COLUMNS, fbm_row, run

pytestmark = pytest.mark.django_db


def delivered_order(external_id: str, **fields):
    order = OrderFactory(
        external_id=external_id,
        status=OrderStatus.DELIVERED,
        delivered_at=dt.datetime(2026, 11, 5, tzinfo=dt.UTC),
        **fields,
    )
    return OrderLineFactory(
        order=order, channel_sku="RING-SILVER-7", sku__code="RING-SILVER-7", quantity_ordered=2,
        quantity_shipped=2,
    )  # fmt: skip


def test_a_seller_fulfilled_request_becomes_one_return_under_its_rma_then_is_received():
    line = delivered_order("111-0000001-0000001")
    run(report([fbm_row()], FBM_COLUMNS))
    run(report([fbm_row()], FBM_COLUMNS))  # the same report again: still one return

    ret = Return.objects.get()
    assert (ret.rma, ret.source, ret.reason, ret.status) == (
        "DnBvQ2xRRMA", "amazon_fbm", "wrong_item", lifecycle.AUTHORISED,
    )  # fmt: skip
    assert ret.seller_at_fault
    assert [(u.line.order_line_id) for u in ReturnUnit.objects.all()] == [line.pk]

    run(report([fbm_row(status="Closed") | {"Return delivery date": "14-Nov-2026"}], FBM_COLUMNS))

    ret.refresh_from_db()
    assert ret.status == lifecycle.RECEIVED
    # Amazon gives the day: noon of it in the marketplace's zone (Los Angeles: 20:00 UTC).
    assert ret.received_at == dt.datetime(2026, 11, 14, 20, 0, tzinfo=dt.UTC)
    assert ret.refund_by is not None


def test_a_row_whose_order_is_not_here_yet_waits_and_is_made_at_the_next_import():
    run(report([fbm_row()], FBM_COLUMNS))
    waiting = AmazonReturn.objects.get()
    assert (waiting.ret, waiting.problem) == (
        None, "its order is not here yet: import the order report first",
    )  # fmt: skip

    delivered_order("111-0000001-0000001")
    run(report([fbm_row()], FBM_COLUMNS))

    waiting.refresh_from_db()
    assert waiting.ret is not None
    assert waiting.problem == ""


def fba_row(plate: str, disposition: str) -> dict[str, str]:
    return {
        "return-date": "2026-11-12T08:00:00+00:00",
        "order-id": "111-0000002-0000002",
        "sku": "RING-SILVER-7",
        "quantity": "1",
        "detailed-disposition": disposition,
        "reason": "UNWANTED_ITEM",
        "license-plate-number": plate,
    }


def test_fba_units_are_settled_returns_and_the_sellable_ones_go_back_into_fba_stock():
    fba = FbaLocationFactory()
    line = delivered_order("111-0000002-0000002", fulfillment=Fulfillment.AMAZON)

    run(report([fba_row("LPN1", "SELLABLE"), fba_row("LPN2", "CUSTOMER_DAMAGED")], FBA_COLUMNS))

    returns = list(Return.objects.order_by("pk"))
    assert [(r.source, r.status, r.reason) for r in returns] == [
        ("amazon_fba", lifecycle.CLOSED, "no_longer_needed")
    ] * 2
    assert [u.condition for u in ReturnUnit.objects.order_by("pk")] == ["sellable", "damaged"]
    assert StockLevel.objects.get(sku=line.sku, location=fba).on_hand == 1
    run(report([fba_row("LPN1", "SELLABLE"), fba_row("LPN2", "CUSTOMER_DAMAGED")], FBA_COLUMNS))
    assert Return.objects.count() == 2
    assert StockLevel.objects.get(sku=line.sku, location=fba).on_hand == 1


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("CR-DEFECTIVE", "defective"),
        ("CR-ORDERED_WRONG_ITEM", "ordered_by_mistake"),
        ("SWITCHEROO", "wrong_item"),
        ("AMZ-PG-BAD-DESC", "not_as_described"),
        ("CR-MISSED_ESTIMATED_DELIVERY", "late"),
        ("UNWANTED_ITEM", "no_longer_needed"),
        ("CR-FOUND_BETTER_PRICE", "better_price"),
        ("CR-DAMAGED_BY_CARRIER", "damaged"),
        ("NO_REASON_GIVEN", "other"),
    ],
)
def test_amazons_reason_codes_are_read_as_what_they_mean(code, reason):
    assert reason_of(code) == reason


def test_two_items_under_one_rma_are_one_return_received_once():
    ring = delivered_order("111-0000001-0000001")
    chain = OrderLineFactory(
        order=ring.order, channel_sku="CHAIN-1", sku__code="CHAIN-1", quantity_ordered=1,
        quantity_shipped=1,
    )  # fmt: skip
    arrived = {"Return delivery date": "14-Nov-2026"}
    rows = [fbm_row() | arrived, fbm_row() | {"Merchant SKU": "CHAIN-1"} | arrived]

    record = run(report(rows, FBM_COLUMNS))

    assert record.succeeded, record.error
    ret = Return.objects.get()
    assert sorted(ret.lines.values_list("order_line_id", flat=True)) == sorted([ring.pk, chain.pk])
    assert ret.status == lifecycle.RECEIVED
    assert run(report(rows, FBM_COLUMNS)).succeeded


def test_a_request_amazon_approved_is_authorised_even_outside_the_sellers_window():
    line = delivered_order("111-0000001-0000001")
    line.personalisation = "A + J"  # exempt by policy, but Amazon approved it
    line.save()
    run(report([fbm_row(status="Approved") | {"Return Reason": "CR-UNWANTED_ITEM"}], FBM_COLUMNS))
    assert Return.objects.get().status == lifecycle.AUTHORISED


def test_with_the_sp_api_connected_fba_returns_leave_amazons_own_count_alone(amazon_connected):
    fba = FbaLocationFactory()
    line = delivered_order("111-0000002-0000002", fulfillment=Fulfillment.AMAZON)
    run(report([fba_row("LPN1", "SELLABLE")], FBA_COLUMNS))
    assert Return.objects.get().status == lifecycle.CLOSED
    assert not StockLevel.objects.filter(sku=line.sku, location=fba, on_hand__gt=0).exists()


@pytest.fixture
def amazon_connected(db):
    at = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    return AmazonConnection.objects.create(
        region="NA", seller_id="A3SELLER", client_id="x", client_secret_encrypted="x",
        refresh_token_encrypted="x", created_at=at, updated_at=at,
    )  # fmt: skip
