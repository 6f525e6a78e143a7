"""An exchange: the same pieces sent again, free, instead of a refund."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal

from django.db import transaction

from sellerdesk.core import clock
from sellerdesk.core.errors import DomainError
from sellerdesk.core.money import Money
from sellerdesk.inventory.services import Actor
from sellerdesk.orders import domain as order_rules
from sellerdesk.orders.models import Order
from sellerdesk.orders.services import record_order

from ..domain import lifecycle
from ..models import Return, ReturnLine
from .steps import note_step

REPLACEMENT_SUFFIX = "-R"


def exchange_return(
    *,
    ret: Return,
    actor: Actor,
    units: Mapping[int, int] | None = None,
    at: dt.datetime | None = None,
) -> Order:
    """A replacement order for the returned units (order line id -> units; all by default),
    at no charge, to the same buyer and address, in the To ship queue like any order."""
    at = at or clock.now()
    with transaction.atomic():
        ret = Return.objects.select_for_update().get(pk=ret.pk)
        if ret.replacement_id is not None:
            raise DomainError(f"Return {ret.pk} already has its replacement order.")
        if ret.refunds.exists():
            raise DomainError(f"Return {ret.pk} was refunded: an exchange replaces a refund.")
        if ret.status in (lifecycle.REQUESTED, lifecycle.REJECTED, lifecycle.CLOSED):
            raise DomainError(
                f"Return {ret.pk} is {lifecycle.LABELS[ret.status]}: only an authorised return "
                "is exchanged."
            )
        lines = list(
            ReturnLine.objects.filter(ret=ret).select_related(
                "order_line__order__marketplace", "order_line__order__buyer"
            )
        )
        wanted = units or {line.order_line_id: line.quantity for line in lines}
        returned = {line.order_line_id: line.quantity for line in lines}
        for line_id, quantity in wanted.items():
            if line_id not in returned or not 0 <= quantity <= returned[line_id]:
                raise DomainError(
                    f"An exchange sends again at most the units returned "
                    f"({returned.get(line_id, 0)} of line {line_id}), not {quantity}."
                )
        chosen = [
            (line, wanted[line.order_line_id]) for line in lines if wanted.get(line.order_line_id)
        ]
        if not chosen:
            raise DomainError("Choose at least one unit to send again.")
        first = chosen[0][0].order_line.order
        buyer = getattr(first, "buyer", None)
        replacement = record_order(
            data=order_rules.OrderData(
                channel=first.channel.code,
                marketplace=first.marketplace.code if first.marketplace else None,
                external_id=f"{first.external_id}{REPLACEMENT_SUFFIX}{ret.pk}",
                status=order_rules.UNSHIPPED,
                fulfillment=order_rules.SELLER,
                purchased_at=at,
                last_updated_at=at,
                currency=first.currency,
                lines=[
                    order_rules.LineData(
                        external_id=f"{line.order_line.external_id}{REPLACEMENT_SUFFIX}",
                        channel_sku=line.order_line.channel_sku,
                        quantity_ordered=quantity,
                        item_price=Money(Decimal(0), first.currency),
                        title=line.order_line.title,
                        personalisation=line.order_line.personalisation,
                    )
                    for line, quantity in chosen
                ],
                buyer=order_rules.BuyerData(
                    name=buyer.name,
                    ship_name=buyer.ship_name,
                    address_line1=buyer.address_line1,
                    address_line2=buyer.address_line2,
                    address_line3=buyer.address_line3,
                    city=buyer.city,
                    region=buyer.region,
                    postal_code=buyer.postal_code,
                    country_code=buyer.country_code,
                    ship_phone=buyer.ship_phone,
                )
                if buyer is not None and buyer.purged_at is None
                else None,
            ),
            actor=actor,
        ).order
        ret.replacement = replacement
        ret.save(update_fields=["replacement"])
        note_step(ret, at, actor, f"exchanged: replacement order {replacement.external_id}")
    return replacement
