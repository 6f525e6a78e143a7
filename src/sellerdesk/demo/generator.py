"""A year of the demo shop's orders, generated in time order from a seed: pure Python, no ORM.

`DemoShop(orders=N, seed=S, as_of=T).items()` yields orders and stock events in the order
they happened, ending at `as_of`. The same arguments always yield the same data. Stock is
simulated alongside (stockbook.py), so a sale only happens when the stock was there.
"""

from __future__ import annotations

import datetime as dt
import heapq
import random
from bisect import bisect
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from itertools import accumulate
from typing import NamedTuple
from zoneinfo import ZoneInfo

from . import people, seasons, shipping
from .baskets import Baskets
from .catalogue import SkuSpec, asins, catalogue
from .draws import Draws
from .pricing import ZERO, Charges, Pricer, line_charged
from .stockbook import FBA_SHARE, Forecast, StockBook, StockEvent


class Market(NamedTuple):
    code: str
    currency: str
    zone: ZoneInfo
    id_prefixes: tuple[str, ...]
    share: float
    prices_include_tax: bool


MARKETS = (
    Market("US", "USD", ZoneInfo("America/Los_Angeles"), ("111", "112", "113", "114"), 0.68, False),
    Market("UK", "GBP", ZoneInfo("Europe/London"), ("202", "203", "204", "205", "206"), 0.32, True),
)
WINDOW_DAYS = 365
# Amazon order ids are 3-7-7 digits. The last fourteen come from the order's sequence number
# through a bijection of [0, 10**14) (an odd multiplier not divisible by 5), so they never clash.
ID_SPACE = 10**14
ID_MULTIPLIER = 73_939_133_510_967
RECENT_OPEN = 20  # the newest orders are still waiting to ship
DUE_TODAY_OPEN = 8  # orders whose ship-by date is today, not yet shipped
OVERDUE_OPEN = 4  # orders past their ship-by date: the seller must act
SHIPPED_AFTER = dt.timedelta(minutes=20)  # younger orders cannot have shipped yet
BUYER_REASONS = (
    "buyer requested: ordered the wrong size",
    "buyer requested: ordered by mistake",
    "buyer requested: delivery date too late",
    "buyer requested: found a different design",
)
SELLER_REASONS = (
    "piece damaged in finishing, none left to send",
    "engraving text could not be fitted",
    "shipping address could not be verified",
)

PENDING, UNSHIPPED, SHIPPED, DELIVERED, CANCELED = (
    "Pending",
    "Unshipped",
    "Shipped",
    "Delivered",
    "Canceled",
)


@dataclass(slots=True)
class DemoLine:
    sku: SkuSpec
    location: str
    channel_sku: str
    external_id: str
    asin: str
    quantity: int
    charges: Charges
    is_gift: bool
    gift_message: str
    personalisation: str


@dataclass(slots=True)
class DemoOrder:
    seq: int
    market: str
    external_id: str
    status: str
    fulfillment: str
    purchased_at: dt.datetime
    last_updated_at: dt.datetime
    received_at: dt.datetime
    earliest_ship_at: dt.datetime
    latest_ship_at: dt.datetime
    earliest_delivery_at: dt.datetime
    latest_delivery_at: dt.datetime
    shipped_at: dt.datetime | None
    delivered_at: dt.datetime | None
    cancelled_at: dt.datetime | None
    ship_service_level: str
    is_prime: bool
    is_business: bool
    currency: str
    prices_include_tax: bool
    total: Decimal
    item_count: int
    lines: list[DemoLine]
    buyer: people.Buyer
    cancel_reason: str = ""

    @property
    def is_open(self) -> bool:
        return self.status in (PENDING, UNSHIPPED)


