"""The shipping calendar of each marketplace, orders' ship-by times, and the to-ship queue."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sellerdesk.channels.models import Marketplace
from sellerdesk.core import clock
from sellerdesk.orders.models import Order
from sellerdesk.orders.selectors import (
    stated_ship_by_summary,
    to_ship_orders,
    unstated_to_ship_orders,
)

from ..domain.ship_by import ShippingCalendar
from ..models import (
    DEFAULT_CUTOFF,
    DEFAULT_HANDLING_DAYS,
    Holiday,
    PickBatchOrder,
    ShippingSettings,
)


@dataclass(frozen=True)
class ShippingCalendarEntry:
    marketplace: Marketplace
    handling_days: int
    cutoff: dt.time
    holidays: list[tuple[dt.date, str]]

    @property
    def calendar(self) -> ShippingCalendar:
        return ShippingCalendar(
            zone=ZoneInfo(self.marketplace.time_zone),
            handling_days=self.handling_days,
            cutoff=self.cutoff,
            holidays=frozenset(day for day, _ in self.holidays),
        )


def shipping_calendars(marketplace_ids: Iterable[int]) -> dict[int, ShippingCalendar]:
    """Each marketplace's calendar, the seller's settings there or the defaults: three queries."""
    marketplaces = list(Marketplace.objects.filter(pk__in=set(marketplace_ids)))
    return {entry.marketplace.pk: entry.calendar for entry in _entries(marketplaces)}


def shipping_calendar_list() -> list[ShippingCalendarEntry]:
    """The shipping calendar of each marketplace the seller sells in, as set or by default."""
    marketplaces = Marketplace.objects.filter(is_active=True).select_related("channel")
    return _entries(list(marketplaces.order_by("channel__name", "code")))


def _entries(marketplaces: list[Marketplace]) -> list[ShippingCalendarEntry]:
    """The marketplaces' settings and holidays, in two queries."""
    chosen = {
        row.marketplace_id: row
        for row in ShippingSettings.objects.filter(marketplace__in=marketplaces)
    }
    holidays: dict[int, list[tuple[dt.date, str]]] = {}
    for marketplace_id, day, name in Holiday.objects.filter(
        marketplace__in=marketplaces
    ).values_list("marketplace_id", "day", "name"):
        holidays.setdefault(marketplace_id, []).append((day, name))
    entries = []
    for marketplace in marketplaces:
        own = chosen.get(marketplace.pk)
        entries.append(
            ShippingCalendarEntry(
                marketplace=marketplace,
                handling_days=own.handling_days if own else DEFAULT_HANDLING_DAYS,
                cutoff=own.cutoff if own else DEFAULT_CUTOFF,
                holidays=holidays.get(marketplace.pk, []),
            )
        )
    return entries


def shop_calendar() -> ShippingCalendar:
    """For orders of no marketplace (a channel with one shop): the seller's own time zone."""
    return ShippingCalendar(zone=clock.seller_zone())


def ship_by_times(orders: Iterable[Order]) -> dict[int, dt.datetime]:
    """When each order must ship: the channel's latest ship date when it sent one, else the
    end of the ship-by day its marketplace's calendar gives (amazon-rules.md section 4)."""
    pending = list(orders)
    worked_out = calculated_ship_by(
        [(o.pk, o.marketplace_id, o.purchased_at) for o in pending if o.latest_ship_at is None]
    )
    return {order.pk: order.latest_ship_at or worked_out[order.pk] for order in pending}


def calculated_ship_by(
    orders: Iterable[tuple[int, int | None, dt.datetime]],
) -> dict[int, dt.datetime]:
    """(id, marketplace id, purchase time) -> the end of the ship-by day the marketplace's
    calendar gives, or the seller's own for orders of no marketplace."""
    pending = list(orders)
    calendars = shipping_calendars({market for _, market, _ in pending if market is not None})
    fallback = shop_calendar()
    return {
        pk: calendars.get(market or 0, fallback).ship_by(purchased)
        for pk, market, purchased in pending
    }


AT_RISK = dt.timedelta(hours=4)
"""An order not yet late but due within this long is flagged: it needs packing now."""


@dataclass(frozen=True, slots=True)
class QueuedOrder:
    order: Order
    ship_by: dt.datetime
    overdue: bool
    """Its ship-by has passed."""
    at_risk: bool
    """Not late yet, but due within AT_RISK."""
    batch: int | None = None
    """The open pick batch it is in, where the queue says."""


