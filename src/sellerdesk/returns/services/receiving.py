"""A return back in the seller's hands: received, each unit inspected, each unit's fate."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.db import transaction

from sellerdesk.core import clock
from sellerdesk.core.errors import DomainError
from sellerdesk.inventory import services as stock
from sellerdesk.inventory.models import Location
from sellerdesk.inventory.services import Actor

from ..domain import lifecycle
from ..domain.refunds import CONDITIONS
from ..models import Disposition, Return, ReturnUnit
from .steps import move_to, note_step, refund_deadline


def receive_return(*, ret: Return, actor: Actor, at: dt.datetime | None = None) -> Return:
    """The parcel is here: the refund clock starts (two business days, Amazon's rule)."""
    at = at or clock.now()
    with transaction.atomic():
        ret = move_to(ret, lifecycle.RECEIVED)
        ret.received_at = at
        ret.refund_by = refund_deadline(ret, at)
        ret.save()
        note_step(ret, at, actor, f"received; refund due by {ret.refund_by:%a %d %b %H:%M} UTC")
    return ret


def inspect_return(
    *, ret: Return, conditions: Mapping[int, str], actor: Actor, at: dt.datetime | None = None
) -> Return:
    """Each unit's condition (unit id -> condition); the return is inspected once all are."""
    at = at or clock.now()
    unknown = set(conditions.values()) - set(CONDITIONS)
    if unknown:
        raise DomainError(f"Not a condition: {', '.join(sorted(unknown))}.")
    with transaction.atomic():
        ret = Return.objects.select_for_update().get(pk=ret.pk)
        if ret.status != lifecycle.RECEIVED:
            raise DomainError(
                f"Return {ret.pk} is {lifecycle.LABELS[ret.status]}: units are inspected once "
                "it is received and before they are put away."
            )
        units = {unit.pk: unit for unit in ReturnUnit.objects.filter(line__ret=ret)}
        strangers = set(conditions) - set(units)
        if strangers:
            raise DomainError(f"Units {sorted(strangers)} are not in return {ret.pk}.")
        for unit_id, condition in conditions.items():
            units[unit_id].condition = condition
        ReturnUnit.objects.bulk_update(units.values(), ["condition"])
        if all(unit.condition for unit in units.values()):
            ret = move_to(ret, lifecycle.INSPECTED)
            ret.save()
            found = ", ".join(
                f"{sum(u.condition == c for u in units.values())} {CONDITIONS[c].lower()}"
                for c in CONDITIONS
                if any(u.condition == c for u in units.values())
            )
            note_step(ret, at, actor, f"inspected: {found}")
    return ret


def dispose_return(
    *,
    ret: Return,
    dispositions: Mapping[int, tuple[str, Location | None]],
    actor: Actor,
    at: dt.datetime | None = None,
) -> Return:
    """What becomes of each unit (unit id -> (disposition, location to restock to)).

    A unit put back goes on the shelf through the ledger; one written off keeps its cost on
    record; one sent to repair is neither, until it comes back.
    """
    at = at or clock.now()
    with transaction.atomic():
        ret = move_to(ret, lifecycle.DISPOSED)
        units = list(
            ReturnUnit.objects.filter(line__ret=ret).select_related("line__order_line__sku")
        )
        missing = [unit.pk for unit in units if unit.pk not in dispositions]
        if missing:
            raise DomainError(f"Say what becomes of every unit: units {missing} are left.")
        for unit in units:
            disposition, location = dispositions[unit.pk]
            sku = unit.line.order_line.sku
            if disposition not in Disposition.values:
                raise DomainError(f"Not a disposition: {disposition!r}.")
            if disposition == Disposition.RESTOCK:
                if location is None or location.is_fba:
                    raise DomainError("Choose one of your own shelves to put a unit back on.")
                if sku is None:
                    raise DomainError(
                        f"{unit.line.order_line.channel_sku} is not in the catalogue: map it "
                        "before putting it back on a shelf."
                    )
                if unit.condition not in ("sellable", ""):
                    raise DomainError(
                        f"Unit {unit.number} of {sku.code} came back "
                        f"{CONDITIONS[unit.condition].lower()}: only sellable units go back on "
                        "the shelf."
                    )
                stock.return_units(
                    sku=sku, location=location, quantity=1, reason=f"return {ret.pk}",
                    reference=f"return:{ret.pk}", actor=actor, at=at,
                    shipped_as=unit.line.order_line.reference,
                )  # fmt: skip
            elif disposition == Disposition.WRITE_OFF and sku is not None:
                unit.written_off = sku.unit_cost
            unit.disposition, unit.location = disposition, location
        ReturnUnit.objects.bulk_update(units, ["disposition", "location", "written_off"])
        ret.save()
        kept = sum(unit.disposition == Disposition.RESTOCK for unit in units)
        note_step(ret, at, actor, f"put away: {kept} of {len(units)} units back on the shelf")
    return ret
