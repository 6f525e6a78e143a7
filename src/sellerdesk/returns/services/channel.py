"""Returns a channel handled itself: Amazon received, inspected and refunded an FBA return."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.db import transaction

from sellerdesk.inventory import services as stock
from sellerdesk.inventory.models import Location
from sellerdesk.inventory.services import Actor

from ..domain import lifecycle
from ..domain.refunds import CONDITIONS, SELLABLE
from ..models import Disposition, Return, ReturnSource, ReturnUnit
from .requests import open_return
from .steps import note_step


def record_channel_return(
    *,
    units: Mapping[int, int],
    reason: str,
    condition: str,
    location: Location | None,
    key: str,
    actor: Actor,
    at: dt.datetime,
) -> Return:
    """A return the channel's warehouse took in and settled (Amazon FBA): sellable units go
    back into its stock at `location` through the ledger (None: the channel's own counts
    already hold them); the return is closed at once, as the channel received, inspected and
    refunded it."""
    if condition not in CONDITIONS:
        raise ValueError(f"not a condition: {condition!r}")
    with transaction.atomic():
        ret, _ = open_return(
            units, reason, actor, "", at, ReturnSource.AMAZON_FBA, key, lifecycle.CLOSED
        )
        ret.received_at = ret.refunded_at = ret.closed_at = at
        ret.decision = "handled by the channel's warehouse"
        ret.save()
        restock = condition == SELLABLE
        for unit in ReturnUnit.objects.filter(line__ret=ret).select_related(
            "line__order_line__sku"
        ):
            unit.condition = condition
            sku = unit.line.order_line.sku
            if restock and sku is not None and location is not None:
                stock.return_units(
                    sku=sku, location=location, quantity=1, reason=f"return {ret.pk}",
                    reference=f"return:{ret.pk}", actor=actor, at=at,
                    shipped_as=unit.line.order_line.reference,
                )  # fmt: skip
                unit.disposition, unit.location = Disposition.RESTOCK, location
            unit.save(update_fields=["condition", "disposition", "location"])
        kept = (
            "kept aside by the channel"
            if not restock
            else f"back in stock at {location.name}"
            if location is not None
            else "back in the channel's stock (its count holds it)"
        )
        note_step(
            ret,
            at,
            actor,
            f"returned to the channel's warehouse: {CONDITIONS[condition].lower()}, {kept}",
        )
    return ret
