"""Pick batches: orders gathered to be picked and packed together, then closed."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import IntegrityError, transaction

from sellerdesk.core import clock
from sellerdesk.core.errors import DomainError
from sellerdesk.inventory.services import Actor
from sellerdesk.orders import domain as order_rules
from sellerdesk.orders.models import Order, OrderEvent, OrderEventKind
from sellerdesk.orders.services import add_order_events

from ..models import PickBatch, PickBatchOrder

MAX_BATCH = 1000
"""More than a day's packing for a small shop; keeps one PDF to a printable size."""


def create_batch(*, order_ids: Sequence[int], actor: Actor) -> PickBatch:
    """Gather orders, in the order given, into a new batch.

    Every order must be a seller-fulfilled order still to ship and in no other open batch;
    otherwise nothing is created and the error names the orders at fault.
    """
    wanted = list(dict.fromkeys(order_ids))
    if not wanted:
        raise DomainError("Choose at least one order for the batch.")
    if len(wanted) > MAX_BATCH:
        raise DomainError(f"A batch holds at most {MAX_BATCH} orders; choose fewer.")
    with transaction.atomic():
        # Locked in key order so two sellers' tabs batching the same orders cannot deadlock.
        orders = {
            order.pk: order
            for order in Order.objects.select_for_update().filter(pk__in=wanted).order_by("pk")
        }
        missing = [pk for pk in wanted if pk not in orders]
        if missing:
            raise DomainError(f"Orders {missing} no longer exist; reload the page.")
        not_shippable = [
            orders[pk].external_id
            for pk in wanted
            if not order_rules.can_ship(
                status=orders[pk].status, fulfillment=orders[pk].fulfillment
            )
        ]
        if not_shippable:
            raise DomainError(
                f"Not to be shipped by you (fulfilled by Amazon, shipped, cancelled or unpaid): "
                f"{', '.join(not_shippable)}."
            )
        taken = dict(
            PickBatchOrder.objects.filter(order__in=wanted, is_open=True).values_list(
                "order__external_id", "batch_id"
            )
        )
        if taken:
            listed = ", ".join(f"{order} (batch {batch})" for order, batch in sorted(taken.items()))
            raise DomainError(f"Already in an open batch: {listed}. Close that batch first.")
        now = clock.now()
        batch = PickBatch.objects.create(created_at=now, created_by=actor.name)
        try:
            with transaction.atomic():
                PickBatchOrder.objects.bulk_create(
                    PickBatchOrder(batch=batch, order_id=pk, position=position)
                    for position, pk in enumerate(wanted, start=1)
                )
        except IntegrityError:
            # SQLite takes no row locks: another tab batched one of them a moment ago.
            raise DomainError(
                "Another window has just put some of these orders in a batch: reload the page."
            ) from None
        add_order_events(
            orders=(orders[pk] for pk in wanted),
            at=now,
            kind=OrderEventKind.BATCHED,
            message=f"Added to pick batch {batch.pk}",
            actor=actor.name,
        )
    return batch


def mark_batch_picked(*, batch: PickBatch, actor: Actor) -> None:
    """Record on each order still to ship in the batch that its items were picked."""
    with transaction.atomic():
        batch = PickBatch.objects.select_for_update().get(pk=batch.pk)
        if batch.closed_at is not None:
            raise DomainError(f"Batch {batch.pk} is closed.")
        orders = Order.objects.filter(
            pk__in=batch.entries.values("order_id"),
            fulfillment=order_rules.SELLER,
            status__in=(order_rules.UNSHIPPED, order_rules.PARTIALLY_SHIPPED),
        )
        message = f"Picked in batch {batch.pk}"
        # Once per order and batch: a second click changes nothing.
        already = OrderEvent.objects.filter(
            order__in=orders, kind=OrderEventKind.PICKED, message=message
        ).values("order_id")
        add_order_events(
            orders=orders.exclude(pk__in=already),
            at=clock.now(),
            kind=OrderEventKind.PICKED,
            message=message,
            actor=actor.name,
        )


def close_batch(*, batch: PickBatch, actor: Actor) -> PickBatch:
    """Close a batch; orders in it not yet shipped go back to the queue, free to batch again."""
    with transaction.atomic():
        batch = PickBatch.objects.select_for_update().get(pk=batch.pk)
        if batch.closed_at is None:
            batch.closed_at = clock.now()
            batch.closed_by = actor.name
            batch.save(update_fields=["closed_at", "closed_by"])
            batch.entries.update(is_open=False)
    return batch
