"""Amazon Buy Shipping through the Merchant Fulfillment API (v0): rates, labels, cancelling.

A label bought here is for an Amazon order; Amazon takes its tracking number itself.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import gzip
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Protocol

from .client import SpApiClient
from .errors import SpApiError

DROP_OFF = "ShipperWillDropOff"


@dataclass(frozen=True, slots=True)
class Address:
    name: str
    line1: str
    city: str
    postal_code: str
    country_code: str
    email: str
    phone: str
    line2: str = ""
    region: str = ""

    def as_amazon(self) -> dict[str, str]:
        fields = {
            "Name": self.name,
            "AddressLine1": self.line1,
            "AddressLine2": self.line2,
            "Email": self.email,
            "City": self.city,
            "StateOrProvinceCode": self.region,
            "PostalCode": self.postal_code,
            "CountryCode": self.country_code,
            "Phone": self.phone,
        }
        return {key: value for key, value in fields.items() if value}


class Parcel(Protocol):
    """The packed parcel, as the carrier will measure it (fulfillment.carriers.Parcel is one)."""

    @property
    def length(self) -> Decimal: ...
    @property
    def width(self) -> Decimal: ...
    @property
    def height(self) -> Decimal: ...
    @property
    def dimension_unit(self) -> str:
        """ "inches" or "centimeters"."""
        ...

    @property
    def weight(self) -> Decimal: ...
    @property
    def weight_unit(self) -> str:
        """ "oz" or "g"."""
        ...


@dataclass(frozen=True, slots=True)
class ShipmentRequest:
    order_id: str
    items: Sequence[tuple[str, int]]
    """(order item id, quantity) pairs."""
    ship_from: Address
    parcel: Parcel
    delivery_experience: str = "DeliveryConfirmationWithoutSignature"
    label_format: str = ""
    """Ask for PDF or ZPL203; empty takes the service's default."""

    def as_amazon(self) -> dict[str, Any]:
        options: dict[str, Any] = {
            "DeliveryExperience": self.delivery_experience,
            "CarrierWillPickUp": False,
            "CarrierWillPickUpOption": DROP_OFF,
        }
        if self.label_format:
            options["LabelFormat"] = self.label_format
        return {
            "AmazonOrderId": self.order_id,
            "ItemList": [
                {"OrderItemId": item, "Quantity": quantity} for item, quantity in self.items
            ],
            "ShipFromAddress": self.ship_from.as_amazon(),
            # JSON numbers: measurements, never money, so a float is exact enough here.
            "PackageDimensions": {
                "Length": float(self.parcel.length),
                "Width": float(self.parcel.width),
                "Height": float(self.parcel.height),
                "Unit": self.parcel.dimension_unit,
            },
            "Weight": {"Value": float(self.parcel.weight), "Unit": self.parcel.weight_unit},
            "ShippingServiceOptions": options,
        }


@dataclass(frozen=True, slots=True)
class ShippingService:
    service_id: str
    offer_id: str
    service_name: str
    carrier_name: str
    amount: Decimal
    currency: str
    ship_date: dt.datetime | None
    earliest_delivery: dt.datetime | None
    latest_delivery: dt.datetime | None
    label_formats: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class BoughtLabel:
    shipment_id: str
    tracking_number: str
    service: ShippingService
    label_format: str
    file_type: str
    contents: str
    """As Amazon sends it: base64 of the gzipped file; `document()` unpacks it."""

    def document(self) -> bytes:
        try:
            return gzip.decompress(base64.b64decode(self.contents, validate=False))
        except (binascii.Error, OSError, EOFError, zlib.error) as error:
            raise SpApiError(
                "createShipment",
                200,
                [{"code": "BadLabel", "message": f"label unreadable: {error}"}],
            ) from None


def _money(value: dict[str, Any] | None) -> tuple[Decimal, str]:
    value = value or {}
    return Decimal(str(value.get("Amount", 0))), str(value.get("CurrencyCode", ""))


def _time(value: object) -> dt.datetime | None:
    if not isinstance(value, str) or not value:
        return None
    return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))


def _service(raw: dict[str, Any]) -> ShippingService:
    # What the seller pays: the rate after Amazon's adjustments, where it gives one.
    amount, currency = _money(raw.get("RateWithAdjustments") or raw.get("Rate"))
    return ShippingService(
        service_id=str(raw.get("ShippingServiceId", "")),
        offer_id=str(raw.get("ShippingServiceOfferId", "")),
        service_name=str(raw.get("ShippingServiceName", "")),
        carrier_name=str(raw.get("CarrierName", "")),
        amount=amount,
        currency=currency,
        ship_date=_time(raw.get("ShipDate")),
        earliest_delivery=_time(raw.get("EarliestEstimatedDeliveryDate")),
        latest_delivery=_time(raw.get("LatestEstimatedDeliveryDate")),
        label_formats=tuple(raw.get("AvailableLabelFormats") or ()),
    )


def get_eligible_shipment_services(
    client: SpApiClient, request: ShipmentRequest
) -> list[ShippingService]:
    """The services that can carry this parcel, with their rates, cheapest first."""
    body = client.call(
        "getEligibleShipmentServices",
        "POST",
        "/mfn/v0/eligibleShippingServices",
        json={"ShipmentRequestDetails": request.as_amazon()},
    )
    services = [
        _service(raw) for raw in ((body or {}).get("payload") or {}).get("ShippingServiceList", [])
    ]
    return sorted(services, key=lambda service: (service.amount, service.service_name))


def create_shipment(
    client: SpApiClient, request: ShipmentRequest, *, service_id: str, offer_id: str
) -> BoughtLabel:
    """Buy the label. Not retried after an unknown outcome: a second call buys a second one."""
    body = client.call(
        "createShipment",
        "POST",
        "/mfn/v0/shipments",
        json={
            "ShipmentRequestDetails": request.as_amazon(),
            "ShippingServiceId": service_id,
            "ShippingServiceOfferId": offer_id,
        },
        idempotent=False,
    )
    payload = (body or {}).get("payload") or {}
    label = payload.get("Label") or {}
    contents = label.get("FileContents") or {}
    return BoughtLabel(
        shipment_id=str(payload.get("ShipmentId", "")),
        tracking_number=str(payload.get("TrackingId", "")),
        service=_service(payload.get("ShippingService") or {}),
        label_format=str(label.get("LabelFormat", "")),
        file_type=str(contents.get("FileType", "")),
        contents=str(contents.get("Contents", "")),
    )


def cancel_shipment(client: SpApiClient, shipment_id: str) -> str:
    """Void a bought label (unused: Amazon refunds it); returns the shipment's new status."""
    body = client.call("cancelShipment", "DELETE", f"/mfn/v0/shipments/{shipment_id}")
    return str(((body or {}).get("payload") or {}).get("Status", ""))
