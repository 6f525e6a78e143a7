"""Ship-by and deliver-by dates, and when parcels really left and arrived.

Days are counted in the marketplace's time zone (Amazon's rule) and stored in UTC. The
studio that packs seller-fulfilled orders is in Portland, Oregon: it ships on weekdays
between 10:00 and 17:30 its time, so UK orders go abroad.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from .draws import Draws
from .seasons import business_days_after

UTC = dt.UTC
STUDIO = ZoneInfo("America/Los_Angeles")
ONE_SECOND = dt.timedelta(seconds=1)
OPENING_HOURS = dt.timedelta(hours=7, minutes=30)  # 10:00 to 17:30
LAST_SAME_DAY_HOUR = 15  # orders after 15:00 studio time are packed the next working day

# (market, fulfilment, service level) -> business days in transit, fastest and slowest
TRANSIT = {
    ("US", "seller", "Standard"): (3, 5),
    ("US", "seller", "Expedited"): (2, 3),
    ("US", "seller", "NextDay"): (1, 1),
    ("UK", "seller", "Standard"): (6, 10),  # international from the studio
    ("UK", "seller", "Expedited"): (3, 5),
    ("US", "amazon", "Standard"): (3, 5),
    ("US", "amazon", "Expedited"): (2, 3),
    ("US", "amazon", "SecondDay"): (2, 2),
    ("US", "amazon", "NextDay"): (1, 1),
    ("UK", "amazon", "Standard"): (2, 3),
    ("UK", "amazon", "Expedited"): (1, 2),
    ("UK", "amazon", "NextDay"): (1, 1),
}


class Calendar:
    """Day boundaries per time zone, cached: the generator asks for the same days again and again."""

    def __init__(self, zones: dict[str, ZoneInfo]) -> None:
        self.zones = zones
        self._starts: dict[tuple[str, dt.date], dt.datetime] = {}
        self._openings: dict[dt.date, dt.datetime] = {}

    def local_date(self, market: str, at: dt.datetime) -> dt.date:
        return at.astimezone(self.zones[market]).date()

    def day_start(self, market: str, day: dt.date) -> dt.datetime:
        """The UTC instant a local day begins."""
        key = (market, day)
        start = self._starts.get(key)
        if start is None:
            start = dt.datetime.combine(day, dt.time.min, tzinfo=self.zones[market]).astimezone(UTC)
            self._starts[key] = start
        return start

    def day_end(self, market: str, day: dt.date) -> dt.datetime:
        """The last second of a local day, as Amazon gives ship-by and deliver-by dates."""
        return self.day_start(market, day + dt.timedelta(days=1)) - ONE_SECOND

    def studio_opens(self, day: dt.date) -> dt.datetime:
        opens = self._openings.get(day)
        if opens is None:
            opens = dt.datetime.combine(day, dt.time(10), tzinfo=STUDIO).astimezone(UTC)
            self._openings[day] = opens
        return opens


def ship_by(
    calendar: Calendar, market: str, purchased_at: dt.datetime, handling_days: int
) -> tuple[dt.date, dt.datetime]:
    """The ship-by date and the instant it ends: purchase day + handling in working days."""
    day = business_days_after(calendar.local_date(market, purchased_at), handling_days)
    return day, calendar.day_end(market, day)


def delivery_window(
    calendar: Calendar, market: str, key: tuple[str, str, str], from_day: dt.date
) -> tuple[dt.datetime, dt.datetime]:
    """The promised delivery window (earliest start, latest end) counted from `from_day`."""
    fastest, slowest = TRANSIT[key]
    earliest = calendar.day_start(market, business_days_after(from_day, fastest))
    latest = calendar.day_end(market, business_days_after(from_day, slowest))
    return earliest, latest


def seller_ship_time(
    rng: Draws,
    calendar: Calendar,
    purchased_at: dt.datetime,
    latest_ship_at: dt.datetime,
    *,
    late: bool,
) -> dt.datetime:
    """When the studio confirmed shipment: in opening hours, usually the same or next day."""
    if late:
        return latest_ship_at + dt.timedelta(minutes=rng.between(3 * 60, 40 * 60))
    local = purchased_at.astimezone(STUDIO)
    day = local.date()
    same_day = day.weekday() < 5 and local.hour < LAST_SAME_DAY_HOUR
    if not same_day:
        day = business_days_after(day, 1)
    delay = rng.random()
    if delay > 0.55:
        day = business_days_after(day, 1 if delay < 0.95 else 2)
        same_day = False
    opens = calendar.studio_opens(day)
    earliest = max(purchased_at + dt.timedelta(minutes=45), opens) if same_day else opens
    window = max(0, int((opens + OPENING_HOURS - earliest).total_seconds()))
    shipped = earliest + dt.timedelta(seconds=rng.between(0, window))
    if shipped > latest_ship_at:
        floor = purchased_at + dt.timedelta(minutes=30)
        shipped = max(floor, latest_ship_at - dt.timedelta(minutes=rng.between(10, 180)))
    return shipped


def amazon_ship_time(
    rng: Draws, purchased_at: dt.datetime, latest_ship_at: dt.datetime
) -> dt.datetime:
    """Amazon's warehouses work around the clock and ship within the day."""
    shipped = purchased_at + dt.timedelta(minutes=rng.between(90, 22 * 60))
    return min(shipped, latest_ship_at - dt.timedelta(minutes=5))


def delivery_time(
    rng: Draws,
    calendar: Calendar,
    market: str,
    key: tuple[str, str, str],
    shipped_at: dt.datetime,
) -> dt.datetime:
    """When the carrier scanned it delivered; about one parcel in 25 arrives late."""
    fastest, slowest = TRANSIT[key]
    days = rng.between(fastest, slowest)
    if rng.random() < 0.04:
        days += rng.between(1, 3)
    day = business_days_after(calendar.local_date(market, shipped_at), days)
    return calendar.day_start(market, day) + dt.timedelta(minutes=rng.between(9 * 60, 20 * 60))
