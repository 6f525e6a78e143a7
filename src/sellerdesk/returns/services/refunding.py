"""The money back: a refund by Amazon's rules, within its deadline, then the return closed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal

from django.db import transaction

from sellerdesk.core import clock
from sellerdesk.core.errors import DomainError
from sellerdesk.core.money import format_money
from sellerdesk.inventory.services import Actor
from sellerdesk.orders.models import OrderLine

from ..domain import lifecycle, refunds
from ..domain.refunds import RefundLine as Proposed
from ..domain.refunds import RefundRules, ReturnedLine
from ..models import Refund, RefundLine, Return, ReturnLine, ReturnSettings
from ..selectors import paid_lines
from .steps import move_to, note_step


def proposed_refund(ret: Return) -> list[Proposed]:
    """The refund the return calls for by the rules, before the seller changes any amount."""
    lines = list(ReturnLine.objects.filter(ret=ret).prefetch_related("units"))
    order_lines = OrderLine.objects.filter(pk__in=[line.order_line_id for line in lines])
    paid = paid_lines(order_lines)
    returned = [
        ReturnedLine(
            line.order_line_id, [unit.condition or "sellable" for unit in line.units.all()]
        )
        for line in lines
    ]
    currency = next((line.currency for line in order_lines), "USD")
    return refunds.propose(
        list(paid.values()),
        returned,
        seller_fault=ret.seller_at_fault,
        currency=currency,
        label_cost=ret.label_cost,
        rules=_rules(ret),
    )


def refund_return(
    *,
    ret: Return,
    actor: Actor,
    amounts: Mapping[int, tuple[Decimal, Decimal]] | None = None,
    at: dt.datetime | None = None,
) -> Refund:
    """Refund the return: the proposed amounts, or the seller's (line id -> (item,
    shipping)), never more than is left of what was paid. On the seller's fault nothing may
    be deducted."""
    at = at or clock.now()
    with transaction.atomic():
        ret = move_to(ret, lifecycle.REFUNDED)
        if ret.refunds.exists():
            raise DomainError(f"Return {ret.pk} is refunded already.")
        if ret.replacement_id is not None:
            raise DomainError(
                f"Return {ret.pk} was exchanged for a replacement order: no refund as well."
            )
        # The lines locked, in key order, before what was refunded of them is read: two
        # returns of one line refunded at once must not both take what is left of it.
        order_lines = list(
            OrderLine.objects.select_for_update(of=("self",))
            .filter(pk__in=ReturnLine.objects.filter(ret=ret).values("order_line_id"))
            .order_by("pk")
        )
        proposal = {part.line_id: part for part in proposed_refund(ret)}
        chosen = [
            Proposed(line_id, *amounts[line_id]) if amounts and line_id in amounts else part
            for line_id, part in proposal.items()
        ]
        paid = paid_lines(order_lines)
        currencies = {line.currency for line in order_lines}
        if len(currencies) != 1:
            raise DomainError("The return's orders were paid in several currencies: refund each.")
        currency = currencies.pop()
        try:
            refunds.check(list(paid.values()), chosen, currency)
        except refunds.RefundTooLarge as error:
            raise DomainError(str(error)) from None
        if ret.seller_at_fault:
            short = [
                part for part in chosen if part.item + part.shipping < proposal[part.line_id].total
            ]
            if short:
                raise DomainError(
                    "The return is your fault (the reason given): it is refunded in full, "
                    "item and shipping, with nothing deducted."
                )
        refund = Refund.objects.create(
            ret=ret, currency=currency, created_at=at, created_by=actor.name
        )
        RefundLine.objects.bulk_create(
            RefundLine(
                refund=refund,
                order_line_id=part.line_id,
                item=part.item,
                shipping=part.shipping,
                deductions=[[why, str(amount)] for why, amount in part.deductions],
            )
            for part in chosen
        )
        ret.refunded_at = at
        ret.save()
        total = sum((part.total for part in chosen), Decimal(0))
        late = " (late)" if ret.refund_by and at > ret.refund_by else ""
        note_step(ret, at, actor, f"refunded {format_money(total, currency)}{late}")
    return refund


def close_return(*, ret: Return, actor: Actor, at: dt.datetime | None = None) -> Return:
    at = at or clock.now()
    with transaction.atomic():
        ret = move_to(ret, lifecycle.CLOSED)
        ret.closed_at = at
        ret.save()
        note_step(ret, at, actor, "closed")
    return ret


def mark_refund_done(*, refund: Refund, actor: Actor, at: dt.datetime | None = None) -> Refund:
    """The seller issued the refund on the channel too (Seller Central): off the to-do list."""
    at = at or clock.now()
    with transaction.atomic():
        if not Refund.objects.filter(pk=refund.pk, channel_done_at__isnull=True).update(
            channel_done_at=at
        ):
            raise DomainError("This refund is already marked as done on the channel.")
        refund.refresh_from_db()
        note_step(refund.ret, at, actor, "refund issued on the channel")
    return refund


def _rules(ret: Return) -> RefundRules:
    settings = ReturnSettings.objects.filter(channel_id=ret.channel_id).first()
    if settings is None:
        return RefundRules()
    fee = settings.restocking_damaged
    return RefundRules(
        restocking_percent={"damaged": fee} if fee else {}, deduct_label=settings.deduct_label
    )
