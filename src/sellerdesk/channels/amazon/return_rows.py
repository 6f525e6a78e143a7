"""Amazon's returns report rows made into returns, each row once.

A seller-fulfilled (FBM) row is a buyer's request: it becomes a return under Amazon's RMA id,
decided by the same policy as one entered here, and received when Amazon reports the parcel
delivered back. An FBA row is a unit Amazon's warehouse took back and settled: a closed
return, its sellable units back in the region's FBA stock. A row whose order or line is not
here yet waits, with the reason, and is tried again at the next import.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.db import transaction

from sellerdesk.core.errors import DomainError
from sellerdesk.inventory.models import Location, LocationKind
from sellerdesk.inventory.services import Actor
from sellerdesk.orders.models import Order, OrderLine
from sellerdesk.returns import services as returns
from sellerdesk.returns.domain import lifecycle
from sellerdesk.returns.models import Return, ReturnSource

from .flatfile.values import parse_datetime
from .models import AmazonConnection, AmazonReturn
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
    # One RMA may have several rows: each return is received once, at its parcel's arrival.
    arrivals: dict[int, AmazonReturn] = {}
    for row in AmazonReturn.objects.filter(
        source=RowSource.SELLER, ret__status__in=_NOT_YET_RECEIVED
    ).select_related("ret", "ret__channel"):
        if row.cells.get("return delivery date") and row.ret_id is not None:
            arrivals.setdefault(row.ret_id, row)
    for row in arrivals.values():
        assert row.ret is not None
        try:
            with transaction.atomic():
                returns.receive_return(ret=row.ret, actor=actor, at=_arrived_at(row))
            done.received += 1
        except DomainError as error:
            done.waiting.append(f"{row.order_external_id}: {error}")
    return done


def _arrived_at(row: AmazonReturn) -> dt.datetime:
    """When the parcel arrived. Amazon gives the day only: noon of it in the marketplace's
    zone, so the refund clock counts from the right day there."""
    text = row.cells["return delivery date"]
    arrived = parse_datetime(text)
    if ":" in text:
        return arrived
    order = (
        Order.objects.filter(channel__code="amazon", external_id=row.order_external_id)
        .select_related("marketplace")
        .first()
    )
    zone = ZoneInfo(order.marketplace.time_zone) if order and order.marketplace else dt.UTC
    return dt.datetime.combine(arrived.date(), dt.time(12, 0), tzinfo=zone).astimezone(dt.UTC)


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
    line = _line(row)
    if row.rma_id:
        known = Return.objects.filter(channel__code="amazon", rma=row.rma_id).first()
        if known is not None:
            # Another item under the same RMA: the same parcel.
            if not known.lines.filter(order_line=line).exists():
                returns.add_to_return(ret=known, units={line.pk: row.quantity}, actor=actor)
            return known
    made = returns.request_return(
        units={line.pk: row.quantity},
        reason=reason_of(row.reason),
        note=row.cells.get("return reason", ""),
        actor=actor,
        at=row.happened_at,
        source=ReturnSource.AMAZON_FBM,
        rma=row.rma_id,
    )
    if made.status == lifecycle.REQUESTED and _approved_by_amazon(row):
        # Amazon authorised it already (in its policy, or by the seller in Seller Central).
        made = returns.authorise_return(ret=made, actor=actor, at=row.happened_at)
    return made


def _approved_by_amazon(row: AmazonReturn) -> bool:
    status = row.status.lower()
    return any(word in status for word in ("approved", "authorized", "authorised", "closed"))


def _fba(row: AmazonReturn, actor: Actor) -> Return:
    line = _line(row)
    region = line.order.marketplace.region if line.order.marketplace else ""
    location = Location.objects.filter(kind=LocationKind.FBA, amazon_region=region).first()
    if location is None:
        raise DomainError(f"no FBA location for Amazon region {region or '(none)'}")
    # Connected to the SP-API, FBA stock is Amazon's own count, returns included: moving it
    # here as well would count a unit twice until the next count.
    counted_by_amazon = AmazonConnection.objects.filter(region=region).exists()
    disposition = row.disposition.upper()
    return returns.record_channel_return(
        units={line.pk: row.quantity},
        reason=reason_of(row.reason),
        condition=_CONDITIONS.get(disposition, "damaged"),
        location=None if counted_by_amazon else location,
        key=f"fba-{row.pk}",
        actor=actor,
        at=row.happened_at,
    )
