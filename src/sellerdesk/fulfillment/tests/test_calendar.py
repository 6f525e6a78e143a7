import datetime as dt

import pytest

from sellerdesk.core.errors import DomainError
from sellerdesk.fulfillment.models import Holiday
from sellerdesk.fulfillment.selectors import ship_by_times
from sellerdesk.fulfillment.services import set_holidays, set_shipping_settings
from sellerdesk.orders.tests.factories import OrderFactory, amazon_marketplace, channel

pytestmark = pytest.mark.django_db

# Friday 2025-06-06 15:00 in Los Angeles, where Amazon US counts its days (UTC-7 in June).
FRIDAY_AFTERNOON = dt.datetime(2025, 6, 6, 22, 0, tzinfo=dt.UTC)


def end_of_us_day(day: dt.date) -> dt.datetime:
    # 23:59:59 in Los Angeles in June is 06:59:59 UTC the next day.
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(6, 59, 59), tzinfo=dt.UTC)


def test_the_channels_latest_ship_date_wins_over_the_calendar():
    sent = dt.datetime(2025, 6, 12, 6, 59, 59, tzinfo=dt.UTC)
    order = OrderFactory(purchased_at=FRIDAY_AFTERNOON, latest_ship_at=sent)
    assert ship_by_times([order]) == {order.pk: sent}


def test_without_one_the_marketplace_calendar_gives_the_ship_by_time():
    order = OrderFactory(purchased_at=FRIDAY_AFTERNOON, latest_ship_at=None)
    # The defaults: one business day of handling. Friday + 1 business day = Monday.
    assert ship_by_times([order]) == {order.pk: end_of_us_day(dt.date(2025, 6, 9))}


def test_the_sellers_handling_time_cut_off_and_holidays_count():
    us = amazon_marketplace("US")
    set_shipping_settings(marketplace=us, handling_days=0, cutoff=dt.time(16, 0))
    set_holidays(marketplace=us, holidays=[(dt.date(2025, 6, 9), "Shop closed")])
    before_cutoff = OrderFactory(purchased_at=FRIDAY_AFTERNOON, latest_ship_at=None)
    after_cutoff = OrderFactory(
        purchased_at=FRIDAY_AFTERNOON + dt.timedelta(hours=1, minutes=30), latest_ship_at=None
    )
    assert ship_by_times([before_cutoff, after_cutoff]) == {
        before_cutoff.pk: end_of_us_day(dt.date(2025, 6, 6)),  # 15:00, before 16:00: Friday
        after_cutoff.pk: end_of_us_day(dt.date(2025, 6, 10)),  # 16:30; Monday a holiday
    }


def test_ship_by_times_read_the_calendars_in_a_fixed_number_of_queries(
    django_assert_num_queries,
):
    orders = [
        OrderFactory(purchased_at=FRIDAY_AFTERNOON, latest_ship_at=None, marketplace=market)
        for market in (amazon_marketplace("US"), amazon_marketplace("UK"), amazon_marketplace("DE"))
        for _ in range(3)
    ]
    with django_assert_num_queries(3):
        times = ship_by_times(orders)
    assert len(times) == 9


def test_orders_of_no_marketplace_use_the_sellers_time_zone(settings):
    settings.SELLERDESK_TIME_ZONE = "Europe/London"
    order = OrderFactory(
        channel=channel("amazon"),
        marketplace=None,
        purchased_at=FRIDAY_AFTERNOON,
        latest_ship_at=None,
    )
    # Friday 23:00 in London (UTC+1 in June): Monday, ending 22:59:59 UTC.
    assert ship_by_times([order]) == {order.pk: dt.datetime(2025, 6, 9, 22, 59, 59, tzinfo=dt.UTC)}


def test_a_handling_time_out_of_range_and_a_holiday_listed_twice_are_refused():
    us = amazon_marketplace("US")
    with pytest.raises(DomainError, match="0 \\(same day\\) to 30 business days, not 31"):
        set_shipping_settings(marketplace=us, handling_days=31, cutoff=dt.time(14, 0))
    twice = [(dt.date(2025, 12, 25), "Christmas"), (dt.date(2025, 12, 25), "again")]
    with pytest.raises(DomainError, match="2025-12-25 is listed twice"):
        set_holidays(marketplace=us, holidays=twice)


def test_setting_holidays_replaces_the_list():
    us = amazon_marketplace("US")
    set_holidays(marketplace=us, holidays=[(dt.date(2025, 7, 4), "Independence Day")])
    assert set_holidays(marketplace=us, holidays=[(dt.date(2025, 12, 25), "Christmas")]) == 1
    assert list(Holiday.objects.values_list("day", "name")) == [
        (dt.date(2025, 12, 25), "Christmas")
    ]
