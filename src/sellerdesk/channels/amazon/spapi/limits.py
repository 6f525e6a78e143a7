"""Per-operation pacing: a token bucket at each operation's documented rate and burst.

Amazon states a default rate (requests per second) and burst for each operation and may
grant another rate per seller, which every response gives in `x-amzn-RateLimit-Limit`;
the bucket takes that rate from then on.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Limit:
    rate: float
    """Requests per second, restored continuously."""
    burst: int


# From each operation's "Usage plan" table in Amazon's models (a test checks them there).
DOCUMENTED: dict[str, Limit] = {
    "searchOrders": Limit(0.0056, 20),
    "getOrder": Limit(0.5, 30),
    "confirmShipment": Limit(2, 10),
    "patchListingsItem": Limit(5, 5),
    "getInventorySummaries": Limit(2, 2),
    "createReport": Limit(0.0167, 15),
    "getReport": Limit(2, 15),
    "getReportDocument": Limit(0.0167, 15),
    "createFeedDocument": Limit(0.5, 15),
    "createFeed": Limit(0.0083, 15),
    "getFeed": Limit(2, 15),
    "getFeedDocument": Limit(0.0222, 10),
    "getSolicitationActionsForOrder": Limit(1, 5),
    "createProductReviewAndSellerFeedbackSolicitation": Limit(1, 5),
    "getMessagingActionsForOrder": Limit(1, 5),
    "createConfirmOrderDetails": Limit(1, 5),
    "createConfirmDeliveryDetails": Limit(1, 5),
    "confirmCustomizationDetails": Limit(1, 5),
    "createConfirmServiceDetails": Limit(1, 5),
    "createDigitalAccessKey": Limit(1, 5),
    "createUnexpectedProblem": Limit(1, 5),
    "getEligibleShipmentServices": Limit(6, 12),
    "createShipment": Limit(2, 2),
    "cancelShipment": Limit(1, 1),
}
FALLBACK = Limit(1, 1)


class TokenBucket:
    def __init__(
        self,
        limit: Limit,
        *,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.rate, self.burst = limit.rate, limit.burst
        self._tokens = float(limit.burst)
        self._monotonic, self._sleep = monotonic, sleep
        self._at = monotonic()
        self._lock = threading.Lock()

    def take(self) -> float:
        """Wait until a request may go; returns the seconds waited."""
        with self._lock:
            self._fill()
            wait = 0.0
            if self._tokens < 1:
                wait = (1 - self._tokens) / self.rate
                self._sleep(wait)
                self._fill()
            self._tokens -= 1
            return wait

    def set_rate(self, rate: float) -> None:
        if rate > 0:
            with self._lock:
                self._fill()
                self.rate = rate

    def drain(self) -> None:
        """Amazon throttled us: whatever the bucket thought, no request is free now."""
        with self._lock:
            self._fill()
            self._tokens = min(self._tokens, 0.0)

    def _fill(self) -> None:
        now = self._monotonic()
        self._tokens = min(float(self.burst), self._tokens + (now - self._at) * self.rate)
        self._at = now


class RateLimiter:
    """One bucket per operation, made on first use."""

    def __init__(
        self,
        *,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._monotonic, self._sleep = monotonic, sleep
        self._buckets: dict[str, TokenBucket] = {}
        self._lock = threading.Lock()

    def bucket(self, operation: str) -> TokenBucket:
        with self._lock:
            if operation not in self._buckets:
                self._buckets[operation] = TokenBucket(
                    DOCUMENTED.get(operation, FALLBACK),
                    monotonic=self._monotonic,
                    sleep=self._sleep,
                )
            return self._buckets[operation]

    def adapt(self, operation: str, header: str | None) -> None:
        if not header:
            return
        try:
            rate = float(header)
        except ValueError:
            return
        self.bucket(operation).set_rate(rate)
