"""A return asked for, decided, and on its way: request, authorise or reject, label, transit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal

from django.db import transaction

from sellerdesk.core import clock
from sellerdesk.core.errors import DomainError
from sellerdesk.inventory.services import Actor
from sellerdesk.orders.models import OrderLine

from ..domain import lifecycle, policy
from ..models import LabelKind, Return, ReturnLine, ReturnSettings, ReturnSource, ReturnUnit
from ..selectors import units_in_returns
from .steps import move_to, note_step, refund_deadline


def request_return(
    *,
    units: Mapping[int, int],
    reason: str,
    actor: Actor,
    note: str = "",
    at: dt.datetime | None = None,
    source: str = ReturnSource.MANUAL,
    rma: str = "",
) -> Return:
    """Open a return for shipped units (order line id -> units), of one buyer's orders.

    Authorised at once when Amazon's policy allows it (inside the channel's window from
    delivery; personalised items only for the seller's fault); otherwise it waits, to be
    answered within 24 hours.
    """
    at = at or clock.now()
    with transaction.atomic():
        ret, lines = open_return(units, reason, actor, note, at, source, rma, lifecycle.REQUESTED)
        ret.requested_at, ret.respond_by = at, policy.response_due(at)
        decision = _policy(ret, lines, at)
        ret.decision = decision.why
        if decision.authorise:
            ret.status, ret.decided_at = lifecycle.AUTHORISED, at
        ret.save()
        step = "authorised at once" if decision.authorise else "waiting for you"
        note_step(
            ret, at, actor, f"requested ({policy.REASONS[reason].lower()}); {step}: {decision.why}"
        )
    return ret


def record_unexpected_return(
    *,
    units: Mapping[int, int],
    reason: str,
    actor: Actor,
    note: str = "",
    at: dt.datetime | None = None,
) -> Return:
    """A parcel that arrived with no request: the return starts as received."""
    at = at or clock.now()
    with transaction.atomic():
        ret, _ = open_return(
            units, reason, actor, note, at, ReturnSource.MANUAL, "", lifecycle.RECEIVED
        )
        ret.decision = "arrived without a request"
        ret.received_at = at
        ret.refund_by = refund_deadline(ret, at)
        ret.save()
        note_step(ret, at, actor, "arrived without a request; received")
    return ret


def authorise_return(*, ret: Return, actor: Actor, at: dt.datetime | None = None) -> Return:
    return _decide(ret, lifecycle.AUTHORISED, "authorised", actor, at or clock.now())


def reject_return(
    *, ret: Return, reason: str, actor: Actor, at: dt.datetime | None = None
) -> Return:
    if not reason.strip():
        raise DomainError("Say why the return is rejected: the buyer is told.")
    return _decide(ret, lifecycle.REJECTED, f"rejected: {reason.strip()}", actor, at or clock.now())


def issue_label(
    *,
    ret: Return,
    kind: str,
    actor: Actor,
    carrier: str = "",
    tracking_number: str = "",
    cost: Decimal = Decimal(0),
    at: dt.datetime | None = None,
) -> Return:
    """The return label: prepaid by the seller (its cost may be deducted for the buyer's own
    reasons) or the buyer's own."""
    if kind not in LabelKind.values:
        raise DomainError(f"A return label is prepaid or the buyer's own, not {kind!r}.")
    if cost < 0:
        raise DomainError("A label cannot cost less than nothing.")
    at = at or clock.now()
    with transaction.atomic():
        ret = move_to(ret, lifecycle.LABEL_ISSUED)
        ret.label_kind, ret.label_carrier = kind, carrier.strip()
        ret.label_tracking, ret.label_cost = tracking_number.strip(), cost
        ret.save()
        note_step(
            ret, at, actor, f"{LabelKind(kind).label.lower()} {carrier} {tracking_number}".strip()
        )
    return ret


def mark_in_transit(*, ret: Return, actor: Actor, at: dt.datetime | None = None) -> Return:
    at = at or clock.now()
    with transaction.atomic():
        ret = move_to(ret, lifecycle.IN_TRANSIT)
        ret.save()
        note_step(ret, at, actor, "on its way back")
    return ret


