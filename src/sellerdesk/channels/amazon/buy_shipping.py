"""Amazon Buy Shipping as a label carrier: rates for a parcel, a label bought, one voided.

A label bought this way is for an Amazon order and Amazon keeps its tracking number itself,
so its shipment needs no confirmation from the outbox.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import httpx

from sellerdesk.core import clock
from sellerdesk.core.errors import DomainError
from sellerdesk.fulfillment.carriers import IssuedLabel, LabelRequest, Parcel, Rate
from sellerdesk.fulfillment.models import ShopProfile
from sellerdesk.orders.models import Order

from .spapi import SpApiClient, SpApiError
from .spapi import merchant_fulfillment as mfn
from .sync.connection import open_client

# PNG rather than PDF: printed as it is onto the batch's 4x6 pages with everything else.
LABEL_FORMAT = "PNG"


class AmazonBuyShipping:
    key, name = "amazon", "Buy from Amazon"

    def __init__(
        self, shop: ShopProfile | None, *, transport: httpx.BaseTransport | None = None
    ) -> None:
        self.shop = shop
        self.transport = transport

    def rates(self, order: Order, quantities: dict[int, int], parcel: Parcel) -> list[Rate]:
        """The services that can carry this parcel, cheapest first."""
        request = self._request(order, quantities, parcel)
        with self._client(order) as client:
            services = mfn.get_eligible_shipment_services(client, request)
        return [
            Rate(
                service_id=service.service_id,
                offer_id=service.offer_id,
                service_name=service.service_name,
                carrier_name=service.carrier_name,
                amount=service.amount,
                currency=service.currency,
                delivery_by=(
                    f"{service.latest_delivery.astimezone(clock.seller_zone()):%a %d %b}"
                    if service.latest_delivery
                    else ""
                ),
            )
            for service in services
        ]

    def issue(self, order: Order, request: LabelRequest, ship_from: list[str]) -> IssuedLabel:
        if request.parcel is None or request.rate is None:
            raise DomainError("Measure the parcel and choose a rate before buying a label.")
        details = self._request(order, request.quantities, request.parcel)
        with self._client(order) as client:
            try:
                bought = mfn.create_shipment(
                    client,
                    details,
                    service_id=request.rate.service_id,
                    offer_id=request.rate.offer_id,
                )
            except SpApiError as error:
                if error.status == 0 or error.status >= 500:
                    # Not retried: a second call would buy a second label.
                    raise DomainError(
                        "Amazon did not answer whether it sold the label. Look for it in Seller "
                        "Central (Manage Orders, this order) before buying again."
                    ) from None
                raise DomainError(f"Amazon did not sell the label: {error}") from None
            try:
                document = bought.document()
            except SpApiError:
                # Paid for but unprintable: give it back rather than ship without a label.
                try:
                    mfn.cancel_shipment(client, bought.shipment_id)
                except SpApiError as error:
                    raise DomainError(
                        f"Amazon sold a label it could not send, and did not take it back "
                        f"({error}): cancel shipment {bought.shipment_id} in Seller Central."
                    ) from None
                raise DomainError(
                    "Amazon sold a label it could not send; it was cancelled. Try again."
                ) from None
        return IssuedLabel(
            carrier=bought.service.carrier_name or request.rate.carrier_name,
            service=bought.service.service_name or request.rate.service_name,
            tracking_number=bought.tracking_number,
            document=document,
            content_type=bought.file_type or "image/png",
            provider=self.key,
            reference=bought.shipment_id,
            cost=bought.service.amount or request.rate.amount,
            currency=bought.service.currency or request.rate.currency,
            channel_has_tracking=True,
        )

    def cancel(self, label: IssuedLabel, order: Order) -> None:
        with self._client(order) as client:
            try:
                mfn.cancel_shipment(client, label.reference)
            except SpApiError as error:
                raise DomainError(f"Amazon did not cancel the label: {error}") from None

    @contextmanager
    def _client(self, order: Order) -> Iterator[SpApiClient]:
        if order.marketplace is None:
            raise DomainError("Buy Shipping is for Amazon orders of a marketplace.")
        with open_client(order.marketplace, transport=self.transport) as (client, _connection):
            yield client

    def _request(
        self, order: Order, quantities: dict[int, int], parcel: Parcel
    ) -> mfn.ShipmentRequest:
        if order.channel.code != "amazon":
            raise DomainError("Amazon sells labels only for its own orders.")
        shop = self.shop
        if shop is None or not shop.phone or not shop.email:
            raise DomainError(
                "Amazon asks for your return address with a phone number and an email to buy "
                "a label: complete them in Settings, Your shop on paper."
            )
        lines = {line.pk: line for line in order.lines.all()}
        wanted = quantities or {pk: line.quantity_open for pk, line in lines.items()}
        items = []
        for pk, quantity in wanted.items():
            if not quantity:
                continue
            line = lines[pk]
            if line.external_id.startswith("sku:"):
                raise DomainError(
                    f"{line.channel_sku} has no Amazon order-item id yet (it came from a report "
                    "that lacks it): sync the order from Amazon first."
                )
            items.append((line.external_id, quantity))
        return mfn.ShipmentRequest(
            order_id=order.external_id,
            items=items,
            ship_from=mfn.Address(
                name=shop.shop_name,
                line1=shop.address_line1,
                line2=shop.address_line2,
                city=shop.city,
                region=shop.region,
                postal_code=shop.postal_code,
                country_code=shop.country_code,
                email=shop.email,
                phone=shop.phone,
            ),
            parcel=parcel,
            label_format=LABEL_FORMAT,
        )
