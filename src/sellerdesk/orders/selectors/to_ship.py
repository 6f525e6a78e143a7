"""Reads of the orders still to ship, shaped for SQLite's planner as much as PostgreSQL's.

SQLite's statistics hold no per-value counts, so each read here leads it into the status
index: "still to ship" is a few thousand orders among a million.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import BooleanField, Count, ExpressionWrapper, F, Func, Q, QuerySet

from sellerdesk.core.lookups import IsNullOffIndex

from ..models import TO_SHIP_STATUSES, Fulfillment, Order


class _Rarely(Func):
    """A condition SQLite's planner should expect to be rarely true, so it uses its index.

    SQLite's statistics hold no per-value counts: it believes a status covers a quarter
    of all orders and scans the table, where "still to ship" is a few recent orders.
    PostgreSQL keeps most-common-value counts and needs no hint.
    """

    output_field = BooleanField()
    conditional = True

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, Any]:  # type: ignore[override]
        return compiler.compile(self.get_source_expressions()[0])  # type: ignore[no-any-return]

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, Any]:
        sql, params = compiler.compile(self.get_source_expressions()[0])
        return f"likelihood({sql}, 0.001)", params


def _rarely(condition: Q) -> _Rarely:
    return _Rarely(ExpressionWrapper(condition, output_field=BooleanField()))


def unstated_to_ship_orders() -> list[tuple[int, int | None, dt.datetime]]:
    """(id, marketplace id, purchase time) of the to-ship orders whose channel gave no latest
    ship date, for sellerdesk to work theirs out; without joins, as there may be hundreds."""
    return list(
        to_ship_orders()
        .filter(IsNullOffIndex(F("latest_ship_at")))  # the status index, not the ship-by one
        .select_related(None)
        .order_by()
        .values_list("pk", "marketplace_id", "purchased_at")
    )


def to_ship_orders() -> QuerySet[Order]:
    """Seller-fulfilled orders ready to ship (paid, not all shipped), with what a queue shows."""
    return Order.objects.filter(
        Q(fulfillment=Fulfillment.SELLER), _rarely(Q(status__in=TO_SHIP_STATUSES))
    ).select_related("channel", "marketplace", "buyer")


@dataclass(frozen=True, slots=True)
class StatedShipBy:
    """To-ship orders whose channel gave a latest ship date due before some time."""

    due: list[Order]
    """The first of them, soonest ship-by first."""
    due_count: int
    """Still on time: ship-by between now and the end."""
    overdue_count: int
    """Past their ship-by already."""
    unstated_count: int
    """To-ship orders of no channel ship-by at all, whenever due."""


def stated_ship_by_summary(*, now: dt.datetime, end: dt.datetime, limit: int) -> StatedShipBy:
    """Seller-fulfilled to-ship orders with a channel ship-by before `end`: the first `limit`
    of them, and how many are on time and overdue at `now`."""
    seller = Q(fulfillment=Fulfillment.SELLER)
    # Only the status in WHERE, so the status index is the one way in: offered a ship-by
    # range too, SQLite reads every past order's ship-by date.
    counts = Order.objects.filter(_rarely(Q(status__in=TO_SHIP_STATUSES))).aggregate(
        due=Count("pk", filter=seller & Q(latest_ship_at__gte=now, latest_ship_at__lt=end)),
        overdue=Count("pk", filter=seller & Q(latest_ship_at__lt=now)),
        unstated=Count("pk", filter=seller & Q(latest_ship_at__isnull=True)),
    )
    # to_ship_orders carries the hint too: the list's ship-by range and sort would otherwise
    # lead SQLite down the ship-by index from the oldest order (0.5 s at a million).
    # The page's keys first, without joins, then its rows: SQLite would otherwise join and
    # sort every order still to ship to keep the first few.
    due = to_ship_orders().filter(latest_ship_at__lt=end).order_by("latest_ship_at", "id")
    keys = list(due.select_related(None).values_list("pk", flat=True)[:limit])
    rows = {order.pk: order for order in to_ship_orders().filter(pk__in=keys)} if keys else {}
    return StatedShipBy(
        [rows[pk] for pk in keys], counts["due"], counts["overdue"], counts["unstated"]
    )
