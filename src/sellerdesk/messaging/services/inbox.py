"""The buyer-message inbox: messages entered or imported, the 24-hour clock stopped by a
reply, by "answered elsewhere" or by "no response needed", and the seller's canned replies.

A reply is queued in the outbox as an email to the address the buyer wrote from: for Amazon
buyers that is their relay address, through which Amazon carries the answer to them."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction

from sellerdesk.core import clock
from sellerdesk.core.errors import DomainError
from sellerdesk.inventory.services import Actor
from sellerdesk.orders.models import Order, OrderEventKind
from sellerdesk.orders.services import add_order_events

from ..domain.compliance import describe, message_problems
from ..message_file import read_message_file
from ..models import (
    BuyerMessage,
    CannedReply,
    MessageKind,
    MessageSource,
    OutboundMessage,
    Route,
)
from ..rendering import CONTEXT_NAMES, TemplateProblem, order_context, render

"""How far past now a message's time may be: another computer's clock may run a little fast."""


def enter_message(
    *,
    received_at: dt.datetime,
    sender: str,
    body: str,
    actor: Actor,
    order_id: str = "",
    subject: str = "",
    external_id: str = "",
    is_complaint: bool = False,
) -> BuyerMessage:
    """Record a message the seller typed or pasted in; `order_id` is the channel's order id."""
    received_at = clock.past(received_at, what="received")
    sender, body, order_id = sender.strip(), body.strip(), order_id.strip()
    if not sender:
        raise DomainError("Say who the message is from: the buyer's email address or name.")
    if not body:
        raise DomainError("The message is empty: paste in what the buyer wrote.")
    order = _orders_by_ref([order_id]).get(order_id)
    try:
        with transaction.atomic():
            return BuyerMessage.objects.create(
                order=order,
                order_ref="" if order else order_id[:60],
                received_at=received_at,
                sender=sender[:254],
                subject=subject.strip()[:200],
                body=body,
                source=MessageSource.ENTERED,
                external_id=external_id.strip()[:200],
                is_complaint=is_complaint,
            )
    except IntegrityError:
        raise DomainError(f"The message {external_id} is in the inbox already.") from None


@dataclass(frozen=True)
class ImportResult:
    added: int
    already_there: int
    without_order: int
    """Of those added, how many name no order sellerdesk knows (yet)."""


def import_messages(
    source: str | Path | IO[bytes] | IO[str], *, actor: Actor, name: str = ""
) -> ImportResult:
    """Import a CSV file of messages in one transaction: an error anywhere saves nothing, and
    a message imported before (by its message-id) is left as it is."""
    name = name or (Path(source).name if isinstance(source, str | Path) else "the file")
    rows = read_message_file(source, name)
    for row in rows:
        clock.past(
            row.received_at, what="received",
            where=f"{name}, line {row.line}, column 'received-at': ",
        )  # fmt: skip
    orders = _orders_by_ref(row.order_ref for row in rows)
    with transaction.atomic():
        ids = sorted({row.external_id for row in rows})
        there = {
            found
            for part in _parts(ids)
            for found in BuyerMessage.objects.filter(external_id__in=part).values_list(
                "external_id", flat=True
            )
        }
        new: dict[str, BuyerMessage] = {}
        for row in rows:
            if row.external_id in there or row.external_id in new:
                continue
            order = orders.get(row.order_ref)
            new[row.external_id] = BuyerMessage(
                order=order,
                order_ref="" if order else row.order_ref,
                received_at=row.received_at,
                sender=row.sender,
                subject=row.subject,
                body=row.body,
                source=MessageSource.IMPORTED,
                external_id=row.external_id,
            )
        # Conflicts ignored: an import running alongside may have just added the same one.
        BuyerMessage.objects.bulk_create(new.values(), batch_size=500, ignore_conflicts=True)
        # Messages imported before their orders arrived are filed with them now.
        for ref in {row.order_ref for row in rows if row.external_id in there} & orders.keys():
            BuyerMessage.objects.filter(order__isnull=True, order_ref=ref).update(
                order=orders[ref], order_ref=""
            )
    unmatched = sum(1 for message in new.values() if message.order is None)
    return ImportResult(len(new), len(rows) - len(new), unmatched)


def link_order(*, message: BuyerMessage, order_id: str, actor: Actor) -> BuyerMessage:
    """Put a message in its order's thread: the order may have arrived after the message."""
    order_id = order_id.strip()
    order = _orders_by_ref([order_id]).get(order_id)
    if order is None:
        raise DomainError(
            f"No order {order_id} in sellerdesk: check the id, or import the order first."
        )
    with transaction.atomic():
        message.order, message.order_ref = order, ""
        message.save(update_fields=["order", "order_ref"])
        _note(message, clock.now(), f"Buyer message from {message.sender} filed here", actor)
    return message


def set_no_response_needed(*, message: BuyerMessage, flag: bool, actor: Actor) -> BuyerMessage:
    """Take a message off the clock (a thank-you, an auto-reply), or put it back on."""
    if flag and message.answered_at is not None:
        raise DomainError("This message has been answered already: it counts as answered.")
    at = clock.now()
    with transaction.atomic():
        message.no_response_needed = flag
        message.save(update_fields=["no_response_needed"])
        what = "needs no response" if flag else "needs a response after all"
        _note(message, at, f"Buyer message from {message.sender} {what}", actor)
    return message


