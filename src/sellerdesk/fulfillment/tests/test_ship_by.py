import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from sellerdesk.fulfillment.domain.ship_by import ShippingCalendar

NEW_YORK = ZoneInfo("America/New_York")


def local(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=NEW_YORK)


@pytest.mark.parametrize(
    ("handling", "ordered", "ship_by"),
    [
        # Worked example 24 of amazon-rules.md section 10.
        (1, "2025-06-06 15:00", dt.date(2025, 6, 9)),  # Friday, one business day: Monday
        (0, "2025-06-09 11:00", dt.date(2025, 6, 9)),  # same day, before the 14:00 cut-off
        (0, "2025-06-09 16:00", dt.date(2025, 6, 10)),  # after it: the next business day
        # And around it.
        (0, "2025-06-09 14:00", dt.date(2025, 6, 10)),  # at the cut-off is after it
        (0, "2025-06-07 10:00", dt.date(2025, 6, 9)),  # Saturday, same day: Monday
        (2, "2025-06-05 09:00", dt.date(2025, 6, 9)),  # Thursday + 2: Monday
        (1, "2025-06-07 10:00", dt.date(2025, 6, 9)),  # Saturday + 1: Monday
        (3, "2025-06-06 23:30", dt.date(2025, 6, 11)),
    ],
)
def test_ship_by_counts_business_days_from_the_order_in_the_marketplace_time(
    handling, ordered, ship_by
):
    calendar = ShippingCalendar(zone=NEW_YORK, handling_days=handling)
    assert calendar.ship_by_day(local(ordered)) == ship_by


def test_holidays_of_the_marketplace_do_not_count():
    independence = dt.date(2025, 7, 4)  # a Friday
    calendar = ShippingCalendar(zone=NEW_YORK, handling_days=1, holidays={independence})
    assert calendar.ship_by_day(local("2025-07-03 10:00")) == dt.date(2025, 7, 7)
    same_day = ShippingCalendar(zone=NEW_YORK, handling_days=0, holidays={independence})
    assert same_day.ship_by_day(local("2025-07-04 09:00")) == dt.date(2025, 7, 7)


def test_the_order_time_is_read_in_the_marketplace_zone_and_ship_by_is_its_end_of_day_in_utc():
    calendar = ShippingCalendar(zone=NEW_YORK, handling_days=0)
    # 17:30 UTC is 13:30 in New York in June: before the cut-off, so the same day.
    ordered = dt.datetime(2025, 6, 9, 17, 30, tzinfo=dt.UTC)
    assert calendar.ship_by(ordered) == dt.datetime(2025, 6, 10, 3, 59, 59, tzinfo=dt.UTC)
    # 18:30 UTC is 14:30 there: the next business day.
    later = dt.datetime(2025, 6, 9, 18, 30, tzinfo=dt.UTC)
    assert calendar.ship_by_day(later) == dt.date(2025, 6, 10)


def test_a_naive_order_time_and_a_negative_handling_time_are_refused():
    naive = dt.datetime(2025, 6, 9, 10, 0)  # noqa: DTZ001 - the mistake under test
    with pytest.raises(ValueError, match="aware"):
        ShippingCalendar(zone=NEW_YORK).ship_by_day(naive)
    with pytest.raises(ValueError, match="negative"):
        ShippingCalendar(zone=NEW_YORK, handling_days=-1)