class DemoShop:
    def __init__(self, *, orders: int, seed: int, as_of: dt.datetime) -> None:
        if as_of.tzinfo is None:
            raise ValueError("as_of must be timezone-aware")
        self.total = orders
        self.as_of = as_of.astimezone(dt.UTC)
        self.start = self.as_of - dt.timedelta(days=WINDOW_DAYS)
        self.skus = catalogue()
        self.asins = asins(self.skus)
        self.calendar = shipping.Calendar({m.code: m.zone for m in MARKETS})
        self.today = {m.code: self.calendar.local_date(m.code, self.as_of) for m in MARKETS}
        self._plan()
        self.forecast = Forecast(self.skus, self.expected, self.start)
        self.book = StockBook(
            self.skus, self.forecast, Draws(f"{seed}:stock"), self.start - dt.timedelta(7)
        )
        self.rng = Draws(f"{seed}:orders")
        self._times_rng = {m.code: Draws(f"{seed}:times:{m.code}") for m in MARKETS}
        self._id_offset = random.Random(f"{seed}:ids").randrange(ID_SPACE)
        self.pricer = Pricer()
        self._prices = {
            "US": {sku.code: sku.price_usd for sku in self.skus},
            "UK": {sku.code: sku.price_gbp for sku in self.skus},
        }
        self.baskets = Baskets(self.skus, self.book, self.rng, self.start, self._expected_per_day)
        self._overdue = self._due_today = 0

    # -- the plan: how many orders each marketplace gets each local day ---------------------

    def _plan(self) -> None:
        cells: list[tuple[Market, dt.date, float]] = []
        for market in MARKETS:
            last = self.today[market.code]
            local_now = self.as_of.astimezone(market.zone)
            for index in range(WINDOW_DAYS):
                day = last - dt.timedelta(days=WINDOW_DAYS - 1 - index)
                growth = 0.8 + 0.4 * index / WINDOW_DAYS  # the shop is growing
                weight = market.share * growth * seasons.day_weight(market.code, day)
                if day == last:
                    weight *= seasons.hours_share_before(local_now.hour, local_now.minute)
                cells.append((market, day, weight))
        counts = seasons.apportion(self.total, [weight for *_, weight in cells])
        mass = sum(weight for *_, weight in cells) or 1.0
        self.days: dict[str, list[tuple[dt.date, int]]] = {m.code: [] for m in MARKETS}
        self.expected: dict[str, list[float]] = {m.code: [] for m in MARKETS}
        for (market, day, weight), count in zip(cells, counts, strict=True):
            self.days[market.code].append((day, count))
            self.expected[market.code].append(self.total * weight / mass)
        per_day = zip(*self.expected.values(), strict=True)
        self._expected_per_day = [max(sum(values), 0.01) for values in per_day]

    def _purchase_times(self, market: Market) -> Iterator[tuple[dt.datetime, int]]:
        rng = self._times_rng[market.code]
        hours = list(accumulate(seasons.HOURS))
        zone, utc, as_of = market.zone, dt.UTC, self.as_of
        index = MARKETS.index(market)
        for day, count in self.days[market.code]:
            limit = hours[-1]
            if day == self.today[market.code]:
                limit = hours[as_of.astimezone(zone).hour]
            times = []
            while len(times) < count:
                hour = bisect(hours, rng.random() * limit)
                minute, second = divmod(int(rng.random() * 3600), 60)
                local = dt.datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=zone)
                at = local.astimezone(utc)
                if at < as_of:
                    times.append(at)
            times.sort()
            for at in times:
                yield at, index

    # -- the stream ---------------------------------------------------------------------------

    def items(self) -> Iterator[DemoOrder | StockEvent]:
        """Orders and stock events in time order, up to `as_of`."""
        streams = [self._purchase_times(market) for market in MARKETS]
        for seq, (purchased_at, index) in enumerate(heapq.merge(*streams)):
            yield from self.book.advance(purchased_at)
            yield self._order(seq, purchased_at, MARKETS[index])
            yield from self.book.rushed()
        yield from self.book.advance(self.as_of)

    def low_stock_threshold(self, sku: SkuSpec) -> int:
        """A week of expected shelf demand, never below the catalogue's own threshold."""
        if sku.is_one_of_a_kind:
            return 0
        weekly = 7 * self.forecast.mean_daily((sku.code, sku.shelf))
        return max(sku.low_stock_threshold, round(weekly))

    def external_id(self, seq: int, prefixes: tuple[str, ...]) -> str:
        number = (seq * ID_MULTIPLIER + self._id_offset) % ID_SPACE
        high, low = divmod(number, 10**7)
        return f"{prefixes[number % len(prefixes)]}-{high:07d}-{low:07d}"

    # -- one order ----------------------------------------------------------------------------

    def _order(self, seq: int, purchased_at: dt.datetime, market: Market) -> DemoOrder:
        rng, calendar, code, as_of = self.rng, self.calendar, market.code, self.as_of
        age = as_of - purchased_at
        business = rng.random() < 0.02
        gift = not business and rng.random() < 0.05
        cancelled = rng.random() < 0.02 and age > 2 * SHIPPED_AFTER
        fulfilment = "amazon" if rng.random() < FBA_SHARE[code] else "seller"
        fulfilment, picked = self.baskets.pick(
            code, fulfilment, purchased_at, business=business, take=not cancelled
        )
        handling = 1 if fulfilment == "amazon" else max(sku.handling_days for sku, *_ in picked)
        ship_day, latest_ship = shipping.ship_by(calendar, code, purchased_at, handling)
        level, prime = self._service(code, fulfilment)
        key = (code, fulfilment, level)
        promised_from = calendar.local_date(code, purchased_at) if prime else ship_day
        earliest_delivery, latest_delivery = shipping.delivery_window(
            calendar, code, key, promised_from
        )
        received = min(purchased_at + dt.timedelta(seconds=rng.between(60, 600)), as_of)
        buyer = people.buyer(rng, code, gift=gift, business=business)

        status, shipped, delivered, cancelled_at, reason = SHIPPED, None, None, None, ""
        if cancelled:
            status = CANCELED
            cancelled_at = min(received + dt.timedelta(minutes=rng.between(5, 30 * 60)), as_of)
            by_buyer = fulfilment == "amazon" or rng.random() < 0.6
            reason = rng.pick(BUYER_REASONS if by_buyer else SELLER_REASONS)
        elif self._stays_open(seq, market, fulfilment, latest_ship, age):
            status = PENDING if age < dt.timedelta(minutes=30) else UNSHIPPED
        else:
            if fulfilment == "seller":
                late = rng.random() < 0.03
                shipped = shipping.seller_ship_time(
                    rng, calendar, purchased_at, latest_ship, late=late
                )
            else:
                shipped = shipping.amazon_ship_time(rng, purchased_at, latest_ship)
            if shipped > as_of:  # a busy seller ships everything but the newest orders
                spare = (as_of - received).total_seconds()
                shipped = received + dt.timedelta(seconds=int(spare * (0.2 + 0.75 * rng.random())))
            delivered = shipping.delivery_time(rng, calendar, code, key, shipped)
            if delivered <= as_of and rng.random() < 0.85:
                status = DELIVERED
            else:
                delivered = None
            for sku, quantity, location in picked:
                self.book.shipped(sku.code, location, quantity, shipped)

        prices = self._prices[code]
        promotion = rng.pick((10, 15)) if rng.random() < 0.06 else 0
        charges = self.pricer.order_lines(
            code,
            key,
            [(prices[sku.code], quantity) for sku, quantity, _ in picked],
            prime=prime,
            tax_rate=buyer.tax_rate,
            promotion_percent=promotion,
        )
        message = people.gift_message(rng) if gift else ""
        first_line = rng.between(10**13, 9 * 10**13)
        lines = []
        for number, ((sku, quantity, location), charge) in enumerate(
            zip(picked, charges, strict=True)
        ):
            channel_sku = sku.code
            if sku.old_code and code == "US" and rng.random() < 0.35:
                channel_sku = sku.old_code
            engraving = (
                people.personalisation(rng, purchased_at.year, code)
                if sku.is_personalisable
                else ""
            )
            lines.append(
                DemoLine(
                    sku,
                    location,
                    channel_sku,
                    str(first_line + number),
                    self.asins[sku.code],
                    quantity,
                    charge,
                    gift,
                    message,
                    engraving,
                )
            )
        total = ZERO
        for line in lines:
            total += line_charged(line.charges, prices_include_tax=market.prices_include_tax)
        updated = delivered or shipped or cancelled_at or purchased_at
        return DemoOrder(
            seq=seq,
            market=code,
            external_id=self.external_id(seq, market.id_prefixes),
            status=status,
            fulfillment=fulfilment,
            purchased_at=purchased_at,
            last_updated_at=updated,
            received_at=received,
            earliest_ship_at=purchased_at,
            latest_ship_at=latest_ship,
            earliest_delivery_at=earliest_delivery,
            latest_delivery_at=latest_delivery,
            shipped_at=shipped,
            delivered_at=delivered,
            cancelled_at=cancelled_at,
            ship_service_level=level,
            is_prime=prime,
            is_business=business,
            currency=market.currency,
            prices_include_tax=market.prices_include_tax,
            total=total,
            item_count=sum(line.quantity for line in lines),
            lines=lines,
            buyer=buyer,
            cancel_reason=reason,
        )

    def _stays_open(
        self,
        seq: int,
        market: Market,
        fulfilment: str,
        latest_ship: dt.datetime,
        age: dt.timedelta,
    ) -> bool:
        """Whether the order is still waiting to ship at `as_of`; a few dozen, whatever the size."""
        if seq >= self.total - RECENT_OPEN or age < SHIPPED_AFTER:
            return fulfilment == "seller" or age < dt.timedelta(hours=6)
        if fulfilment != "seller":
            return False
        if latest_ship < self.as_of:
            if self._overdue < OVERDUE_OPEN and 3 <= age.days <= 6:
                self._overdue += 1
                return True
            return False
        if (
            self._due_today < DUE_TODAY_OPEN
            and latest_ship - self.as_of < dt.timedelta(days=1)
            and self.calendar.local_date(market.code, latest_ship) == self.today[market.code]
        ):
            self._due_today += 1
            return True
        return False

    def _service(self, market: str, fulfilment: str) -> tuple[str, bool]:
        """(shipment service level category, Prime)."""
        roll = self.rng.random()
        if fulfilment == "amazon":
            if roll < 0.6:
                if market == "UK":
                    return "NextDay", True
                return ("SecondDay" if roll < 0.5 else "NextDay"), True
            return ("Expedited" if roll > 0.93 else "Standard"), False
        if roll < 0.86:
            return "Standard", False
        if market == "US" and roll > 0.97:
            return "NextDay", False
        return "Expedited", False
