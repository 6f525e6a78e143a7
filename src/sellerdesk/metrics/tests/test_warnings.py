"""Early warnings: the Late Shipment Rate if today's orders miss their ship-by, packages with
no carrier scan, shipments Amazon was never told of, and the daily email of them."""

import datetime as dt

import pytest

from sellerdesk.channels.models import Marketplace
from sellerdesk.core import clock
from sellerdesk.messaging.tests.smtp import smtp_mailbox
from sellerdesk.metrics.digest import send_warning_digest, warning_digest
from sellerdesk.metrics.domain.rates import Status
from sellerdesk.metrics.selectors.warnings import early_warnings
from sellerdesk.orders.models import Order, OrderStatus, Shipment
from sellerdesk.orders.tests.factories import OrderFactory, channel

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2025, 6, 30, 9, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _us_active():
    Marketplace.objects.filter(channel__code="amazon", code="US").update(is_active=True)
    with clock.pinned(NOW):
        yield


def shipped(order: Order, *, told: dt.datetime | None, **fields) -> Shipment:
    return Shipment.objects.create(
        order=order, shipped_at=order.purchased_at + dt.timedelta(hours=3), carrier="USPS",
        tracking_number="9400111206206406260787", created_by="t", first_told_at=told,
        channel_state="confirmed" if told else "pending", **fields,
    )  # fmt: skip


def test_the_late_shipment_rate_if_todays_due_orders_miss_their_ship_by():
    bought = NOW - dt.timedelta(days=3)
    orders = [
        OrderFactory(purchased_at=bought, latest_ship_at=bought + dt.timedelta(days=1))
        for _ in range(50)
    ]
    for order in orders[:40]:
        shipped(order, told=order.latest_ship_at - dt.timedelta(hours=2))  # on time
    shipped(orders[40], told=orders[40].latest_ship_at + dt.timedelta(hours=1))  # late
    # Two due by tonight, not confirmed; the rest due later in the week.
    for order in orders[41:43]:
        Order.objects.filter(pk=order.pk).update(latest_ship_at=NOW + dt.timedelta(hours=5))
    for order in orders[43:]:
        Order.objects.filter(pk=order.pk).update(latest_ship_at=NOW + dt.timedelta(days=3))

    ten, thirty = early_warnings(now=NOW).late_shipments

    assert (ten.name, str(ten.now), ten.now.status) == (
        "Late Shipment Rate, 10 days", "2.00%", Status.PASS,
    )  # fmt: skip
    assert (ten.due, str(ten.if_missed), ten.if_missed.status) == (2, "6.00%", Status.FAIL)
    assert ten.more_to_fail == 1  # 2 of 50 is 4%: the line
    assert ten.worrying
    assert thirty.now.denominator == 50


def test_packages_without_a_scan_and_shipments_amazon_was_never_told_of():
    order = OrderFactory(purchased_at=NOW - dt.timedelta(days=4))
    unscanned = shipped(order, told=NOW - dt.timedelta(hours=30))
    shipped(OrderFactory(), told=NOW - dt.timedelta(hours=30), first_scan_at=NOW)
    shipped(OrderFactory(), told=NOW - dt.timedelta(hours=2))  # still inside its 24 hours
    delivered = OrderFactory(status=OrderStatus.DELIVERED, delivered_at=NOW)
    shipped(delivered, told=NOW - dt.timedelta(days=3))
    untold_order = OrderFactory(purchased_at=NOW - dt.timedelta(days=1))
    untold = shipped(untold_order, told=None)  # 21 h ago, pending
    etsy = OrderFactory(
        channel=channel("etsy"), marketplace=None, purchased_at=NOW - dt.timedelta(days=2)
    )
    shipped(etsy, told=None)  # Etsy is told by hand: not sellerdesk's to warn of

    warnings = early_warnings(now=NOW)

    assert warnings.unscanned == [unscanned]
    assert warnings.untold == [untold]
    assert warnings.any


def test_the_daily_email_lists_what_needs_the_seller(settings):
    assert warning_digest(now=NOW) == ""
    order = OrderFactory(purchased_at=NOW - dt.timedelta(days=4), external_id="114-0000000-0000009")
    shipped(order, told=NOW - dt.timedelta(hours=30))
    with smtp_mailbox(settings) as box:
        assert send_warning_digest(to="maker@shop.example", now=NOW)
    (mail,) = box.received
    assert mail["To"] == "maker@shop.example"
    assert mail["Subject"] == "sellerdesk: account health warnings for 30 Jun 2025"
    body = mail.get_payload(decode=True).decode()
    assert "Order 114-0000000-0000009: no carrier scan since the channel was told" in body
