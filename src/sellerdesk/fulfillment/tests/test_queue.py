import datetime as dt

import pytest

from sellerdesk.fulfillment.selectors import ship_today_summary, to_ship_queue
from sellerdesk.orders.models import Fulfillment, OrderStatus
from sellerdesk.orders.tests.factories import OrderFactory

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2025, 6, 11, 10, 0, tzinfo=dt.UTC)  # a Wednesday


@pytest.fixture(autouse=True)
def seller_in_utc(settings):
    settings.SELLERDESK_TIME_ZONE = "UTC"


def ordered(ship_by: dt.datetime | None, **fields):
    return OrderFactory(
        purchased_at=NOW - dt.timedelta(days=1), latest_ship_at=ship_by, **fields
    ).external_id


def ids(entries) -> list[str]:
    return [entry.order.external_id for entry in entries]


def test_the_queue_groups_orders_by_when_they_must_ship_soonest_first():
    late = ordered(NOW - dt.timedelta(hours=1))
    later_today = ordered(NOW + dt.timedelta(hours=9))
    soon = ordered(NOW + dt.timedelta(hours=2))
    tomorrow = ordered(NOW + dt.timedelta(days=1))
    next_week = ordered(NOW + dt.timedelta(days=6))
    queue = to_ship_queue(now=NOW)
    assert ids(queue.overdue) == [late]
    assert ids(queue.today) == [soon, later_today]
    assert ids(queue.tomorrow) == [tomorrow]
    assert ids(queue.later) == [next_week]
    assert [key for key, _, _ in queue.groups] == ["overdue", "today", "tomorrow", "later"]


def test_orders_due_within_hours_are_flagged_at_risk_before_they_are_late():
    soon = ordered(NOW + dt.timedelta(hours=3, minutes=59))
    ordered(NOW + dt.timedelta(hours=5))
    ordered(NOW - dt.timedelta(minutes=1))  # late already: overdue, not "at risk"
    queue = to_ship_queue(now=NOW)
    assert [entry.order.external_id for entry in queue.today if entry.at_risk] == [soon]
    assert queue.at_risk_count == 1


def test_only_paid_seller_fulfilled_orders_not_yet_shipped_are_queued():
    waiting = ordered(NOW + dt.timedelta(hours=5))
    partly = ordered(NOW + dt.timedelta(hours=6), status=OrderStatus.PARTIALLY_SHIPPED)
    ordered(NOW + dt.timedelta(hours=5), fulfillment=Fulfillment.AMAZON)
    ordered(NOW + dt.timedelta(hours=5), status=OrderStatus.SHIPPED)
    ordered(NOW + dt.timedelta(hours=5), status=OrderStatus.PENDING)
    ordered(NOW + dt.timedelta(hours=5), status=OrderStatus.CANCELED)
    assert ids(to_ship_queue(now=NOW).today) == [waiting, partly]


def test_orders_without_a_channel_ship_date_are_queued_by_their_marketplace_calendar():
    # Amazon US (Los Angeles), one business day of handling: ordered Tuesday, due Wednesday
    # 23:59:59 there, which is Thursday 06:59:59 UTC: tomorrow for a seller in UTC.
    imported = OrderFactory(
        purchased_at=dt.datetime(2025, 6, 10, 18, 0, tzinfo=dt.UTC), latest_ship_at=None
    )
    queue = to_ship_queue(now=NOW)
    assert ids(queue.tomorrow) == [imported.external_id]
    assert queue.tomorrow[0].ship_by == dt.datetime(2025, 6, 12, 6, 59, 59, tzinfo=dt.UTC)


def test_todays_summary_counts_on_time_and_overdue_orders_with_calculated_ones_merged_in():
    late = ordered(NOW - dt.timedelta(hours=1))
    soon = ordered(NOW + dt.timedelta(hours=2))
    ordered(NOW + dt.timedelta(days=1))  # tomorrow: not today's
    # Amazon US (Los Angeles), one business day: ordered Monday, due Tuesday 23:59:59 there,
    # Wednesday 06:59:59 UTC: overdue at NOW. Ordered Tuesday: due Thursday UTC, not today.
    calculated_late = OrderFactory(
        purchased_at=dt.datetime(2025, 6, 9, 18, 0, tzinfo=dt.UTC), latest_ship_at=None
    ).external_id
    OrderFactory(purchased_at=dt.datetime(2025, 6, 10, 18, 0, tzinfo=dt.UTC), latest_ship_at=None)

    ship = ship_today_summary(now=NOW)

    assert ids(ship.due) == [calculated_late, late, soon]
    assert (ship.due_count, ship.overdue_count, ship.total) == (1, 2, 3)
    assert [entry.overdue for entry in ship.due] == [True, True, False]
    assert [entry.at_risk for entry in ship.due] == [False, False, True]


def test_todays_summary_lists_at_most_the_limit_soonest_first_but_counts_them_all():
    first, second = (ordered(NOW + dt.timedelta(hours=hours)) for hours in (1, 2))
    ordered(NOW + dt.timedelta(hours=3))
    OrderFactory(purchased_at=dt.datetime(2025, 6, 9, 18, 0, tzinfo=dt.UTC), latest_ship_at=None)

    ship = ship_today_summary(now=NOW, limit=2)

    assert len(ship.due) == 2
    assert ship.total == 4
    assert ids(ship.due)[1] == first
    assert second not in ids(ship.due)
