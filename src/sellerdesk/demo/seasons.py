"""When a jewellery shop sells: gift holidays, the weekly rhythm, the hour of day.

Pure calendar arithmetic, no Django: the generator asks how many orders each marketplace
gets on each local day, and at what local hours.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import lru_cache

ONE_DAY = dt.timedelta(days=1)

# Monday first: Sunday evenings are busy, Saturdays quiet.
WEEKDAY = (1.04, 1.0, 1.0, 0.97, 0.9, 0.84, 1.1)

# Local hour of purchase: a small-hours trough, a lunch bump and an evening peak.
HOURS = (
    0.35, 0.22, 0.14, 0.10, 0.09, 0.12, 0.25, 0.45, 0.7, 0.85, 0.95, 1.0,
    1.1, 1.05, 0.95, 0.95, 1.0, 1.05, 1.15, 1.35, 1.5, 1.45, 1.1, 0.7,
)  # fmt: skip


def easter_sunday(year: int) -> dt.date:
    """Western (Gregorian) Easter: the anonymous algorithm (Meeus/Jones/Butcher)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month, day = divmod(h + el - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def mothering_sunday(year: int) -> dt.date:
    """The UK's Mother's Day: the fourth Sunday of Lent, three weeks before Easter."""
    return easter_sunday(year) - dt.timedelta(weeks=3)


def nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    """The n-th given weekday (Monday = 0) of a month."""
    first = dt.date(year, month, 1)
    return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


def us_mothers_day(year: int) -> dt.date:
    return nth_weekday(year, 5, 6, 2)


def black_friday(year: int) -> dt.date:
    """The day after US Thanksgiving (fourth Thursday of November); the UK follows it too."""
    return nth_weekday(year, 11, 3, 4) + ONE_DAY


def _ramp(day: dt.date, peak: dt.date, before: int, after: int, height: float) -> float:
    """A triangle: 0 `before` days ahead of `peak`, `height` on it, 0 again `after` days later."""
    offset = (day - peak).days
    if -before < offset <= 0:
        return height * (1 + offset / before)
    if 0 < offset < after:
        return height * (1 - offset / after)
    return 0.0


def _gift_peaks(market: str, day: dt.date) -> float:
    """Extra demand from gift holidays; buyers order days ahead so parcels arrive in time."""
    year = day.year
    lift = _ramp(day, dt.date(year, 2, 9), 18, 6, 1.6)  # Valentine's Day, Feb 14
    mothers = us_mothers_day(year) if market == "US" else mothering_sunday(year)
    lift += _ramp(day, mothers - dt.timedelta(days=5), 16, 6, 1.3)
    friday = black_friday(year)
    if friday <= day <= friday + dt.timedelta(days=3):  # Black Friday to Cyber Monday
        lift += (1.9, 1.1, 1.2, 1.7)[(day - friday).days]
    lift += _ramp(day, dt.date(year, 12, 13), 20, 11, 1.9)  # the Christmas run-up
    if market == "UK" and day.month == 12 and day.day == 26:
        lift += 0.5  # Boxing Day sales
    if day.month == 12 and day.day == 25:
        lift -= 0.55
    if (day.month == 1 and day.day >= 4) or day.month in (7, 8):
        lift -= 0.2  # the January lull, the summer holidays
    return lift


def day_weight(market: str, day: dt.date) -> float:
    """Relative demand of one local day in one marketplace."""
    return WEEKDAY[day.weekday()] * max(0.1, 1.0 + _gift_peaks(market, day))


def hours_share_before(hour: int, minute: int) -> float:
    """The share of a day's orders placed before the local time hour:minute."""
    done = sum(HOURS[:hour]) + HOURS[hour] * minute / 60 if hour < 24 else sum(HOURS)
    return done / sum(HOURS)


def apportion(total: int, weights: Sequence[float]) -> list[int]:
    """Split `total` into integers proportional to `weights` (largest remainder, exact sum)."""
    mass = sum(weights)
    if total == 0 or mass <= 0:
        return [0] * len(weights)
    shares = [total * weight / mass for weight in weights]
    counts = [int(share) for share in shares]
    short = total - sum(counts)
    by_remainder = sorted(range(len(shares)), key=lambda i: (counts[i] - shares[i], i))
    for index in by_remainder[:short]:
        counts[index] += 1
    return counts


@lru_cache(maxsize=65536)
def business_days_after(day: dt.date, count: int) -> dt.date:
    """The date `count` working days (Monday to Friday) after `day`; holidays are ignored."""
    while count > 0:
        day += ONE_DAY
        if day.weekday() < 5:
            count -= 1
    return day