def open_return(
    units: Mapping[int, int],
    reason: str,
    actor: Actor,
    note: str,
    at: dt.datetime,
    source: str,
    rma: str,
    status: str,
) -> tuple[Return, list[OrderLine]]:
    if reason not in policy.REASONS:
        raise DomainError(f"{reason!r} is not a return reason; choose one of the list.")
    wanted, lines, channel_id = _take(units)
    ret = Return.objects.create(
        status=status,
        source=source,
        channel_id=channel_id,
        rma=rma.strip(),
        reason=reason,
        note=note.strip(),
        seller_at_fault=policy.seller_at_fault(reason),
        created_at=at,
        created_by=actor.name,
    )
    _add_lines(ret, lines, wanted)
    return ret, lines


def add_to_return(
    *, ret: Return, units: Mapping[int, int], actor: Actor, at: dt.datetime | None = None
) -> Return:
    """More units in a return on its way (one RMA for two items), before it arrives."""
    at = at or clock.now()
    with transaction.atomic():
        ret = Return.objects.select_for_update().get(pk=ret.pk)
        if ret.status not in ADDABLE:
            raise DomainError(
                f"Return {ret.pk} is {lifecycle.LABELS[ret.status]}: units are added before it "
                "arrives."
            )
        wanted, lines, channel_id = _take(units)
        if channel_id != ret.channel_id:
            raise DomainError("A return holds orders of one channel: make one per channel.")
        _add_lines(ret, lines, wanted)
        note_step(ret, at, actor, f"holds {sum(wanted.values())} more unit(s)")
    return ret


ADDABLE = (lifecycle.REQUESTED, lifecycle.AUTHORISED, lifecycle.LABEL_ISSUED, lifecycle.IN_TRANSIT)


def _take(units: Mapping[int, int]) -> tuple[dict[int, int], list[OrderLine], int]:
    """The order lines locked, and checked to have the units shipped and not yet returned."""
    wanted = {line_id: quantity for line_id, quantity in units.items() if quantity}
    if not wanted:
        raise DomainError("Choose at least one unit to return.")
    # Locked in key order: two returns for the same units cannot both take them.
    lines = list(
        OrderLine.objects.select_for_update(of=("self",))
        .filter(pk__in=wanted)
        .select_related("order", "sku")
        .order_by("pk")
    )
    if len(lines) != len(wanted):
        raise DomainError("Some of these lines are not on any order; reload the page.")
    channels = {line.order.channel_id for line in lines}
    if len(channels) > 1:
        raise DomainError("A return holds orders of one channel: make one per channel.")
    taken = units_in_returns(wanted)
    for line in lines:
        left = line.quantity_shipped - taken.get(line.pk, 0)
        if wanted[line.pk] < 0 or wanted[line.pk] > left:
            raise DomainError(
                f"{line.channel_sku} on order {line.order.external_id}: {left} shipped and not "
                f"yet returned, cannot return {wanted[line.pk]}."
            )
    return wanted, lines, channels.pop()


def _add_lines(ret: Return, lines: list[OrderLine], wanted: dict[int, int]) -> None:
    for line in lines:
        made = ReturnLine.objects.create(ret=ret, order_line=line, quantity=wanted[line.pk])
        ReturnUnit.objects.bulk_create(
            ReturnUnit(line=made, number=number) for number in range(1, wanted[line.pk] + 1)
        )


def _policy(ret: Return, lines: list[OrderLine], at: dt.datetime) -> policy.Decision:
    settings = ReturnSettings.objects.filter(channel_id=ret.channel_id).first()
    window = settings.window_days if settings else policy.DEFAULT_WINDOW_DAYS
    decisions = [
        policy.decide(
            requested_at=at,
            delivered_at=line.order.delivered_at or line.order.latest_delivery_at,
            reason=ret.reason,
            personalised=bool(line.personalisation)
            or bool(line.sku and line.sku.is_personalisable),
            window_days=window,
        )
        for line in lines
    ]
    refused = [decision for decision in decisions if not decision.authorise]
    return refused[0] if refused else decisions[0]


def _decide(ret: Return, status: str, why: str, actor: Actor, at: dt.datetime) -> Return:
    with transaction.atomic():
        ret = move_to(ret, status)
        ret.decided_at, ret.decision = at, why[:300]
        ret.rejected_at = at if status == lifecycle.REJECTED else None
        ret.save()
        note_step(ret, at, actor, why)
    return ret
