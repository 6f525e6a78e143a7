"""Reads of pick batches: the list, one batch, and what its documents print."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Count, F, Prefetch, Q, QuerySet

from sellerdesk.inventory.selectors import reservation_list
from sellerdesk.orders.models import TO_SHIP_STATUSES, Order, OrderLine, Shipment

from ..domain.pick_list import UNRESERVED, PickItem, PickList, pick_list
from ..models import PickBatch, ShopProfile
from .queue import to_ship_queue


def batch_list() -> QuerySet[PickBatch]:
    """Open batches first, newest first, with how many orders each has and has left to ship."""
    return PickBatch.objects.annotate(
        order_count=Count("entries"),
        to_ship_count=Count("entries", filter=Q(entries__order__status__in=TO_SHIP_STATUSES)),
    ).order_by(F("closed_at").desc(nulls_first=True), "-created_at", "-id")


def batch_orders(batch: PickBatch) -> list[Order]:
    """The batch's orders in batch order, with lines and buyer for the documents."""
    lines = Prefetch("lines", queryset=OrderLine.objects.select_related("sku").order_by("pk"))
    orders = (
        Order.objects.filter(pk__in=batch.entries.values("order_id"))
        .select_related("channel", "marketplace", "buyer")
        .prefetch_related(lines)
    )
    position = dict(batch.entries.values_list("order_id", "position"))
    return sorted(orders, key=lambda order: position[order.pk])


def due_today_unbatched(*, now: dt.datetime) -> list[int]:
    """Overdue and due-today orders in no open batch, soonest ship-by first."""
    queue = to_ship_queue(now=now)
    return [entry.order.pk for entry in (*queue.overdue, *queue.today) if entry.batch is None]


def batch_pick_list(orders: list[Order]) -> PickList:
    """What to pick for these orders' open units, from where their reservations hold them."""
    lines = [
        (order, line) for order in orders for line in order.lines.all() if line.quantity_open > 0
    ]
    held: dict[str, list[tuple[str, tuple[int, str], int]]] = {}
    parts: dict[str, list[tuple[str, tuple[int, str], str, str, int]]] = {}
    for reservation in reservation_list([line.reference for _, line in lines]):
        location = reservation.location
        place, rank = location.name, (location.pick_order, location.code)
        if reservation.part_of_id is not None:  # a set's part: pick the part itself
            part = reservation.sku
            title = f"{part.title} (part of a set)"
            parts.setdefault(reservation.reference, []).append(
                (place, rank, part.code, title, reservation.quantity)
            )
            continue
        held.setdefault(reservation.reference, []).append((place, rank, reservation.quantity))
    items = []
    for order, line in lines:
        if line.reference in parts:
            items += [
                PickItem(place, rank, code, title, order.external_id, quantity,
                         line.personalisation, line.gift_message)
                for place, rank, code, title, quantity in parts[line.reference]
            ]  # fmt: skip
            continue
        sku = line.sku.code if line.sku else line.channel_sku
        title = line.sku.title if line.sku else line.title
        wanted = line.quantity_open
        places = []
        for place, rank, quantity in held.get(line.reference, []):
            taken = min(quantity, wanted)
            wanted -= taken
            places.append((place, rank, taken))
        if wanted:
            places.append((UNRESERVED, (0, ""), wanted))
        items += [
            PickItem(
                place,
                rank,
                sku,
                title,
                order.external_id,
                quantity,
                line.personalisation,
                line.gift_message,
            )
            for place, rank, quantity in places
        ]
    return pick_list(items)


def shop_profile() -> ShopProfile | None:
    """The shop's name and return address, or None until the seller sets them."""
    return ShopProfile.objects.order_by("pk").first()


def shop_name() -> str:
    """The name set in Settings (it heads packing slips and messages), else
    SELLERDESK_SHOP_NAME."""
    profile = shop_profile()
    return (
        profile.shop_name if profile and profile.shop_name else str(settings.SELLERDESK_SHOP_NAME)
    )


def batch_shipments(batch: PickBatch) -> list[Shipment]:
    """Shipments with a tracking number of the batch's orders, in batch order, for labels."""
    position = dict(batch.entries.values_list("order_id", "position"))
    shipments = (
        # Parcels of this batch: not those an order sent before it was batched.
        Shipment.objects.filter(order__in=list(position), shipped_at__gte=batch.created_at)
        .exclude(tracking_number="")
        .select_related("order", "order__buyer")
    )
    return sorted(shipments, key=lambda shipment: (position[shipment.order_id], shipment.pk))
