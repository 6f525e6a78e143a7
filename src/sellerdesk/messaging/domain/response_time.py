"""The buyer-message response clock (amazon-rules.md section 1.2).

A message must be answered within 24 hours, weekends and holidays included. Late are those
answered after 24 hours and those unanswered for more than 24 hours; those flagged "no
response needed" do not count, nor those still inside their 24 hours. The target is at least
90% answered on time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

RESPONSE_TIME = dt.timedelta(hours=24)
TARGET = Decimal("90")


@dataclass(frozen=True)
class Message:
    received_at: dt.datetime
    answered_at: dt.datetime | None = None
    no_response_needed: bool = False


def due_at(message: Message) -> dt.datetime:
    return message.received_at + RESPONSE_TIME


@dataclass(frozen=True)
class ResponseRate:
    counted: int
    on_time: int
    late: int

    @property
    def on_time_percent(self) -> Decimal:
        if not self.counted:
            return Decimal(100)
        exact = Decimal(self.on_time * 100) / Decimal(self.counted)
        return exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    @property
    def late_percent(self) -> Decimal:
        return Decimal(100) - self.on_time_percent if self.counted else Decimal(0)

    @property
    def meets_target(self) -> bool:
        return self.on_time_percent >= TARGET


def response_rate(messages: Iterable[Message], now: dt.datetime) -> ResponseRate:
    counted = on_time = late = 0
    for message in messages:
        if message.no_response_needed:
            continue
        due = due_at(message)
        if message.answered_at is not None and message.answered_at <= due:
            counted, on_time = counted + 1, on_time + 1
        elif message.answered_at is not None or now > due:
            counted, late = counted + 1, late + 1
        # Unanswered and still inside its 24 hours: not counted yet.
    return ResponseRate(counted, on_time, late)
