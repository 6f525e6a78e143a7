"""Confirming shipments to Amazon through an outbox by state, each exactly once.

A shipment is marked submitted (and committed) before Amazon is called. If the worker dies
after Amazon accepted it, the shipment stays submitted; later runs ask Amazon about the
order before sending again, so it is never confirmed twice.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from sellerdesk.channels.models import Marketplace
from sellerdesk.inventory.services import Actor
from sellerdesk.orders import domain
from sellerdesk.orders.models import ConfirmationState, Shipment
from sellerdesk.orders.services import record_order, settle_shipment

from ..api_orders import order_from_api
from ..exports.carriers import carrier_code
from ..selectors import amazon_storefronts
from ..spapi import SpApiClient, SpApiError
from ..spapi import operations as api
from .errors import StepErrors

STALE_SUBMISSION = dt.timedelta(minutes=15)


def confirm_shipments(
    client: SpApiClient, market: Marketplace, *, actor: Actor, now: dt.datetime
) -> dict[str, int]:
    confirmed = failed = 0
    problems: list[str] = []
    fresh, stale = _claim(market, now)
    for shipment_id in sorted(fresh | stale):
        shipment = _load(shipment_id)
        try:
            # Submitted by an earlier run that never finished: Amazon may have it already.
            if shipment_id in stale and _amazon_has_it(client, shipment):
                _settle(shipment, ConfirmationState.CONFIRMED, now, "", actor)
                confirmed += 1
                continue
            _learn_item_ids(client, shipment, actor)
            shipment = _load(shipment_id)
            api.confirm_shipment(
                client,
                shipment.order.external_id,
                marketplace_id=market.external_id,
                package=_package(shipment),
            )
        except SpApiError as error:
            if (
                error.status == 0 and error.errors[0].get("code") == "Unreachable"
            ) or error.status >= 500:
                # Amazon may or may not have it: stay submitted; a later run asks first.
                problems.append(f"{shipment.order.external_id}: {error} (will check and retry)")
                continue
            _settle(shipment, ConfirmationState.FAILED, now, str(error), actor)
            problems.append(f"{shipment.order.external_id}: {error}")
            failed += 1
        else:
            _settle(shipment, ConfirmationState.CONFIRMED, now, "", actor)
            confirmed += 1
    counts = {"shipments_confirmed": confirmed, "shipments_failed": failed}
    if problems:
        raise StepErrors(problems, counts)
    return counts


def _load(shipment_id: int) -> Shipment:
    return (
        Shipment.objects.select_related("order")
        .prefetch_related("lines__order_line")
        .get(pk=shipment_id)
    )


def _claim(market: Marketplace, now: dt.datetime) -> tuple[set[int], set[int]]:
    """Mark the shipments to send as submitted, in their own transaction; returns them and
    those left submitted by an earlier run that never finished."""
    with transaction.atomic():
        due = (
            Shipment.objects.select_for_update(skip_locked=True)
            .filter(
                order__marketplace=market,
                order__fulfillment=domain.SELLER,
                order__channel__code="amazon",
            )
            .filter(channel_state__literal_in=[ConfirmationState.PENDING, ConfirmationState.FAILED])
            .order_by("pk")
        )
        fresh = list(due.values_list("pk", flat=True))
        Shipment.objects.filter(pk__in=fresh).update(
            channel_state=ConfirmationState.SUBMITTED,
            channel_reference="api",
            channel_updated_at=now,
        )
        stale = set(
            Shipment.objects.select_for_update(skip_locked=True)
            .filter(
                order__marketplace=market,
                channel_state=ConfirmationState.SUBMITTED,
                channel_updated_at__lt=now - STALE_SUBMISSION,
            )
            .values_list("pk", flat=True)
        )
        # Taken by this run now: another worker leaves them alone for a while.
        Shipment.objects.filter(pk__in=stale).update(channel_updated_at=now)
    return set(fresh), stale


def _amazon_has_it(client: SpApiClient, shipment: Shipment) -> bool:
    """Whether Amazon lists this package: by our reference, or by its tracking number.

    The order's status is not enough: a partly shipped order may have other packages.
    """
    order = api.get_order(client, shipment.order.external_id, included_data=["PACKAGES"])
    tracking = shipment.tracking_number
    for package in order.get("packages") or []:
        theirs = package.get("trackingNumber")
        if tracking and theirs == tracking:
            return True
        # Our reference with another tracking number is the label this one replaced.
        if package.get("packageReferenceId") == str(shipment.pk) and not (tracking and theirs):
            return True
    return False


def _learn_item_ids(client: SpApiClient, shipment: Shipment, actor: Actor) -> None:
    """Lines known only by SKU (from an All Orders report) get Amazon's item ids, which a
    confirmation must name, from the order itself."""
    if not any(domain.is_sku_line_id(line.order_line.external_id) for line in shipment.lines.all()):
        return
    raw = api.get_order(client, shipment.order.external_id)
    data = order_from_api(raw, marketplaces=amazon_storefronts())
    if not isinstance(data, str):
        record_order(data=data, actor=actor)  # older data still completes the line ids


def _package(shipment: Shipment) -> api.Package:
    code, name = carrier_code(shipment.carrier)
    items = [(line.order_line.external_id, line.quantity) for line in shipment.lines.all()]
    unknown = [line_id for line_id, _ in items if domain.is_sku_line_id(line_id)]
    if unknown:
        # Never a package without its items: Amazon would take it for the whole order.
        raise SpApiError(
            "confirmShipment",
            0,
            [
                {
                    "code": "NoItemId",
                    "message": f"Amazon's order has no item for {', '.join(unknown)}: "
                    "check the SKU on Amazon, or confirm this shipment in Seller Central",
                }
            ],
        )
    return api.Package(
        reference=str(shipment.pk),
        carrier_code=code,
        carrier_name=name or shipment.carrier,
        shipping_method=shipment.ship_method,
        tracking_number=shipment.tracking_number,
        ship_date=shipment.shipped_at,
        items=items,
    )


def _settle(shipment: Shipment, state: str, now: dt.datetime, error: str, actor: Actor) -> None:
    settle_shipment(shipment_id=shipment.pk, state=state, at=now, error=error, actor=actor.name)
