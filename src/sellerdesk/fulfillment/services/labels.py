"""Shipping with a label from any carrier source, and voiding a label not used."""

from __future__ import annotations

from django.db import transaction

from sellerdesk.core import clock
from sellerdesk.core.errors import DomainError
from sellerdesk.inventory.services import Actor
from sellerdesk.orders.models import Order, Shipment
from sellerdesk.orders.services import add_order_events, mark_shipments_sent

from ..carriers import IssuedLabel, LabelCarrier, LabelRequest, known_carrier
from ..models import ShippingLabel
from ..selectors import shop_profile
from .shipping import Package, ship_packages


def ship_with_label(
    *, order: Order, carrier: LabelCarrier, request: LabelRequest, actor: Actor
) -> Shipment:
    """Get the parcel's label from `carrier`, then ship the parcel with its tracking number.

    A bought label is paid for even if shipping then fails here, so it is recorded first
    and, on failure, voided again with the provider.
    """
    shop = shop_profile()
    ship_from = [shop.shop_name, *shop.address_lines] if shop else []
    issued = carrier.issue(order, request, ship_from)
    name, other = known_carrier(issued.carrier)
    try:
        (shipment,) = ship_packages(
            order=order,
            packages=[
                Package(
                    carrier=name,
                    carrier_name=other,
                    tracking_number=issued.tracking_number,
                    quantities=request.quantities,
                    service=issued.service,
                )
            ],
            actor=actor,
        )
    except DomainError:
        if issued.reference:
            carrier.cancel(issued, order)
        raise
    with transaction.atomic():
        now = clock.now()
        ShippingLabel.objects.create(
            shipment=shipment,
            provider=issued.provider or carrier.key,
            reference=issued.reference,
            tracking_number=issued.tracking_number,
            content_type=issued.content_type,
            document=issued.document,
            cost=issued.cost,
            currency=issued.currency,
            created_at=now,
        )
        if issued.channel_has_tracking:
            mark_shipments_sent(
                shipment_ids=[shipment.pk],
                state="confirmed",
                reference=f"label:{issued.provider}",
                at=now,
                actor=actor.name,
            )
    return shipment


def void_label(*, label: ShippingLabel, carrier: LabelCarrier, actor: Actor) -> ShippingLabel:
    """Cancel an unused bought label with its provider; the parcel then needs a new one."""
    if label.voided_at is not None:
        raise DomainError("This label is already voided.")
    carrier.cancel(
        IssuedLabel(
            carrier="", service="", tracking_number=label.tracking_number, reference=label.reference
        ),
        label.shipment.order,
    )
    with transaction.atomic():
        label.voided_at = clock.now()
        label.save(update_fields=["voided_at"])
        add_order_events(
            orders=[label.shipment.order],
            at=label.voided_at,
            kind="label",
            message=f"Label {label.tracking_number} voided; give the parcel a new label",
            actor=actor.name,
        )
    return label
