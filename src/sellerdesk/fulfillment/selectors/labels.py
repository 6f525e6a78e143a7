"""What a parcel's label prints as: the one bought, else one made here; never a voided one."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from sellerdesk.orders.models import Shipment

from ..documents.labels import Label, shipment_labels
from ..models import ShippingLabel, ShopProfile


def labels_to_print(
    shipments: Sequence[Shipment], shop: ShopProfile | None, kind: str
) -> list[Label]:
    """The label of each parcel (loaded with order and buyer) for a "pdf" or "zpl" file.

    A label bought as an image prints as it came (PDF only: ZPL cannot carry it); one bought
    in another format prints as a note to print it from the order's page; a parcel whose
    label was voided and not replaced prints nothing.
    """
    kept: dict[int, ShippingLabel] = {}
    voided: set[tuple[int, str]] = set()
    labels = ShippingLabel.objects.filter(shipment__in=[s.pk for s in shipments])
    for label in labels.order_by("created_at", "pk"):
        if label.voided_at is not None:
            voided.add((label.shipment_id or 0, label.tracking_number))
        elif label.document:
            kept[label.shipment_id or 0] = label
    printed = []
    for shipment, made in zip(
        (s for s in shipments if s.tracking_number), shipment_labels(shipments, shop), strict=True
    ):
        bought = kept.get(shipment.pk)
        if bought is None:
            if (shipment.pk, shipment.tracking_number) not in voided:
                printed.append(made)
        elif bought.provider == "printed":
            printed.append(made)
        elif kind == "pdf" and bought.content_type == "image/png":
            printed.append(dataclasses.replace(made, image=bytes(bought.document)))
        elif kind == "pdf":
            printed.append(
                dataclasses.replace(
                    made,
                    notice=f"The label for {made.tracking_number} came as {bought.content_type}: "
                    f"print it from order {made.reference}'s page.",
                )
            )
    return printed


def bought_document(shipment: Shipment) -> ShippingLabel | None:
    """The label bought for the parcel and in use, to serve as it came."""
    return (
        ShippingLabel.objects.filter(shipment=shipment, voided_at__isnull=True)
        .exclude(reference="")
        .exclude(document=b"")
        .order_by("created_at", "pk")
        .last()
    )


def loose_labels(order_id: int) -> list[ShippingLabel]:
    """Labels bought for the order that no parcel shipped with and that are still paid for."""
    return list(
        ShippingLabel.objects.filter(
            order_id=order_id, shipment__isnull=True, voided_at__isnull=True
        ).defer("document")
    )


def labels_in_use(shipment_ids: list[int]) -> dict[int, ShippingLabel]:
    """Each shipment's latest label not voided, where it has one kept."""
    labels = ShippingLabel.objects.filter(
        shipment_id__in=shipment_ids, voided_at__isnull=True
    ).defer("document")
    ordered = labels.order_by("created_at", "pk")
    return {label.shipment_id: label for label in ordered if label.shipment_id is not None}
