"""What each order holds: SKUs, quantities, and the location each unit ships from.

Buyers choose by popularity, but only what is in stock where the order is fulfilled:
an FBA order only takes SKUs Amazon holds, and falls back to the studio shelf when Amazon
has run out. One-of-a-kind pieces sell at their own slow pace, whatever the shop's size.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect
from collections.abc import Sequence
from itertools import accumulate

from .catalogue import SkuSpec
from .draws import Draws
from .stockbook import FBA_LOCATIONS, StockBook

UNIQUE_PIECE_RATE = 0.008  # sales a day of each listed one-of-a-kind piece
LINE_COUNTS = list(accumulate((0.8, 0.15, 0.05)))
QUANTITIES = list(accumulate((0.92, 0.06, 0.02)))

Picked = tuple[SkuSpec, int, str]  # SKU, quantity, location code


class Baskets:
    def __init__(
        self,
        skus: Sequence[SkuSpec],
        book: StockBook,
        rng: Draws,
        start: dt.datetime,
        expected_per_day: Sequence[float],
    ) -> None:
        self.book, self.rng, self.start = book, rng, start
        self.expected_per_day = expected_per_day
        regular = [sku for sku in skus if not sku.is_one_of_a_kind]
        fba = [sku for sku in regular if sku.at_fba]
        self._choice = {
            "seller": (regular, list(accumulate(sku.popularity for sku in regular))),
            "amazon": (fba, list(accumulate(sku.popularity for sku in fba))),
        }
        self._unique = [sku for sku in skus if sku.is_one_of_a_kind]

    def pick(
        self, market: str, fulfilment: str, at: dt.datetime, *, business: bool, take: bool
    ) -> tuple[str, list[Picked]]:
        """(fulfilment, picks); units are promised in the stock book unless `take` is false."""
        rng, book = self.rng, self.book
        picked: list[Picked] = []
        if fulfilment == "seller":
            piece = self._unique_piece(at)
            if piece is not None:
                picked.append((piece, 1, piece.shelf))
        wanted = len(picked) + (1 if business else bisect(LINE_COUNTS, rng.random()) + 1)
        skus, weights = self._choice[fulfilment]
        fba_location = FBA_LOCATIONS[market] if fulfilment == "amazon" else ""
        chosen = {sku.code for sku, *_ in picked}
        for _attempt in range(3 * wanted):
            if len(picked) >= wanted:
                break
            sku = skus[bisect(weights, rng.random() * weights[-1])]
            if sku.code in chosen:
                continue
            location = fba_location or sku.shelf
            quantity = rng.between(2, 6) if business else bisect(QUANTITIES, rng.random()) + 1
            if not book.can_take(sku.code, location, quantity):
                if quantity == 1 or not book.can_take(sku.code, location, 1):
                    continue
                quantity = 1
            picked.append((sku, quantity, location))
            chosen.add(sku.code)
        if not picked:
            if fulfilment == "amazon":
                return self.pick(market, "seller", at, business=business, take=take)
            picked.append(self._best_stocked(at))
        if take:
            for sku, quantity, location in picked:
                book.take(sku.code, location, quantity, at)
        return fulfilment, picked

    def _unique_piece(self, at: dt.datetime) -> SkuSpec | None:
        """A one-of-a-kind piece sells at its own pace, however busy the shop is."""
        day = min(max(0, (at - self.start).days), len(self.expected_per_day) - 1)
        chance = UNIQUE_PIECE_RATE / (0.75 * self.expected_per_day[day])
        roll = self.rng.random()
        if roll >= chance * len(self._unique):
            return None
        listed = [sku for sku in self._unique if self.book.can_take(sku.code, sku.shelf, 1)]
        index = int(roll / chance)
        return listed[index] if index < len(listed) else None

    def _best_stocked(self, at: dt.datetime) -> Picked:
        """Every pick was out of stock (tiny shops only): sell the best-stocked SKU, or rush one."""
        skus, _ = self._choice["seller"]
        best = max(skus, key=lambda sku: self.book.available[(sku.code, sku.shelf)])
        if not self.book.can_take(best.code, best.shelf, 1):
            self.book.rush(best.code, best.shelf, at)
        return best, 1, best.shelf
