"""What every returns use case does on each step: move it, note it, start the refund clock."""

from __future__ import annotations

import datetime as dt

from sellerdesk.core.errors import DomainError
from sellerdesk.fulfillment.selectors import shipping_calendars, shop_calendar
from sellerdesk.inventory.services import Actor
from sellerdesk.orders.models import Order, OrderEventKind
from sellerdesk.orders.services import add_order_events

from ..domain import lifecycle, policy
from ..domain.lifecycle import InvalidReturnStep
from ..models import Return, ReturnLine


def move_to(ret: Return, wanted: str) -> Return:
    """The return locked and moved to `wanted`, or DomainError saying what must come first."""
    ret = Return.objects.select_for_update().get(pk=ret.pk)
    try:
        lifecycle.check_step(ret.status, wanted)
    except InvalidReturnStep as error:
        raise DomainError(f"Return {ret.pk}: {error}") from None
    ret.status = wanted
    return ret


def refund_deadline(ret: Return, received_at: dt.datetime) -> dt.datetime:
    market = (
        ReturnLine.objects.filter(ret=ret)
        .values_list("order_line__order__marketplace", flat=True)
        .first()
    )
    calendar = shipping_calendars([market]).get(market) if market else None
    return policy.refund_due(received_at, calendar or shop_calendar())


def note_step(ret: Return, at: dt.datetime, actor: Actor, what: str) -> None:
    """The step on the timeline of every order the return holds units of."""
    orders = Order.objects.filter(
        pk__in=ReturnLine.objects.filter(ret=ret).values("order_line__order_id")
    )
    add_order_events(
        orders=orders,
        at=at,
        kind=OrderEventKind.RETURN,
        message=f"Return {ret.pk} {what}",
        actor=actor.name,
    )
