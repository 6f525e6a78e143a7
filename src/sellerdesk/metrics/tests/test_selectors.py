"""The metrics counted from stored orders: section 10's worked examples, windows and scopes."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

import pytest

from sellerdesk.catalog.tests.factories import SkuFactory
from sellerdesk.core import clock
from sellerdesk.messaging.models import BuyerMessage
from sellerdesk.metrics.domain.counting import (
    ChargebackKind,
    ClaimState,
    chargeback_counts,
    claim_counts,
    feedback_counts,
)
from sellerdesk.metrics.domain.policy import DEFAULTS, Metric
from sellerdesk.metrics.domain.rates import Status
from sellerdesk.metrics.models import Chargeback, Claim, Feedback, MetricSetting
from sellerdesk.metrics.selectors import counts, daily, packages
from sellerdesk.metrics.selectors.counts import Scope
from sellerdesk.metrics.selectors.summary import metric_summary
from sellerdesk.orders.models import Order, OrderLine, OrderStatus, Shipment, ShipmentLine
from sellerdesk.orders.services.confirmation import mark_shipments_sent
from sellerdesk.orders.tests.factories import amazon_marketplace, channel

pytestmark = pytest.mark.django_db

UTC = dt.UTC
AS_OF = dt.date(2025, 6, 30)
NOON = dt.datetime(2025, 6, 30, 12, tzinfo=UTC)
SELLER = Scope()


@pytest.fixture(autouse=True)
def _clock():
    with clock.pinned(NOON):
        yield


def _orders(count: int, *, days_ago: int = 3, **fields) -> list[Order]:
    """`count` orders bought `days_ago` days before AS_OF, seller-fulfilled in the US by default."""
    bought = dt.datetime.combine(AS_OF, dt.time(10), tzinfo=UTC) - dt.timedelta(days=days_ago)
    base = {
        "channel": channel("amazon"),
        "marketplace": amazon_marketplace("US"),
        "status": OrderStatus.SHIPPED,
        "fulfillment": "seller",
        "purchased_at": bought,
        "last_updated_at": bought,
        "received_at": bought,
        "latest_ship_at": bought + dt.timedelta(days=1),
        "currency": "USD",
    } | fields
    start = Order.objects.count()
    made = Order.objects.bulk_create(
        Order(external_id=f"114-{start + i:07d}-0000000", **base) for i in range(count)
    )
    return list(Order.objects.filter(external_id__in=[o.external_id for o in made]).order_by("pk"))


def _ship(order: Order, *, told: dt.datetime | None, **fields) -> Shipment:
    return Shipment.objects.create(
        order=order,
        shipped_at=order.purchased_at + dt.timedelta(hours=2),
        carrier=fields.pop("carrier", "UPS"),
        tracking_number=fields.pop("tracking_number", "1Z5R89390357567127"),
        created_by="test",
        first_told_at=told,
        **fields,
    )


def test_worked_example_1_two_defects_on_one_order_count_once_from_the_rows():
    orders = _orders(200, days_ago=20)
    Feedback.objects.create(order=orders[0], stars=1, left_at=NOON)
    Claim.objects.create(order=orders[0], filed_at=NOON, state=ClaimState.PENDING)
    odr = metric_summary(SELLER, AS_OF)[0]
    assert (odr.metric, odr.rate.numerator, odr.rate.denominator) == (
        Metric.ORDER_DEFECT_RATE,
        1,
        200,
    )
    assert (str(odr.rate), odr.rate.status) == ("0.50%", Status.PASS)
    assert {name: str(rate) for name, rate in odr.parts.items()} == {
        "Negative feedback": "0.50%",
        "A-to-z claims": "0.50%",
        "Chargebacks": "0.00%",
    }


def test_worked_example_2_defects_on_two_orders_fail():
    orders = _orders(200, days_ago=20)
    Feedback.objects.create(order=orders[0], stars=2, left_at=NOON)
    Claim.objects.create(order=orders[1], filed_at=NOON, state=ClaimState.GRANTED)
    odr = metric_summary(SELLER, AS_OF)[0]
    assert (str(odr.rate), odr.rate.status) == ("1.00%", Status.FAIL)
    assert set(counts.defect_orders(SELLER, odr.window)) == {orders[0], orders[1]}


def test_the_odr_counts_by_order_date_inside_its_offset_window_and_apart_by_channel():
    inside = _orders(1, days_ago=20)[0]
    too_recent = _orders(1, days_ago=13)[0]  # inside the 14-day offset: not yet counted
    too_old = _orders(1, days_ago=74)[0]  # 60 days ending AS_OF - 14 start on AS_OF - 73
    oldest_in = _orders(1, days_ago=73)[0]
    fba = _orders(1, days_ago=20, fulfillment="amazon")[0]
    uk = _orders(1, days_ago=20, marketplace=amazon_marketplace("UK"), currency="GBP")[0]
    etsy = _orders(1, days_ago=20, channel=channel("etsy"), marketplace=None)[0]
    for order in (inside, too_recent, too_old, oldest_in, fba, uk, etsy):
        Feedback.objects.create(order=order, stars=1, left_at=NOON)
    window = DEFAULTS[Metric.ORDER_DEFECT_RATE].window(AS_OF)
    assert set(counts.defect_orders(SELLER, window)) == {inside, oldest_in, uk}
    assert set(counts.defect_orders(Scope(marketplace=amazon_marketplace("UK")), window)) == {uk}
    assert set(counts.defect_orders(Scope(fulfillment="amazon"), window)) == {fba}


def test_the_database_counts_exactly_the_defects_the_rules_count():
    cases = list(
        itertools.product(
            [None, 1, 2, 3, 5],
            [False, True],
            [None, *ClaimState],
            [False, True],
            [None, *ChargebackKind],
        )
    )
    orders = _orders(len(cases), days_ago=20)
    expected = set()
    for order, (stars, removed, state, protected, kind) in zip(orders, cases, strict=True):
        if stars is not None:
            Feedback.objects.create(
                order=order, stars=stars, left_at=NOON, removed_at=NOON if removed else None
            )
        if state is not None:
            Claim.objects.create(order=order, filed_at=NOON, state=state, protected=protected)
        if kind is not None:
            Chargeback.objects.create(order=order, filed_at=NOON, kind=kind)
        if (
            (stars is not None and feedback_counts(stars=stars, removed=removed))
            or (state is not None and claim_counts(state=state, protected=protected))
            or (kind is not None and chargeback_counts(kind=kind))
        ):
            expected.add(order.pk)
    window = DEFAULTS[Metric.ORDER_DEFECT_RATE].window(AS_OF)
    found = {order.pk for order in counts.defect_orders(SELLER, window)}
    assert found == expected
    assert 0 < len(expected) < len(cases)


def test_worked_example_9_late_confirmations_over_30_and_10_days():
    old = _orders(190, days_ago=20)
    recent = _orders(60, days_ago=5)
    for order in old[:4] + recent[:6]:
        _ship(order, told=order.latest_ship_at + dt.timedelta(seconds=1))
    for order in old[4:10]:
        _ship(order, told=order.latest_ship_at)  # on the stroke: on time
    by_metric = {result.metric: result for result in metric_summary(SELLER, AS_OF)}
    thirty = by_metric[Metric.LATE_SHIPMENT_RATE_30].rate
    ten = by_metric[Metric.LATE_SHIPMENT_RATE_10].rate
    assert (thirty.numerator, thirty.denominator, str(thirty), thirty.status) == (
        10,
        250,
        "4.00%",
        Status.FAIL,
    )
    assert (ten.numerator, ten.denominator, str(ten), ten.status) == (6, 60, "10.00%", Status.FAIL)


def test_the_first_time_the_channel_was_told_governs_and_a_new_label_does_not_move_it():
    told_on_time, shipped_not_told, elsewhere_late, cancelled = _orders(4)
    Order.objects.filter(pk=cancelled.pk).update(status=OrderStatus.CANCELED)
    shipment = _ship(told_on_time, told=None)
    mark_shipments_sent(
        shipment_ids=[shipment.pk],
        state="exported",
        reference="file-1",
        at=told_on_time.purchased_at,
        actor="t",
    )
    mark_shipments_sent(
        shipment_ids=[shipment.pk], state="submitted", reference="feed-2", at=NOON, actor="t"
    )
    _ship(shipped_not_told, told=None)
    Order.objects.filter(pk=elsewhere_late.pk).update(
        shipped_at=elsewhere_late.latest_ship_at + dt.timedelta(hours=1)
    )
    window = DEFAULTS[Metric.LATE_SHIPMENT_RATE_10].window(AS_OF)
    assert list(counts.late_shipment_orders(SELLER, window)) == [elsewhere_late]
    found = daily.order_counts(SELLER, window)
    assert (found.late, found.orders) == (1, 3)
    assert list(counts.due_unconfirmed_orders(SELLER, window, by=NOON)) == [shipped_not_told]
    assert daily.unconfirmed_before(SELLER, window, NOON) == 1


def test_worked_example_12_buyer_requested_cancellations_are_left_out():
    orders = _orders(80, days_ago=2)
    Order.objects.filter(pk=orders[0].pk).update(status=OrderStatus.CANCELED, cancelled_by="seller")
    Order.objects.filter(pk__in=[o.pk for o in orders[1:4]]).update(
        status=OrderStatus.CANCELED, cancelled_by="buyer"
    )
    window = DEFAULTS[Metric.CANCELLATION_RATE].window(AS_OF)
    found = daily.order_counts(SELLER, window)
    assert (found.cancelled, found.all_orders) == (1, 80)
    rate = {r.metric: r for r in metric_summary(SELLER, AS_OF)}[Metric.CANCELLATION_RATE].rate
    assert (str(rate), rate.status) == ("1.25%", Status.PASS)
    # One cancelled line marks the order; a cancellation nobody says the buyer asked for counts.
    sku = SkuFactory()
    OrderLine.objects.create(
        order=orders[10],
        sku=sku,
        channel_sku=sku.code,
        external_id="1",
        quantity_ordered=2,
        quantity_cancelled=1,
        currency="USD",
    )
    Order.objects.filter(pk=orders[11].pk).update(status=OrderStatus.CANCELED)
    assert set(counts.cancellation_orders(SELLER, window)) == {orders[0], orders[10], orders[11]}


def test_worked_example_14_tracking_per_package_and_per_category():
    orders = _orders(200, days_ago=40)
    Order.objects.filter(pk__in=[o.pk for o in orders]).update(
        latest_delivery_at=dt.datetime(2025, 6, 1, tzinfo=UTC)
    )
    rings, earrings = (
        SkuFactory(product__category="Rings"),
        SkuFactory(product__category="Earrings"),
    )
    for i, order in enumerate(orders):
        sku = rings if i < 100 else earrings
        line = OrderLine.objects.create(
            order=order,
            sku=sku,
            channel_sku=sku.code,
            external_id="1",
            quantity_ordered=1,
            quantity_shipped=1,
            currency="USD",
        )
        scanned = NOON if i >= 10 else None
        shipment = _ship(order, told=order.purchased_at, first_scan_at=scanned)
        ShipmentLine.objects.create(shipment=shipment, order_line=line, quantity=1)
    result = {r.metric: r for r in metric_summary(SELLER, AS_OF)}[Metric.VALID_TRACKING_RATE]
    assert (str(result.rate), result.rate.status, result.rate.on_the_line) == (
        "95.00%",
        Status.AT_RISK,
        True,
    )
    assert "exactly on the target" in result.note
    assert {name: str(rate) for name, rate in result.parts.items()} == {
        "Earrings": "100.00%",
        "Rings": "90.00%",
    }
    # A package of another carrier, unknown to Amazon, is not valid: 189 of 200 fails.
    Shipment.objects.filter(order=orders[150]).update(carrier="Speedy Parcels")
    again = packages.valid_tracking(SELLER, result.window)
    assert (again.valid, len(again.packages)) == (189, 200)
    whys = {p.why for p in again.packages if not p.valid}
    assert whys == {"no carrier scan yet", "Speedy Parcels is not a carrier Amazon tracks"}


def test_on_time_delivery_counts_units_by_delivery_date_with_tracking_sent_before():
    deliver_by = dt.datetime(2025, 6, 18, 23, 59, tzinfo=UTC)
    on_time, late, told_after = _orders(3, days_ago=20, latest_delivery_at=deliver_by)
    sku = SkuFactory()
    cases = [
        (on_time, 3, deliver_by, on_time.purchased_at),
        (late, 1, deliver_by + dt.timedelta(minutes=1), late.purchased_at),
        (told_after, 2, deliver_by - dt.timedelta(days=1), deliver_by),
    ]
    for order, units, delivered, told in cases:
        Order.objects.filter(pk=order.pk).update(
            delivered_at=delivered, status=OrderStatus.DELIVERED
        )
        line = OrderLine.objects.create(
            order=order,
            sku=sku,
            channel_sku=sku.code,
            external_id="1",
            quantity_ordered=units,
            quantity_shipped=units,
            currency="USD",
        )
        shipment = _ship(order, told=told)
        ShipmentLine.objects.create(shipment=shipment, order_line=line, quantity=units)
    result = {r.metric: r for r in metric_summary(SELLER, AS_OF)}[Metric.ON_TIME_DELIVERY_RATE]
    assert str(result.window) == "2025-06-10 to 2025-06-23"
    assert (result.rate.numerator, result.rate.denominator, str(result.rate)) == (3, 6, "50.00%")
    assert result.rate.status is Status.FAIL


def test_worked_example_19_the_response_time_of_the_window():
    received = NOON - dt.timedelta(days=3)
    answers = (
        [received + dt.timedelta(hours=2)] * 35
        + [received + dt.timedelta(hours=30)] * 2
        + [None] * 2
    )
    for i, answered in enumerate(answers):
        BuyerMessage.objects.create(
            received_at=received,
            sender=f"b{i}@m.example",
            body="?",
            source="hand",
            answered_at=answered,
        )
    BuyerMessage.objects.create(
        received_at=received,
        sender="x@m.example",
        body="thanks",
        source="hand",
        no_response_needed=True,
    )
    result = metric_summary(SELLER, AS_OF)[-1]
    assert result.metric is Metric.RESPONSE_TIME
    assert (result.rate.numerator, result.rate.denominator, str(result.rate)) == (35, 39, "89.74%")
    assert result.rate.status is Status.FAIL


def test_fba_has_no_shipping_metrics_and_the_sellers_settings_replace_amazons():
    assert [r.metric for r in metric_summary(Scope(fulfillment="amazon"), AS_OF)] == [
        Metric.ORDER_DEFECT_RATE,
        Metric.RESPONSE_TIME,
    ]
    MetricSetting.objects.create(metric=Metric.CANCELLATION_RATE, days=14, target=Decimal("0.05"))
    result = {r.metric: r for r in metric_summary(SELLER, AS_OF)}[Metric.CANCELLATION_RATE]
    assert (result.window.days, result.policy.target.value, result.policy.target.warn_at) == (
        14,
        Decimal("0.05"),
        Decimal("0.02"),
    )


def test_orders_past_their_ship_by_not_yet_confirmed_are_said_beside_the_exact_rate():
    overdue, fine = _orders(2, days_ago=3)  # ship-by two days ago
    _ship(fine, told=fine.latest_ship_at - dt.timedelta(hours=1))
    result = {r.metric: r for r in metric_summary(SELLER, AS_OF)}[Metric.LATE_SHIPMENT_RATE_10]
    assert (result.rate.numerator, result.rate.denominator) == (0, 2)  # Amazon's count: exact
    assert result.note == (
        "and 1 not yet confirmed past their ship-by: each counts late when confirmed"
    )
    assert list(counts.due_unconfirmed_orders(SELLER, result.window, by=NOON)) == [overdue]
