"""The order's timeline: every change writes an event saying what, when and who."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from .. import domain
from ..models import Order, OrderEvent, OrderEventKind


def status_event(order: Order, before: str, at: dt.datetime, actor: str) -> None:
    kind = {
        domain.CANCELED: OrderEventKind.CANCELLED,
        domain.SHIPPED: OrderEventKind.SHIPPED,
        domain.DELIVERED: OrderEventKind.DELIVERED,
        domain.RETURNED: OrderEventKind.RETURNED,
    }.get(order.status, OrderEventKind.STATUS)
    add_event(order, at, kind, f"{before} → {order.status}", actor, before, order.status)


def add_event(
    order: Order,
    at: dt.datetime,
    kind: str,
    message: str,
    actor: str,
    status_from: str = "",
    status_to: str = "",
    link: str = "",
) -> OrderEvent:
    return OrderEvent.objects.create(
        order=order,
        at=at,
        kind=kind,
        message=message[:500],
        actor=actor,
        status_from=status_from,
        status_to=status_to,
        link=link,
    )


def add_order_events(
    *, orders: Iterable[Order], at: dt.datetime, kind: str, message: str, actor: str
) -> None:
    """The same step on many orders' timelines (a batch picked, say), in one insert."""
    OrderEvent.objects.bulk_create(
        OrderEvent(order=order, at=at, kind=kind, message=message[:500], actor=actor)
        for order in orders
    )
