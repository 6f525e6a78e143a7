"""Reads for the pack screen: each open line with what names it and how much is scanned."""

from __future__ import annotations

from sellerdesk.orders.models import Order, OrderLine

from ..domain.packing import PackLine, pack_line
from ..models import PackingSettings, PackScan


def pack_lines(order: Order) -> list[PackLine]:
    """The order's lines with units still to ship, in line order."""
    lines = [
        line
        for line in OrderLine.objects.filter(order=order).select_related("sku").order_by("pk")
        if line.quantity_open > 0
    ]
    scanned = dict(PackScan.objects.filter(order=order).values_list("order_line_id", "scanned"))
    return [
        pack_line(
            line.pk,
            line.sku.code if line.sku else line.channel_sku,
            [line.channel_sku, line.asin, *((line.sku.code, line.sku.barcode) if line.sku else ())],
            line.quantity_open,
            scanned.get(line.pk, 0),
            title=line.title or (line.sku.title if line.sku else ""),
            notes=[
                f"Personalisation: {line.personalisation}" if line.personalisation else "",
                f"Gift message: {line.gift_message}" if line.gift_message else "",
                "Gift: no prices in the parcel" if line.is_gift and not line.gift_message else "",
            ],
        )
        for line in lines
    ]


def packing_settings() -> PackingSettings:
    return PackingSettings.objects.filter(pk=1).first() or PackingSettings()
