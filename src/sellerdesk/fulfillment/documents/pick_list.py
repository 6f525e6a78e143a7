"""The pick list PDF: one table per location, a row per SKU with its total, then each order's
units with their personalisation and gift text, so nothing is packed without its engraving."""

from __future__ import annotations

import datetime as dt
import io

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, SimpleDocTemplate, Spacer, Table, TableStyle

from sellerdesk.core.pdf import fonts, page_size, para

from ..domain.pick_list import PickList, PickLocation


def pick_list_pdf(
    pick: PickList, *, title: str, printed_at: dt.datetime, country_code: str = ""
) -> bytes:
    out = io.BytesIO()
    document = SimpleDocTemplate(
        out,
        pagesize=page_size(country_code),
        title=title,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
    )
    story = [
        para(title, "title"),
        para(
            f"{pick.order_count} orders, {pick.units} units of {pick.sku_count} SKUs. "
            f"Printed {printed_at:%d %b %Y %H:%M}.",
            "small",
        ),
        Spacer(0, 4 * mm),
    ]
    for location in pick.locations:
        story.append(KeepTogether([para(f"{location.name}: {location.quantity} units", "heading")]))
        story.append(_location_table(location, document.width))
    if not pick.locations:
        story.append(para("Nothing left to pick: every order in the batch has shipped."))
    document.build(story)
    return out.getvalue()


def _location_table(location: PickLocation, width: float) -> Table:
    rows: list[list[object]] = [["", "SKU", "Item", "Order", "Qty"]]
    style = [
        ("FONTNAME", (0, 0), (-1, 0), fonts().bold),
        ("FONTNAME", (0, 1), (-1, -1), fonts().regular),
        ("FONTSIZE", (0, 0), (-1, -1), 9),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("ALIGN", (-1, 0), (-1, -1), "RIGHT"),
    ]
    box = "\u2610" if fonts().unicode else "[ ]"  # a box to tick once picked
    for sku in location.skus:
        top = len(rows)
        rows.append([box, para(sku.sku, "bold"), para(sku.title), "", str(sku.quantity)])
        style += [
            ("LINEABOVE", (0, top), (-1, top), 0.4, colors.grey),
            ("BACKGROUND", (0, top), (-1, top), colors.Color(0.94, 0.94, 0.94)),
            ("FONTNAME", (-1, top), (-1, top), fonts().bold),
        ]
        for item in sku.items:
            notes = []
            if item.personalisation:
                notes.append(f"Personalisation: {item.personalisation}")
            if item.gift_message:
                notes.append(f"Gift message: {item.gift_message}")
            rows.append(
                [
                    "",
                    "",
                    para("\n".join(notes), "small"),
                    para(item.order, "small"),
                    str(item.quantity),
                ]
            )
    table = Table(
        rows,
        colWidths=[8 * mm, 38 * mm, width - 8 * mm - 38 * mm - 48 * mm - 14 * mm, 48 * mm, 14 * mm],
        repeatRows=1,
    )
    table.setStyle(TableStyle(style))
    return table
