"""Shipping with a label from any carrier source, and voiding a label not used."""

from __future__ import annotations

from django.db import transaction

from sellerdesk.core import clock
from sellerdesk.core.errors import DomainError
from sellerdesk.core.money import format_money
from sellerdesk.inventory.services import Actor
from sellerdesk.orders.models import ConfirmationState, Order, OrderEventKind, Shipment
from sellerdesk.orders.services import add_order_events, mark_shipments_sent

from ..carriers import IssuedLabel, LabelCarrier, LabelRequest, known_carrier
from ..models import ShippingLabel
from ..selectors import shop_profile
from .shipping import Package, check_shippable, ship_packages


def ship_with_label(
    *, order: Order, carrier: LabelCarrier, request: LabelRequest, actor: Actor
) -> Shipment:
    """Get the parcel's label from `carrier`, then ship the parcel with its tracking number.

    Whether the order may ship these units (status, quantities, the scan rule) is checked
    before a label is bought. A bought label is recorded as soon as it is bought, then the
    shipment, the label's link to it and, where the channel sold the label, its confirmation
    are written together. If shipping fails, the label is cancelled with its provider, or
    left on the order marked for the seller to void.
    """
    check_shippable(order, [Package(carrier="", tracking_number="", quantities=request.quantities)])
    shop = shop_profile()
    issued = carrier.issue(order, request, [shop.shop_name, *shop.address_lines] if shop else [])
    label = _keep(order, carrier, issued)
    name, other = known_carrier(issued.carrier)
    package = Package(
        carrier=name,
        carrier_name=other,
        tracking_number=issued.tracking_number,
        quantities=request.quantities,
        service=issued.service,
        issued=bool(issued.reference),
    )
    try:
        with transaction.atomic():
            (shipment,) = ship_packages(order=order, packages=[package], actor=actor)
            ShippingLabel.objects.filter(pk=label.pk).update(shipment=shipment)
            cost = f", {format_money(issued.cost, issued.currency)}" if issued.currency else ""
            add_order_events(
                orders=[order],
                at=clock.now(),
                kind=OrderEventKind.LABEL,
                message=f"Label {'bought' if issued.reference else 'made'} ({label.provider}): "
                f"{shipment.carrier} {issued.tracking_number}{cost}",
                actor=actor.name,
            )
            if issued.channel_has_tracking:
                mark_shipments_sent(
                    shipment_ids=[shipment.pk],
                    state=ConfirmationState.CONFIRMED,
                    reference=f"label:{label.provider}",
                    at=clock.now(),
                    actor=actor.name,
                )
    except Exception as error:
        if issued.reference:
            given_back = _give_back(label, carrier, issued, order)
            if isinstance(error, DomainError):
                raise DomainError(f"{error.message} {given_back}") from error
        raise
    return shipment


def _keep(order: Order, carrier: LabelCarrier, issued: IssuedLabel) -> ShippingLabel:
    # Its own transaction: a label paid for is on record whatever happens next.
    return ShippingLabel.objects.create(
        order=order,
        provider=issued.provider or carrier.key,
        reference=issued.reference,
        tracking_number=issued.tracking_number,
        content_type=issued.content_type,
        document=issued.document,
        cost=issued.cost,
        currency=issued.currency,
        created_at=clock.now(),
    )


def _give_back(
    label: ShippingLabel, carrier: LabelCarrier, issued: IssuedLabel, order: Order
) -> str:
    """Cancel a bought label the parcel did not ship with; returns what the seller is told."""
    try:
        carrier.cancel(issued, order)
    except Exception as error:  # the shipping error matters more; this one goes on the label
        ShippingLabel.objects.filter(pk=label.pk).update(
            problem=f"Not used, and not cancelled: {error}"[:300]
        )
        return "The label bought could not be cancelled: void it on this order's page."
    ShippingLabel.objects.filter(pk=label.pk).update(voided_at=clock.now())
    return "The label bought for it was cancelled."


def void_label(*, label: ShippingLabel, carrier: LabelCarrier, actor: Actor) -> ShippingLabel:
    """Cancel a label with its provider; the parcel then needs a new one."""
    if ShippingLabel.objects.filter(pk=label.pk, voided_at__isnull=False).exists():
        raise DomainError("This label is already voided.")
    # The provider first, outside any transaction; then the record, once only (a double
    # click's second request finds it voided and changes nothing).
    carrier.cancel(
        IssuedLabel(
            carrier="", service="", tracking_number=label.tracking_number, reference=label.reference
        ),
        label.order,
    )
    now = clock.now()
    with transaction.atomic():
        if not ShippingLabel.objects.filter(pk=label.pk, voided_at__isnull=True).update(
            voided_at=now, problem=""
        ):
            raise DomainError("This label is already voided.")
        add_order_events(
            orders=[label.order],
            at=now,
            kind=OrderEventKind.LABEL,
            message=f"Label {label.tracking_number} voided; give the parcel a new label",
            actor=actor.name,
        )
    label.refresh_from_db()
    return label
