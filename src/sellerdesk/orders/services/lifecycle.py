"""An order's own steps after it is recorded: cancel it, ship it, and mark new orders seen."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.db import transaction

from sellerdesk.core import clock
from sellerdesk.core.errors import DomainError, InvalidTransition
from sellerdesk.inventory import services as stock
from sellerdesk.inventory.services import Actor

from .. import domain
from ..models import Order, OrderEventKind, OrderFeedCursor, Shipment, ShipmentLine
from .costs import add_shipped_cost
from .timeline import add_event


@transaction.atomic
def cancel_order(*, order: Order, reason: str, actor: Actor, buyer_asked: bool = False) -> Order:
    """Cancel an order that has not shipped; every unit it held goes back to stock.

    `buyer_asked`: the buyer asked through her account on the channel, so the cancellation does
    not count against the seller's cancellation rate."""
    order = Order.objects.select_for_update().get(pk=order.pk)
    if not domain.can_cancel(order.status):
        raise InvalidTransition(
            f"Order {order.external_id} is {order.get_status_display().lower()} and cannot be "
            "cancelled; a shipped order is refunded through a return instead."
        )
    if not reason.strip():
        raise DomainError("Give a reason for the cancellation (the channel asks for one).")
    now = clock.now()
    before = order.status
    for line in order.lines.order_by("sku_id", "pk"):  # SKU order: see stock_sync
        stock.release_reservations(
            reference=line.reference, actor=actor, reason=f"order cancelled: {reason}", at=now
        )
        if line.quantity_open:
            line.quantity_cancelled += line.quantity_open
            line.save(update_fields=["quantity_cancelled"])
    order.status = domain.CANCELED
    order.cancelled_at = now
    order.cancelled_by = "buyer" if buyer_asked else "seller"
    order.save(update_fields=["status", "cancelled_at", "cancelled_by"])
    add_event(
        order,
        now,
        OrderEventKind.CANCELLED,
        f"Cancelled: {reason}",
        actor.name,
        before,
        order.status,
    )
    return order


@transaction.atomic
def ship_order(
    *,
    order: Order,
    actor: Actor,
    quantities: dict[int, int] | None = None,
    at: dt.datetime | None = None,
    carrier: str = "",
    ship_method: str = "",
    tracking_number: str = "",
    tracking_link: str = "",
) -> Order:
    """Ship some or all open units (line id -> quantity; None ships everything open).

    Shipping consumes the lines' reservations; the order becomes Shipped or PartiallyShipped.
    The shipment waits, as pending, for the channel adapter to tell the channel.
    """
    order = Order.objects.select_for_update().get(pk=order.pk)
    if not domain.can_ship(status=order.status, fulfillment=order.fulfillment):
        raise InvalidTransition(
            f"Order {order.external_id} is {order.get_status_display().lower()}"
            f"{' and fulfilled by Amazon' if order.fulfillment == domain.AMAZON else ''}: "
            "only unshipped seller-fulfilled orders can be shipped."
        )
    at = at or clock.now()
    lines = list(order.lines.select_related("sku").order_by("sku_id", "pk"))
    wanted = quantities or {line.pk: line.quantity_open for line in lines}
    unknown = set(wanted) - {line.pk for line in lines}
    if unknown:
        raise DomainError(f"Lines {sorted(unknown)} are not on order {order.external_id}.")
    for line in lines:
        quantity = wanted.get(line.pk, 0)
        if quantity == 0:
            continue
        if quantity < 0 or quantity > line.quantity_open:
            raise DomainError(
                f"Line {line.channel_sku}: {line.quantity_open} open, cannot ship {quantity}."
            )
        if line.sku is None:
            raise DomainError(
                f"SKU {line.channel_sku} is not in the catalogue; map it before shipping."
            )
        movements = stock.ship_units(
            sku=line.sku, quantity=quantity, reference=line.reference, actor=actor, at=at
        )
        add_shipped_cost(line, movements)
        line.quantity_shipped += quantity
        line.save(update_fields=["quantity_shipped"])
    if not any(wanted.values()):
        raise DomainError("Choose at least one unit to ship.")
    shipment = Shipment.objects.create(
        order=order,
        shipped_at=at,
        carrier=carrier.strip(),
        ship_method=ship_method.strip(),
        tracking_number=tracking_number.strip(),
        created_by=actor.name,
    )
    ShipmentLine.objects.bulk_create(
        ShipmentLine(shipment=shipment, order_line=line, quantity=wanted[line.pk])
        for line in lines
        if wanted.get(line.pk)
    )
    before = order.status
    order.status = domain.status_after_shipment(
        [(line.quantity_ordered, line.quantity_shipped, line.quantity_cancelled) for line in lines]
    )
    order.shipped_at = at if order.status == domain.SHIPPED else order.shipped_at
    order.save(update_fields=["status", "shipped_at"])
    units = sum(wanted.values())
    how = " ".join(part for part in (shipment.carrier, shipment.ship_method) if part)
    message = f"{units} unit{'s' if units != 1 else ''}" + (f" with {how}" if how else "")
    if shipment.tracking_number:
        message += f", tracking {shipment.tracking_number}"
    add_event(
        order, at, OrderEventKind.SHIPPED, message, actor.name, before, order.status, tracking_link
    )
    return order


@transaction.atomic
def mark_delivered(*, order: Order, at: dt.datetime, actor: Actor) -> Order:
    """Record, by hand, that a shipped order reached the buyer."""
    order = Order.objects.select_for_update().get(pk=order.pk)
    if not domain.can_mark_delivered(status=order.status, fulfillment=order.fulfillment):
        raise InvalidTransition(
            f"Order {order.external_id} is {order.get_status_display().lower()}: only a shipped "
            "order you fulfilled yourself can be marked delivered."
        )
    if at > clock.now():
        raise DomainError("The delivery date cannot be in the future.")
    if order.shipped_at and at < order.shipped_at:
        raise DomainError(
            f"The delivery date is before the order shipped ({order.shipped_at:%d %b %Y %H:%M} UTC)."
        )
    before = order.status
    order.status = domain.DELIVERED
    order.delivered_at = at
    order.save(update_fields=["status", "delivered_at"])
    add_event(
        order,
        at,
        OrderEventKind.DELIVERED,
        "Marked delivered by hand",
        actor.name,
        before,
        order.status,
    )
    return order


def mark_orders_seen(*, user: User, until: dt.datetime) -> None:
    """Move the user's new-order marker forward; it never moves back, even from two tabs."""
    _, created = OrderFeedCursor.objects.get_or_create(user=user, defaults={"seen_until": until})
    if not created:
        OrderFeedCursor.objects.filter(user=user, seen_until__lt=until).update(seen_until=until)
