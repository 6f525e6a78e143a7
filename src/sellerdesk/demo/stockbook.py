"""The demo shop's stock, simulated through the year so its ledger can never go negative.

A sale promises units at purchase time (`take`), so a later shipment always finds them on
the shelf: on hand = arrived - shipped >= arrived - promised = available >= 0 at every
instant. Restocking follows a reorder point: when available plus on order falls to the
demand expected over the lead time (seasonality included), a batch is ordered and arrives
a lead time later. Amazon's warehouses are refilled from the studio shelf by transfers, or
straight from the supplier when the shelf cannot spare the units.
"""

from __future__ import annotations

import datetime as dt
import heapq
import math
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from .catalogue import SkuSpec
from .draws import Draws

FBA_LOCATIONS = {"US": "FBA-NA", "UK": "FBA-EU"}
FBA_SHARE = {"US": 0.2, "UK": 0.35}  # of orders fulfilled by Amazon, where stocked there
UNITS_PER_ORDER = 1.32  # lines times quantity, as the generator draws them
FBA_INBOUND_DAYS = 10
COVER_DAYS = 10  # demand held on top of the lead time: the reorder point's buffer
BATCH_DAYS = 35  # a restock covers about five weeks of demand


@dataclass(slots=True)
class StockEvent:
    """A receipt or a transfer; the loader turns it into ledger lines."""

    at: dt.datetime
    kind: str  # "receipt" or "transfer"
    sku: str
    location: str
    quantity: int
    reason: str
    reference: str
    source: str = ""  # transfers: the shelf the units came from
    reordered: bool = False  # counted in on-order until it arrives


class Forecast:
    """Expected units a day per SKU and location, from the expected orders per day."""

    def __init__(
        self, skus: Sequence[SkuSpec], expected_orders: dict[str, list[float]], start: dt.datetime
    ) -> None:
        self.start = start
        self.days = len(next(iter(expected_orders.values())))
        self.cumulative: dict[str, list[float]] = {}
        for market, per_day in expected_orders.items():
            running, total = [0.0], 0.0
            for value in per_day + per_day:  # the year repeats past its end
                total += value
                running.append(total)
            self.cumulative[market] = running
        regular = [sku for sku in skus if not sku.is_one_of_a_kind]
        everything = sum(sku.popularity for sku in regular)
        at_fba = sum(sku.popularity for sku in regular if sku.at_fba)
        self.shares: dict[tuple[str, str], dict[str, float]] = {}
        for sku in regular:
            fbm = sku.popularity / everything
            fba = sku.popularity / at_fba if sku.at_fba else 0.0
            shelf = {m: (1 - FBA_SHARE[m]) * fbm + FBA_SHARE[m] * fba for m in FBA_SHARE}
            self.shares[(sku.code, sku.shelf)] = shelf
            if sku.at_fba:
                for market, location in FBA_LOCATIONS.items():
                    self.shares[(sku.code, location)] = {market: FBA_SHARE[market] * fba}

    def units(self, key: tuple[str, str], at: dt.datetime, days: int) -> float:
        """Units of a SKU expected to leave a location within `days` from `at`."""
        first = min(max(0, (at - self.start).days), self.days)
        last = first + days
        return UNITS_PER_ORDER * sum(
            share * (self.cumulative[market][last] - self.cumulative[market][first])
            for market, share in self.shares.get(key, {}).items()
        )

    def mean_daily(self, key: tuple[str, str]) -> float:
        return self.units(key, self.start, self.days) / self.days


