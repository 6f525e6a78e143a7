"""The package and unit metrics: Valid Tracking Rate and On-Time Delivery Rate.

Both count packages recorded here (shipped through sellerdesk); an order shipped elsewhere,
in Seller Central say, has no package here and is left out, and the page says how many.
Their rules need the tracking number's carrier, so rows are judged in Python: a 30-day window
of a small shop's packages is a few thousand rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import OuterRef, QuerySet, Subquery, Sum

from sellerdesk.fulfillment.domain.tracking import CARRIERS
from sellerdesk.orders.models import OrderStatus, Shipment, ShipmentLine

from ..domain.counting import delivered_on_time, tracking_valid
from ..domain.rates import Window
from .counts import Scope

UNCATEGORISED = "Uncategorised"


@dataclass(frozen=True)
class TrackedPackage:
    shipment_id: int
    order_id: int
    order: str
    category: str
    carrier: str
    tracking_number: str
    valid: bool
    why: str
    marketplace_id: int | None = None
    fulfillment: str = ""
    deliver_by: dt.datetime | None = None


@dataclass(frozen=True)
class TrackingCounts:
    packages: list[TrackedPackage]

    @property
    def valid(self) -> int:
        return sum(1 for package in self.packages if package.valid)


def _category() -> Subquery:
    """The category of the package's first order line. By order line, not by shipment line:
    the (shipment, order line) unique index then finds it at once, where ordering by the
    shipment line's id lets PostgreSQL walk that table's primary key for every package."""
    first_line = (
        ShipmentLine.objects.filter(shipment=OuterRef("pk"))
        .order_by("order_line")
        .values("order_line__sku__product__category")[:1]
    )
    return Subquery(first_line)


def valid_tracking(scope: Scope, window: Window) -> TrackingCounts:
    """Packages told to the channel whose promised delivery falls in the window (section 2.3)."""
    start, end = window.bounds()
    packages = list(
        tracked_packages(
            Shipment.objects.filter(
                order__in=scope.orders(),
                order__latest_delivery_at__gte=start,
                order__latest_delivery_at__lt=end,
            )
        )
    )
    return TrackingCounts(packages)


def tracked_packages(shipments: QuerySet[Shipment]) -> Iterator[TrackedPackage]:
    """The shipments told to the channel, each judged valid or not, by promised delivery."""
    rows = (
        shipments.filter(first_told_at__isnull=False)
        .annotate(category=_category())
        .order_by("order__latest_delivery_at", "pk")
        .values_list(
            "pk",
            "order_id",
            "order__external_id",
            "category",
            "carrier",
            "tracking_number",
            "first_scan_at",
            "order__delivered_at",
            "order__status",
            "order__marketplace_id",
            "order__fulfillment",
            "order__latest_delivery_at",
        )
    )
    for row in rows.iterator(chunk_size=2000):
        pk, order_id, order, category, carrier, number, scan, delivered, status = row[:9]
        # A delivered package was scanned, whether or not its scans reached sellerdesk.
        scanned = scan is not None or delivered is not None or status == OrderStatus.DELIVERED
        integrated = carrier in CARRIERS
        valid = tracking_valid(
            tracking_number=number, integrated_carrier=integrated, scanned=scanned
        )
        why = (
            ""
            if valid
            else "no tracking number"
            if not number.strip()
            else f"{carrier or 'no carrier'} is not a carrier Amazon tracks"
            if not integrated
            else "no carrier scan yet"
        )
        yield TrackedPackage(
            pk, order_id, order, category or UNCATEGORISED, carrier, number, valid, why, *row[9:]
        )


@dataclass(frozen=True)
class DeliveredPackage:
    order_id: int
    order: str
    units: int
    on_time: bool
    delivered_at: dt.datetime
    why: str = ""
    marketplace_id: int | None = None
    fulfillment: str = ""


def on_time_delivery(scope: Scope, window: Window) -> list[DeliveredPackage]:
    """Tracked units delivered in the window, each package judged on time or not (section 2.4)."""
    start, end = window.bounds()
    shipments = Shipment.objects.filter(
        order__in=scope.orders(), order__delivered_at__gte=start, order__delivered_at__lt=end
    )
    return list(delivered_packages(shipments))


def delivered_packages(shipments: QuerySet[Shipment]) -> Iterator[DeliveredPackage]:
    """The tracked packages delivered against a promise, by delivery time."""
    units = (
        ShipmentLine.objects.filter(shipment=OuterRef("pk"))
        .order_by()
        .values("shipment")
        .annotate(total=Sum("quantity"))
        .values("total")
    )
    rows = (
        shipments.filter(order__delivered_at__isnull=False, order__latest_delivery_at__isnull=False)
        .exclude(tracking_number="")
        .annotate(units=Subquery(units))
        .order_by("order__delivered_at", "pk")
        .values_list(
            "order_id",
            "order__external_id",
            "units",
            "order__latest_delivery_at",
            "order__delivered_at",
            "first_told_at",
            "order__marketplace_id",
            "order__fulfillment",
        )
    )
    for order_id, order, units, deliver_by, delivered, told, market, fulfil in rows.iterator(
        chunk_size=2000
    ):
        assert deliver_by is not None
        assert delivered is not None
        yield DeliveredPackage(
            order_id,
            order,
            units or 0,
            delivered_on_time(deliver_by=deliver_by, delivered_at=delivered, tracking_sent_at=told),
            delivered,
            _late_why(deliver_by, delivered, told),
            market,
            fulfil,
        )


def _late_why(deliver_by: dt.datetime, delivered: dt.datetime, told: dt.datetime | None) -> str:
    if told is None:
        return "the channel was never told its tracking"
    if told > delivered:
        return f"tracking reached the channel after delivery ({told:%d %b %H:%M} UTC)"
    if delivered > deliver_by:
        return f"delivered {delivered:%d %b %H:%M}, promised by {deliver_by:%d %b %H:%M} UTC"
    return ""
