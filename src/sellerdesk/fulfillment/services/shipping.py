"""Shipping an order in one or more packages, each with a checked tracking number."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import transaction

from sellerdesk.core import clock
from sellerdesk.core.errors import DomainError
from sellerdesk.inventory.services import Actor
from sellerdesk.orders.models import Order, Shipment
from sellerdesk.orders.services import replace_tracking, ship_order

from ..domain import packing
from ..domain.tracking import OTHER, InvalidTracking, check_tracking, tracking_url
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
        wanted = _units(order, packages)
        if packing_settings().require_scan:
            missing = packing.unscanned(pack_lines(order), wanted)
            if missing:
                raise DomainError(
                    "Scan every unit on the pack screen first (Settings asks for a full scan): "
                    + ", ".join(missing)
                    + "."
                )
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
    return replace_tracking(
        shipment=shipment,
        carrier=carrier,
        ship_method=label.service,
        tracking_number=number,
        tracking_link=tracking_url(carrier, number),
        actor=actor.name,
        at=at or clock.now(),
    )


def _checked(package: Package, where: str) -> tuple[str, str]:
    """(carrier as stored, tracking number as carriers print it), or DomainError."""
    if package.carrier == OTHER and not package.carrier_name.strip():
        raise DomainError(f"{where}name the carrier (for example Evri or Canada Post).")
    try:
        tracking = check_tracking(package.tracking_number, package.carrier)
    except InvalidTracking as error:
        raise DomainError(f"{where}{error}.") from None
    carrier = package.carrier_name.strip() if package.carrier == OTHER else package.carrier
    return carrier, tracking.number
