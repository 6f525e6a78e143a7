"""The seller's own note on an order: kept on the order and written on its timeline."""

from __future__ import annotations

from django.db import transaction

from sellerdesk.core import clock
from sellerdesk.core.errors import DomainError
from sellerdesk.inventory.services import Actor

from ..models import Order, OrderEventKind
from .timeline import add_event

LONGEST_NOTE = 2000


def plain_note(text: str) -> str:
    """A note as kept: its line breaks as \n whoever wrote it (a browser sends \r\n,
    spreadsheets \n), no space around it."""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


@transaction.atomic
def set_order_note(*, order: Order, note: str, actor: Actor) -> Order:
    """Replace the order's note; the timeline keeps every version, so none is lost."""
    note = plain_note(note)
    if len(note) > LONGEST_NOTE:
        raise DomainError(f"A note holds at most {LONGEST_NOTE} characters, got {len(note)}.")
    order = Order.objects.select_for_update().get(pk=order.pk)
    if order.note == note:
        return order
    order.note = note
    order.save(update_fields=["note"])
    message = f"Note: {note}" if note else "Note removed"
    add_event(order, clock.now(), OrderEventKind.NOTE, message, actor.name)
    return order
