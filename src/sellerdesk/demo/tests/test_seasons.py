import datetime as dt

import pytest

from sellerdesk.demo import seasons


@pytest.mark.parametrize(
    ("year", "easter"),
    [(2024, dt.date(2024, 3, 31)), (2025, dt.date(2025, 4, 20)), (2026, dt.date(2026, 4, 5)),
     (2027, dt.date(2027, 3, 28)), (2038, dt.date(2038, 4, 25)), (2285, dt.date(2285, 3, 22))],
)  # fmt: skip
def test_easter_sunday_matches_the_published_dates(year, easter):
    assert seasons.easter_sunday(year) == easter


@pytest.mark.parametrize(
    ("year", "mothering"),
    [(2024, dt.date(2024, 3, 10)), (2025, dt.date(2025, 3, 30)), (2026, dt.date(2026, 3, 15))],
)
def test_uk_mothering_sunday_is_three_weeks_before_easter(year, mothering):
    assert seasons.mothering_sunday(year) == mothering
    assert mothering.weekday() == 6


@pytest.mark.parametrize(
    ("year", "mothers_day", "black_friday"),
    [(2024, dt.date(2024, 5, 12), dt.date(2024, 11, 29)),
     (2025, dt.date(2025, 5, 11), dt.date(2025, 11, 28)),
     (2026, dt.date(2026, 5, 10), dt.date(2026, 11, 27))],
)  # fmt: skip
def test_us_mothers_day_and_black_friday(year, mothers_day, black_friday):
    assert seasons.us_mothers_day(year) == mothers_day
    assert seasons.black_friday(year) == black_friday


def test_gift_holidays_outweigh_a_quiet_day_in_each_marketplace():
    quiet = dt.date(2025, 6, 11)  # a Wednesday in June
    for market, mothers in (("US", dt.date(2025, 5, 6)), ("UK", dt.date(2025, 3, 25))):
        base = seasons.day_weight(market, quiet)
        assert seasons.day_weight(market, dt.date(2025, 2, 10)) > 2 * base  # Valentine's run-up
        assert seasons.day_weight(market, mothers) > 1.8 * base
        assert seasons.day_weight(market, dt.date(2025, 11, 28)) > 2.5 * base  # Black Friday
        assert seasons.day_weight(market, dt.date(2025, 12, 12)) > 2.5 * base
        assert seasons.day_weight(market, dt.date(2025, 12, 25)) < base


def test_mothers_day_peaks_differ_between_us_and_uk():
    uk_run_up = dt.date(2025, 3, 25)  # five days before Mothering Sunday
    assert seasons.day_weight("UK", uk_run_up) > 1.5 * seasons.day_weight("US", uk_run_up)


@pytest.mark.parametrize(
    ("total", "weights"),
    [(10, [1.0, 1.0, 1.0]), (1_000_000, [0.3, 2.5, 0.0, 1.7]), (1, [0.2, 0.2]), (0, [1.0])],
)
def test_apportion_splits_the_exact_total_in_proportion(total, weights):
    counts = seasons.apportion(total, weights)
    assert sum(counts) == total
    mass = sum(weights)
    assert all(abs(c - total * w / mass) < 1 for c, w in zip(counts, weights, strict=True))


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [(dt.date(2026, 1, 16), 1, dt.date(2026, 1, 19)),  # Friday -> Monday
     (dt.date(2026, 1, 17), 1, dt.date(2026, 1, 19)),  # Saturday -> Monday
     (dt.date(2026, 1, 19), 2, dt.date(2026, 1, 21)),
     (dt.date(2026, 1, 22), 5, dt.date(2026, 1, 29))],
)  # fmt: skip
def test_business_days_skip_weekends(start, days, expected):
    assert seasons.business_days_after(start, days) == expected


def test_hours_share_before_runs_from_nothing_to_the_whole_day():
    assert seasons.hours_share_before(0, 0) == 0
    assert seasons.hours_share_before(24, 0) == pytest.approx(1)
    assert 0.3 < seasons.hours_share_before(14, 0) < 0.5  # evenings are the busiest