def mark_answered(*, message: BuyerMessage, at: dt.datetime, actor: Actor) -> BuyerMessage:
    """Stop the clock for a message answered outside sellerdesk (in Seller Central, say)."""
    at = clock.ensure_aware(at)
    if message.answered_at is not None:
        when = f"{message.answered_at:%Y-%m-%d %H:%M} UTC"
        raise DomainError(f"This message was answered already, at {when}.")
    if at < message.received_at:
        raise DomainError("The answer cannot come before the message: check the time.")
    if at > clock.now() + clock.CLOCK_SKEW:
        raise DomainError("The time answered is in the future: give the time you replied.")
    with transaction.atomic():
        _answer(message, at, actor)
        _note(message, at, f"Buyer message from {message.sender} answered elsewhere", actor)
    return message


def reply(*, message: BuyerMessage, body: str, actor: Actor, subject: str = "") -> OutboundMessage:
    """Queue a reply by email to the buyer; sending it stops the message's clock."""
    body = body.strip()
    if not body:
        raise DomainError("The reply is empty: write it, or pick a canned reply and edit it.")
    if message.order is None:
        raise DomainError(
            "This message has no order in sellerdesk, so the reply has nowhere to be filed: "
            "link it to its order, or answer in Seller Central and mark it answered elsewhere."
        )
    try:
        validate_email(message.sender)
    except ValidationError:
        raise DomainError(
            f"{message.sender} is not an email address, so sellerdesk cannot reply to it: "
            "answer where the message came from, then mark it answered elsewhere."
        ) from None
    if message.order.channel.code == "amazon":
        # Through Amazon's relay address it is a buyer message all the same (section 6.2).
        problems = message_problems(body)
        if problems:
            raise DomainError(describe(problems))
    # A mail header is one line: a buyer's subject may carry line breaks from an import.
    subject = " ".join((subject.strip() or _reply_subject(message)).split())[:200]
    at = clock.now()
    with transaction.atomic():
        queued = OutboundMessage.objects.create(
            order=message.order,
            kind=MessageKind.REPLY,
            route=Route.EMAIL,
            answers=message,
            recipient=message.sender,
            subject=subject,
            body=body,
            key=uuid.uuid4().hex,
            next_attempt_at=at,
            created_at=at,
            created_by=actor.name[:100],
        )
        # The clock stops when the reply is sent (delivery): a reply that never goes out
        # has not answered the buyer.
        _note(message, at, f"Reply queued: {subject}", actor)
    return queued


def render_canned(*, canned: CannedReply, message: BuyerMessage, shop_name: str) -> str:
    """A canned reply filled in for the message's order, for the seller to edit and send."""
    try:
        return render("", canned.body, _context(message.order, shop_name)).body
    except TemplateProblem as error:
        raise DomainError(f"The canned reply {canned.title!r}: {error}") from None


def create_canned_reply(*, title: str, body: str, actor: Actor) -> CannedReply:
    return _save_canned(CannedReply(), title, body)


def update_canned_reply(*, canned: CannedReply, title: str, body: str, actor: Actor) -> CannedReply:
    return _save_canned(canned, title, body)


def _save_canned(canned: CannedReply, title: str, body: str) -> CannedReply:
    title, body = title.strip(), body.strip()
    if not title or not body:
        raise DomainError("A canned reply needs a title and a text.")
    try:
        render("", body, _context(None, ""))
    except TemplateProblem as error:
        raise DomainError(str(error)) from None
    canned.title, canned.body, canned.updated_at = title[:100], body, clock.now()
    try:
        with transaction.atomic():
            canned.save()
    except IntegrityError:
        raise DomainError(
            f"There is a canned reply called {title!r} already: name this one otherwise."
        ) from None
    return canned


def _context(order: Order | None, shop_name: str) -> dict[str, Any]:
    if order is not None:
        return order_context(order, shop_name)
    # No order: every documented name is there but empty, for the seller to fill in.
    empty: dict[str, Any] = dict.fromkeys(CONTEXT_NAMES, "")
    return {**empty, "items": [], "shop_name": shop_name}


def _reply_subject(message: BuyerMessage) -> str:
    subject = message.subject.strip()
    if not subject:
        assert message.order is not None
        return f"Re: your message about order {message.order.external_id}"
    return subject if subject.lower().startswith("re:") else f"Re: {subject}"


def _answer(message: BuyerMessage, at: dt.datetime, actor: Actor) -> None:
    # Only the first answer stops the clock: a second reply later changes nothing.
    updated = BuyerMessage.objects.filter(pk=message.pk, answered_at__isnull=True).update(
        answered_at=at, answered_by=actor.name[:100]
    )
    if updated:
        message.answered_at, message.answered_by = at, actor.name[:100]


def _note(message: BuyerMessage, at: dt.datetime, text: str, actor: Actor) -> None:
    if message.order is not None:
        add_order_events(
            orders=[message.order], at=at, kind=OrderEventKind.NOTE, message=text,
            actor=actor.name,
        )  # fmt: skip


def _orders_by_ref(refs: Iterable[str]) -> dict[str, Order]:
    """The orders the ids name; an id that names none, or one on several channels, is left
    out (the message keeps the id as given)."""
    wanted = sorted({ref for ref in refs if ref})
    found: dict[str, list[Order]] = defaultdict(list)
    for part in _parts(wanted):
        for order in Order.objects.filter(external_id__in=part):
            found[order.external_id].append(order)
    return {ref: orders[0] for ref, orders in found.items() if len(orders) == 1}


def _parts(values: list[str], size: int = 500) -> Iterator[list[str]]:
    # SQLite limits the parameters of one query: ask in parts.
    for start in range(0, len(values), size):
        yield values[start : start + size]