@dataclass(frozen=True, slots=True)
class ToShipQueue:
    """Seller-fulfilled orders ready to ship, by when they must, soonest first."""

    day: dt.date
    now: dt.datetime
    overdue: list[QueuedOrder]
    today: list[QueuedOrder]
    tomorrow: list[QueuedOrder]
    later: list[QueuedOrder]

    @property
    def at_risk_count(self) -> int:
        return sum(entry.at_risk for entry in (*self.today, *self.tomorrow, *self.later))

    @property
    def groups(self) -> list[tuple[str, str, list[QueuedOrder]]]:
        """(key, heading, orders) for each group, in the order they are worked."""
        return [
            ("overdue", "Overdue", self.overdue),
            ("today", "Due today", self.today),
            ("tomorrow", "Due tomorrow", self.tomorrow),
            ("later", "Later", self.later),
        ]


def _queued(
    order: Order, ship_by: dt.datetime, now: dt.datetime, batch: int | None = None
) -> QueuedOrder:
    return QueuedOrder(
        order, ship_by, overdue=ship_by < now, at_risk=now <= ship_by < now + AT_RISK, batch=batch
    )


@dataclass(frozen=True, slots=True)
class ShipToday:
    day: dt.date
    now: dt.datetime
    due: list[QueuedOrder]
    """The first of everything that must ship by the end of today, overdue first."""
    due_count: int
    """Still on time: ship-by between now and the end of the seller's today."""
    overdue_count: int
    """Past their ship-by already: late unless confirmed at once."""

    @property
    def total(self) -> int:
        return self.due_count + self.overdue_count


def ship_today_summary(*, now: dt.datetime, limit: int = 50) -> ShipToday:
    """Seller-fulfilled orders to ship by the end of the seller's today, on time and overdue.

    Counted in the database for orders with the channel's ship-by (nearly all, and there may
    be thousands open); orders without one are few and get theirs from the calendar here.
    """
    day = clock.seller_today(now)
    _, end = clock.day_bounds(day, clock.seller_zone())
    stated = stated_ship_by_summary(now=now, end=end, limit=limit)
    # Only when some order lacks the channel's ship-by (never, for many sellers).
    times = calculated_ship_by(unstated_to_ship_orders()) if stated.unstated_count else {}
    calculated = sorted((ship_by, pk) for pk, ship_by in times.items() if ship_by < end)
    first = [pk for _, pk in calculated[:limit]]
    shown = {order.pk: order for order in to_ship_orders().filter(pk__in=first)} if first else {}
    due = [
        _queued(order, order.latest_ship_at, now) for order in stated.due if order.latest_ship_at
    ]
    due += [_queued(shown[pk], ship_by, now) for ship_by, pk in calculated[:limit] if pk in shown]
    due.sort(key=lambda entry: (entry.ship_by, entry.order.pk))
    late = sum(ship_by < now for ship_by, _ in calculated)
    return ShipToday(
        day,
        now,
        due[:limit],
        stated.due_count + len(calculated) - late,
        stated.overdue_count + late,
    )


def to_ship_queue(*, now: dt.datetime) -> ToShipQueue:
    """The to-ship queue as the seller's day stands at `now` (days in the seller's zone)."""
    orders = list(to_ship_orders())
    times = ship_by_times(orders)
    day = clock.seller_today(now)
    _, end_of_today = clock.day_bounds(day, clock.seller_zone())
    _, end_of_tomorrow = clock.day_bounds(day + dt.timedelta(days=1), clock.seller_zone())
    batches = dict(
        PickBatchOrder.objects.filter(order__in=times, is_open=True).values_list(
            "order_id", "batch_id"
        )
    )
    queue = ToShipQueue(day, now, [], [], [], [])
    for order in sorted(orders, key=lambda order: (times[order.pk], order.pk)):
        ship_by = times[order.pk]
        entry = _queued(order, ship_by, now, batches.get(order.pk))
        if entry.overdue:
            queue.overdue.append(entry)
        elif ship_by < end_of_today:
            queue.today.append(entry)
        elif ship_by < end_of_tomorrow:
            queue.tomorrow.append(entry)
        else:
            queue.later.append(entry)
    return queue
