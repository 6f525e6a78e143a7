"""Dates typed in a workbook: days kept as days, times as the seller's wall clock."""

from __future__ import annotations

import datetime as dt

from sellerdesk.workbook.reading import Row, Table
from sellerdesk.workbook.typed_dates import Typed, resolve, typed

TABLE = Table("Order Tracking", {"shipped": "Shipped Date (N)"})


def wall(*parts: int) -> dt.datetime:
    return dt.datetime(*parts)  # noqa: DTZ001 - a spreadsheet's cell has no time zone


def cell(value) -> Typed | None:
    return typed(TABLE, Row(2, {"shipped": value}), "shipped")


def test_a_time_in_the_hour_repeated_when_clocks_go_back_matches_either(settings):
    settings.SELLERDESK_TIME_ZONE = "America/New_York"
    # 06:30 UTC on 2 November 2025 is 01:30 EST, the second 01:30 of that night.
    stored = dt.datetime(2025, 11, 2, 6, 30, tzinfo=dt.UTC)

    assert cell(wall(2025, 11, 2, 1, 30)).matches(stored)
    assert not cell(wall(2025, 11, 2, 1, 31)).matches(stored)


def test_days_in_each_form_are_days():
    for value in (dt.date(2026, 1, 5), wall(2026, 1, 5), "2026-01-05", "05 Jan 2026",
                  "5-Jan-2026"):  # fmt: skip
        assert cell(value) == Typed(day=dt.date(2026, 1, 5)), value


def test_a_day_ends_at_the_seller_s_midnight_on_a_short_day(settings):
    settings.SELLERDESK_TIME_ZONE = "America/New_York"
    after = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
    # 8 March 2026 has 23 hours there: it ends at 04:00 UTC on the 9th.
    at = resolve("2026-03-08", after=after, end_of_day=True)

    assert at == dt.datetime(2026, 3, 9, 3, 59, 59, tzinfo=dt.UTC)
