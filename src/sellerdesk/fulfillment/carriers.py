"""Where a parcel's label comes from: the carrier interface and its own implementations.

Three sources give a parcel its label: the seller types the tracking number from a label she
made elsewhere (ManualCarrier); sellerdesk prints a 4x6 label with her tracking number
(PrintedLabelCarrier); or a channel sells her one (Amazon Buy Shipping, in channels/amazon,
which adds rates). The shipping services take any of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Protocol

from sellerdesk.core.errors import DomainError
from sellerdesk.orders.models import Order

from .documents.addresses import ship_to_lines
from .documents.labels import Label, labels_pdf
from .domain.tracking import CARRIERS, OTHER, InvalidTracking, label_tracking


@dataclass(frozen=True)
class Parcel:
    """The packed parcel, measured."""

    length: Decimal
    width: Decimal
    height: Decimal
    dimension_unit: str
    weight: Decimal
    weight_unit: str


@dataclass(frozen=True)
class Rate:
    """A service a label can be bought for, and its price."""

    service_id: str
    offer_id: str
    service_name: str
    carrier_name: str
    amount: Decimal
    currency: str
    delivery_by: str = ""


@dataclass(frozen=True)
class LabelRequest:
    """What a label is asked for with: typed details for the seller's own labels, or a
    parcel and a chosen rate for a bought one."""

    quantities: dict[int, int] = field(default_factory=dict)
    carrier: str = ""
    carrier_name: str = ""
    service: str = ""
    tracking_number: str = ""
    parcel: Parcel | None = None
    rate: Rate | None = None


@dataclass(frozen=True)
class IssuedLabel:
    carrier: str
    """One of tracking.CARRIERS, or the carrier's own name for another."""
    service: str
    tracking_number: str
    document: bytes = b""
    content_type: str = ""
    provider: str = ""
    reference: str = ""
    """The provider's id for the label, to cancel it by."""
    cost: Decimal = Decimal(0)
    currency: str = ""
    channel_has_tracking: bool = False
    """Bought through the channel, which therefore needs no confirmation from us."""


class LabelCarrier(Protocol):
    key: str
    name: str

    def issue(self, order: Order, request: LabelRequest, ship_from: list[str]) -> IssuedLabel:
        """A label for the parcel; raises DomainError with what is wrong."""
        ...

    def cancel(self, label: IssuedLabel, order: Order) -> None:
        """Void a label not used, where the source refunds it."""
        ...


class ManualCarrier:
    """The seller's own label from the carrier's site or counter: she types its details."""

    key, name = "manual", "Enter tracking"

    def issue(self, order: Order, request: LabelRequest, ship_from: list[str]) -> IssuedLabel:
        try:
            carrier, number = label_tracking(
                request.carrier, request.carrier_name, request.tracking_number
            )
        except InvalidTracking as error:
            raise DomainError(f"{error}.") from None
        return IssuedLabel(carrier=carrier, service=request.service, tracking_number=number)

    def cancel(self, label: IssuedLabel, order: Order) -> None:
        """Nothing to tell: the seller voids it where she bought it."""


class PrintedLabelCarrier(ManualCarrier):
    """A 4x6 label sellerdesk prints for the typed tracking number (PDF; ZPL from the batch)."""

    key, name = "printed", "Print a 4x6 label"

    def issue(self, order: Order, request: LabelRequest, ship_from: list[str]) -> IssuedLabel:
        typed = super().issue(order, request, ship_from)
        buyer = getattr(order, "buyer", None)
        label = Label(
            ship_from=ship_from,
            ship_to=ship_to_lines(buyer),
            carrier=typed.carrier,
            service=typed.service,
            tracking_number=typed.tracking_number,
            reference=order.external_id,
        )
        document = labels_pdf([label], title=f"Label {order.external_id}")
        return IssuedLabel(
            carrier=typed.carrier,
            service=typed.service,
            tracking_number=typed.tracking_number,
            document=document,
            content_type="application/pdf",
            provider=self.key,
        )


def known_carrier(name: str) -> tuple[str, str]:
    """(carrier, carrier_name) for a carrier as a provider names it: "UPS®" is UPS."""
    plain = "".join(char for char in name if char.isalnum() or char.isspace()).strip()
    for carrier in CARRIERS:
        if plain.upper() == carrier.upper() or plain.upper().startswith(carrier.upper() + " "):
            return carrier, ""
    return OTHER, plain
