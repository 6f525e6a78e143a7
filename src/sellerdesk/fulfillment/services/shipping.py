"""Shipping an order in one or more packages, each with a checked tracking number."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import transaction

from sellerdesk.core import clock
from sellerdesk.core.errors import DomainError
from sellerdesk.inventory.services import Actor, lock_levels
from sellerdesk.orders import domain as order_rules
from sellerdesk.orders.models import Order, Shipment
from sellerdesk.orders.services import replace_tracking, ship_order

from ..domain import packing
from ..domain.tracking import InvalidTracking, label_tracking, tracking_url
from ..models import ShippingLabel
from ..selectors.packing import pack_lines, packing_settings
from .packing import consume_scans


@dataclass(frozen=True)
class Package:
    """One parcel: who carries it, its tracking number and what is in it."""

    carrier: str
    """One of tracking.CARRIERS, or OTHER with `carrier_name` saying which."""
    tracking_number: str
    quantities: dict[int, int] = field(default_factory=dict)
    """Order line id -> units in this parcel; empty puts every open unit in it."""
    service: str = ""
    carrier_name: str = ""
    issued: bool = False
    """The number came from the carrier or a label bought through the channel: kept as it
    is, since a valid number of a form we do not know must not be refused after paying."""


def ship_packages(
    *, order: Order, packages: Sequence[Package], actor: Actor, at: dt.datetime | None = None
) -> list[Shipment]:
    """Ship the order's units in these packages, all or none.

    Every tracking number is checked by its carrier's form and check digit before anything
    is written; a refused one raises DomainError naming the package and what is wrong.
    Each package becomes a shipment waiting for the channel to be told.
    """
    if not packages:
        raise DomainError("Add at least one package.")
    checked = []
    for place, package in enumerate(packages, start=1):
        where = f"Package {place}: " if len(packages) > 1 else ""
        checked.append((package, *_checked(package, where)))
    with transaction.atomic():
        # The order, then its SKUs' stock, in key order: parcel by parcel below, stock is
        # changed in an order a concurrent shipment might lock the other way round.
        order = Order.objects.select_for_update().get(pk=order.pk)
        lines = list(order.lines.all())
        lock_levels(sorted({line.sku_id for line in lines if line.sku_id is not None}))
        wanted = check_shippable(order, packages)
        shipments = []
        for package, carrier, number in checked:
            ship_order(
                order=order,
                actor=actor,
                quantities=package.quantities or None,
                at=at,
                carrier=carrier,
                ship_method=package.service,
                tracking_number=number,
                tracking_link=tracking_url(carrier, number),
            )
            shipments.append(Shipment.objects.filter(order=order).latest("pk"))
        consume_scans(quantities=wanted)
    return shipments


def check_shippable(order: Order, packages: Sequence[Package]) -> dict[int, int]:
    """The units the packages hold, line by line, once sure the order may ship them:
    DomainError otherwise. Run before buying a label, so a refusal costs nothing."""
    if not order_rules.can_ship(status=order.status, fulfillment=order.fulfillment):
        raise DomainError(
            f"Order {order.external_id} is {order.get_status_display().lower()}: only unshipped "
            "orders you fulfil yourself can be shipped."
        )
    wanted = _units(order, packages)
    lines = {line.pk: line for line in order.lines.all()}
    for line_id, quantity in wanted.items():
        line = lines.get(line_id)
        if line is None:
            raise DomainError(f"Line {line_id} is not on order {order.external_id}.")
        if quantity > line.quantity_open:
            raise DomainError(
                f"{line.channel_sku}: {line.quantity_open} open, cannot ship {quantity}."
            )
        if quantity and line.sku_id is None:
            raise DomainError(
                f"SKU {line.channel_sku} is not in the catalogue; map it before shipping."
            )
    if packing_settings().require_scan:
        missing = packing.unscanned(pack_lines(order), wanted)
        if missing:
            raise DomainError(
                "Scan every unit on the pack screen first (Settings asks for a full scan): "
                + ", ".join(missing)
                + "."
            )
    return wanted


def _units(order: Order, packages: Sequence[Package]) -> dict[int, int]:
    """Line id -> units the packages hold together (an empty package holds all open)."""
    units: dict[int, int] = {}
    for package in packages:
        quantities = package.quantities or {
            line.pk: line.quantity_open for line in order.lines.all() if line.quantity_open
        }
        for line_id, quantity in quantities.items():
            units[line_id] = units.get(line_id, 0) + quantity
    return units


def relabel_shipment(
    *, shipment: Shipment, label: Package, actor: Actor, at: dt.datetime | None = None
) -> Shipment:
    """Replace a shipped package's voided label: a new carrier, service and tracking number
    (checked as when shipping), sent to the channel again. What is in it does not change."""
    carrier, number = _checked(label, "")
    in_use = ShippingLabel.objects.filter(shipment=shipment, voided_at__isnull=True)
    if in_use.exclude(reference="").exists():
        raise DomainError(
            "This parcel's label was bought through the channel: void it first (Void label in "
            "the shipments table), then give the parcel its new label."
        )
    at = at or clock.now()
    with transaction.atomic():
        relabelled = replace_tracking(
            shipment=shipment,
            carrier=carrier,
            ship_method=label.service,
            tracking_number=number,
            tracking_link=tracking_url(carrier, number),
            actor=actor.name,
            at=at,
        )
        # A label kept for the old number (printed here) must not be printed again.
        in_use.update(voided_at=at)
    return relabelled


def _checked(package: Package, where: str) -> tuple[str, str]:
    """(carrier as stored, tracking number as carriers print it), or DomainError."""
    try:
        return label_tracking(
            package.carrier, package.carrier_name, package.tracking_number, issued=package.issued
        )
    except InvalidTracking as error:
        raise DomainError(f"{where}{error}.") from None
