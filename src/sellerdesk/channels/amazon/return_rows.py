"""Amazon's returns report rows made into returns, each row once.

A seller-fulfilled (FBM) row is a buyer's request: it becomes a return under Amazon's RMA id,
decided by the same policy as one entered here, and received when Amazon reports the parcel
delivered back. An FBA row is a unit Amazon's warehouse took back and settled: a closed
return, its sellable units back in the region's FBA stock. A row whose order or line is not
here yet waits, with the reason, and is tried again at the next import.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from sellerdesk.core.errors import DomainError
from sellerdesk.inventory.models import Location, LocationKind
from sellerdesk.inventory.services import Actor
from sellerdesk.orders.models import OrderLine
from sellerdesk.returns import services as returns
from sellerdesk.returns.domain import lifecycle
from sellerdesk.returns.models import Return, ReturnSource

from .flatfile.values import parse_datetime
from .models import AmazonReturn
from .models import ReturnSource as RowSource

# Amazon's reason codes (CR-..., AMZ-PG-...) by what they mean, first match wins.
_REASONS = (
    ("ORDERED_WRONG", "ordered_by_mistake"),
    ("UNAUTHORIZED", "ordered_by_mistake"),
    ("ACCIDENTAL", "ordered_by_mistake"),
    ("DEFECTIVE", "defective"),
    ("QUALITY", "defective"),
    ("DAMAGED", "damaged"),
    ("BAD-DESC", "not_as_described"),
    ("NOT_AS_DESCRIBED", "not_as_described"),
    ("SWITCHEROO", "wrong_item"),
    ("WRONG", "wrong_item"),
    ("MISSING", "missing_parts"),
    ("MISSED_ESTIMATED_DELIVERY", "late"),
    ("LATE", "late"),
    ("BETTER_PRICE", "better_price"),
    ("UNWANTED", "no_longer_needed"),
    ("NO_LONGER_NEEDED", "no_longer_needed"),
)
# FBA's detailed dispositions, as the condition a unit came back in.
_CONDITIONS = {"SELLABLE": "sellable", "DEFECTIVE": "defective"}


def reason_of(code: str) -> str:
    upper = code.upper().replace(" ", "_")
    return next((reason for key, reason in _REASONS if key in upper), "other")


@dataclass
class RowsDone:
    made: int = 0
    received: int = 0
    waiting: list[str] = field(default_factory=list)


def turn_rows_into_returns(*, actor: Actor) -> RowsDone:
    """Make returns of the rows not yet made into one; move those made along."""
    done = RowsDone()
    for row in AmazonReturn.objects.filter(ret__isnull=True).order_by("happened_at", "pk"):
        try:
            with transaction.atomic():
                row.ret = _fba(row, actor) if row.source == RowSource.FBA else _fbm(row, actor)
                row.problem = ""
                row.save(update_fields=["ret", "problem"])
            done.made += 1
        except DomainError as error:
            AmazonReturn.objects.filter(pk=row.pk).update(problem=str(error)[:300])
            done.waiting.append(f"{row.order_external_id} {row.channel_sku}: {error}")
    for row in AmazonReturn.objects.filter(
        source=RowSource.SELLER, ret__status__in=_NOT_YET_RECEIVED
    ).select_related("ret"):
        delivered_back = row.cells.get("return delivery date", "")
        if delivered_back and row.ret is not None:
            returns.receive_return(ret=row.ret, actor=actor, at=parse_datetime(delivered_back))
            done.received += 1
    return done


_NOT_YET_RECEIVED = (lifecycle.AUTHORISED, lifecycle.LABEL_ISSUED, lifecycle.IN_TRANSIT)


def _line(row: AmazonReturn) -> OrderLine:
    lines = OrderLine.objects.filter(
        order__channel__code="amazon", order__external_id=row.order_external_id
    )
    if not lines.exists():
        raise DomainError("its order is not here yet: import the order report first")
    found = lines.filter(channel_sku=row.channel_sku).first() or (
        lines.filter(asin=row.asin).first() if row.asin else None
    )
    if found is None:
        raise DomainError(f"the order has no line for SKU {row.channel_sku or row.asin}")
    return found


def _fbm(row: AmazonReturn, actor: Actor) -> Return:
    if row.rma_id:
        known = Return.objects.filter(channel__code="amazon", rma=row.rma_id).first()
        if known is not None:
            return known
    line = _line(row)
    return returns.request_return(
        units={line.pk: row.quantity},
        reason=reason_of(row.reason),
        note=row.cells.get("return reason", ""),
        actor=actor,
        at=row.happened_at,
        source=ReturnSource.AMAZON_FBM,
        rma=row.rma_id,
    )


def _fba(row: AmazonReturn, actor: Actor) -> Return:
    line = _line(row)
    region = line.order.marketplace.region if line.order.marketplace else ""
    location = Location.objects.filter(kind=LocationKind.FBA, amazon_region=region).first()
    if location is None:
        raise DomainError(f"no FBA location for Amazon region {region or '(none)'}")
    disposition = row.disposition.upper()
    return returns.record_channel_return(
        units={line.pk: row.quantity},
        reason=reason_of(row.reason),
        condition=_CONDITIONS.get(disposition, "damaged"),
        location=location,
        key=f"fba-{row.pk}",
        actor=actor,
        at=row.happened_at,
    )