class StockBook:
    def __init__(
        self, skus: Sequence[SkuSpec], forecast: Forecast, rng: Draws, opening_at: dt.datetime
    ) -> None:
        self.skus = {sku.code: sku for sku in skus}
        self.forecast = forecast
        self.rng = rng
        self.available: dict[tuple[str, str], int] = defaultdict(int)
        self.on_hand: dict[tuple[str, str], int] = defaultdict(int)
        self.on_order: dict[tuple[str, str], int] = defaultdict(int)
        self.changed_at: dict[tuple[str, str], dt.datetime] = {}
        self._queue: list[tuple[dt.datetime, int, StockEvent]] = []
        self._sequence = 0
        self._orders = 0
        self._rushed: list[StockEvent] = []
        self._points: dict[tuple[tuple[str, str], int], int] = {}  # reorder points by day
        for key in forecast.shares:
            quantity = self._reorder_point(key, opening_at) + self._batch(key, opening_at)
            event = StockEvent(opening_at, "receipt", *key, quantity, "opening stock", "opening")
            self._schedule(event)
        for sku in skus:
            if sku.is_one_of_a_kind:
                listed = forecast.start + dt.timedelta(days=sku.listed_after_days, hours=18)
                reason = "one of a kind, made in the studio"
                event = StockEvent(listed, "receipt", sku.code, sku.shelf, 1, reason, self._po())
                self._schedule(event)

    # -- what the generator asks ------------------------------------------------------------

    def can_take(self, sku: str, location: str, quantity: int) -> bool:
        return self.available[(sku, location)] >= quantity

    def take(self, sku: str, location: str, quantity: int, at: dt.datetime) -> None:
        """Promise units to a sale at `at` (call `advance(at)` first)."""
        key = (sku, location)
        if self.available[key] < quantity:
            raise ValueError(
                f"{sku} at {location}: {self.available[key]} available, {quantity} taken"
            )
        self.available[key] -= quantity
        self._check(key, at)

    def shipped(self, sku: str, location: str, quantity: int, at: dt.datetime) -> None:
        key = (sku, location)
        self.on_hand[key] -= quantity
        self._touch(key, at)

    def rush(self, sku: str, location: str, at: dt.datetime) -> None:
        """A batch made on the spot because nothing else was in stock (tiny demo shops only)."""
        event = StockEvent(at, "receipt", sku, location, 4, "rush batch", self._po())
        self._rushed.extend(self._apply(event))

    def rushed(self) -> Iterator[StockEvent]:
        events, self._rushed = self._rushed, []
        return iter(events)

    def advance(self, until: dt.datetime) -> Iterator[StockEvent]:
        """Apply the receipts and transfers due by `until`, yielding each for the ledger."""
        while self._queue and self._queue[0][0] <= until:
            _, _, event = heapq.heappop(self._queue)
            yield from self._apply(event)

    # -- how stock moves ---------------------------------------------------------------------

    def _apply(self, event: StockEvent) -> Iterator[StockEvent]:
        key = (event.sku, event.location)
        if event.reordered:
            self.on_order[key] -= event.quantity
        if event.kind == "transfer":
            shelf = (event.sku, event.source)
            if self.available[shelf] < event.quantity:
                # The shelf cannot spare them: the supplier ships straight to Amazon instead.
                event.kind, event.source = "receipt", ""
                event.reason, event.reference = "supplier delivery to Amazon", self._po()
            else:
                self.available[shelf] -= event.quantity
                self.on_hand[shelf] -= event.quantity
                self._touch(shelf, event.at)
                self._check(shelf, event.at)
        self.available[key] += event.quantity
        self.on_hand[key] += event.quantity
        self._touch(key, event.at)
        yield event

    def _check(self, key: tuple[str, str], at: dt.datetime) -> None:
        sku = self.skus[key[0]]
        if sku.is_one_of_a_kind:
            return
        if self.available[key] + self.on_order[key] > self._reorder_point(key, at):
            return
        quantity = self._batch(key, at)
        self.on_order[key] += quantity
        if key[1].startswith("FBA-"):
            arrives = at + dt.timedelta(days=FBA_INBOUND_DAYS, hours=self.rng.between(2, 30))
            reference = f"transfer:{sku.shelf}->{key[1]}"
            reason = "FBA inbound shipment"
            event = StockEvent(arrives, "transfer", *key, quantity, reason, reference, sku.shelf)
        else:
            day = (at + dt.timedelta(days=sku.lead_time_days)).date()
            arrives = dt.datetime.combine(day, dt.time(17), tzinfo=dt.UTC) + dt.timedelta(
                minutes=self.rng.between(0, 240)
            )
            reason = "batch from the workbench" if sku.lead_time_days <= 14 else "supplier delivery"
            event = StockEvent(arrives, "receipt", *key, quantity, reason, self._po())
        event.reordered = True
        self._schedule(event)

    def _reorder_point(self, key: tuple[str, str], at: dt.datetime) -> int:
        day = (at - self.forecast.start).days
        point = self._points.get((key, day))
        if point is None:
            lead = (
                FBA_INBOUND_DAYS if key[1].startswith("FBA-") else self.skus[key[0]].lead_time_days
            )
            start = self.forecast.start + dt.timedelta(days=day)
            point = math.ceil(self.forecast.units(key, start, lead + COVER_DAYS))
            self._points[(key, day)] = point
        return point

    def _batch(self, key: tuple[str, str], at: dt.datetime) -> int:
        lead = FBA_INBOUND_DAYS if key[1].startswith("FBA-") else self.skus[key[0]].lead_time_days
        expected = self.forecast.units(key, at + dt.timedelta(days=lead), BATCH_DAYS)
        return max(4, math.ceil(expected))

    def _po(self) -> str:
        self._orders += 1
        return f"po:{self._orders}"

    def _schedule(self, event: StockEvent) -> None:
        self._sequence += 1
        heapq.heappush(self._queue, (event.at, self._sequence, event))

    def _touch(self, key: tuple[str, str], at: dt.datetime) -> None:
        if key not in self.changed_at or self.changed_at[key] < at:
            self.changed_at[key] = at
