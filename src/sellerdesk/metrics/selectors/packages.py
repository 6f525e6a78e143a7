"""The package and unit metrics: Valid Tracking Rate and On-Time Delivery Rate.

Both count packages recorded here (shipped through sellerdesk); an order shipped elsewhere,
in Seller Central say, has no package here and is left out, and the page says how many.
Their rules need the tracking number's carrier, so rows are judged in Python: a 30-day window
of a small shop's packages is a few thousand rows.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import OuterRef, Subquery, Sum

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


@dataclass(frozen=True)
class TrackingCounts:
    packages: list[TrackedPackage]
    by_category: dict[str, tuple[int, int]] = field(default_factory=dict)
    """Category: (valid packages, packages)."""

    @property
    def valid(self) -> int:
        return sum(1 for package in self.packages if package.valid)


def _category() -> Subquery:
    first_line = (
        ShipmentLine.objects.filter(shipment=OuterRef("pk"))
        .order_by("pk")
        .values("order_line__sku__product__category")[:1]
    )
    return Subquery(first_line)


def valid_tracking(scope: Scope, window: Window) -> TrackingCounts:
    """Packages told to the channel whose promised delivery falls in the window (section 2.3)."""
    start, end = window.bounds()
    rows = (
        Shipment.objects.filter(
            order__in=scope.orders(),
            order__latest_delivery_at__gte=start,
            order__latest_delivery_at__lt=end,
            first_told_at__isnull=False,
        )
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
        )
    )
    packages = []
    for pk, order_id, order, category, carrier, number, scan, delivered, status in rows:
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
        packages.append(
            TrackedPackage(
                pk, order_id, order, category or UNCATEGORISED, carrier, number, valid, why
            )
        )
    totals: Counter[str] = Counter(p.category for p in packages)
    valid_by: Counter[str] = Counter(p.category for p in packages if p.valid)
    by_category = {name: (valid_by[name], totals[name]) for name in sorted(totals)}
    return TrackingCounts(packages, by_category)


@dataclass(frozen=True)
class DeliveredPackage:
    order_id: int
    order: str
    units: int
    on_time: bool
    delivered_at: dt.datetime
    why: str = ""


def on_time_delivery(scope: Scope, window: Window) -> list[DeliveredPackage]:
    """Tracked units delivered in the window, each package judged on time or not (section 2.4)."""
    start, end = window.bounds()
    units = (
        ShipmentLine.objects.filter(shipment=OuterRef("pk"))
        .order_by()
        .values("shipment")
        .annotate(total=Sum("quantity"))
        .values("total")
    )
    rows = (
        Shipment.objects.filter(
            order__in=scope.orders(),
            order__delivered_at__gte=start,
            order__delivered_at__lt=end,
            order__latest_delivery_at__isnull=False,
        )
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
        )
    )
    return [
        DeliveredPackage(
            order_id,
            order,
            units or 0,
            delivered_on_time(deliver_by=deliver_by, delivered_at=delivered, tracking_sent_at=told),
            delivered,
            _late_why(deliver_by, delivered, told),
        )
        for order_id, order, units, deliver_by, delivered, told in rows
    ]


def _late_why(deliver_by: dt.datetime, delivered: dt.datetime, told: dt.datetime | None) -> str:
    if told is None:
        return "the channel was never told its tracking"
    if told > delivered:
        return f"tracking reached the channel after delivery ({told:%d %b %H:%M} UTC)"
    if delivered > deliver_by:
        return f"delivered {delivered:%d %b %H:%M}, promised by {deliver_by:%d %b %H:%M} UTC"
    return ""
