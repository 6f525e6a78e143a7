"""4x6 inch shipping labels: a PDF page each, or ZPL for thermal printers.

Each label carries ship-from, ship-to, the carrier and service, and the tracking number as a
Code128 barcode. Bars are at least 0.01 in wide, so a 203 dpi printer draws them crisply.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.graphics.barcode import code128
from reportlab.lib.units import inch
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from sellerdesk.core.pdf import LABEL_4X6, fonts
from sellerdesk.orders.models import Shipment

from ..models import ShopProfile
from .addresses import ship_to_lines

BAR_WIDTH = 0.0125 * inch
MARGIN = 0.2 * inch


@dataclass(frozen=True)
class Label:
    ship_from: list[str]
    ship_to: list[str]
    carrier: str
    service: str
    tracking_number: str
    reference: str
    """The order id, so a label found loose can be matched to its parcel."""
    image: bytes = b""
    """A label the carrier made (a PNG bought through Amazon), printed as it is."""
    notice: str = ""
    """Printed instead of the label, where it cannot be (one bought in another format)."""


def labels_pdf(labels: Sequence[Label], *, title: str = "Shipping labels") -> bytes:
    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=LABEL_4X6)
    page.setTitle(title)
    for label in labels:
        _draw(page, label)
        page.showPage()
    if not labels:
        page.setFont(fonts().regular, 10)
        page.drawString(MARGIN, LABEL_4X6[1] / 2, "No shipments with a tracking number yet.")
        page.showPage()
    page.save()
    return out.getvalue()


def _draw(page: canvas.Canvas, label: Label) -> None:
    width, height = LABEL_4X6
    if label.image:
        page.drawImage(
            ImageReader(io.BytesIO(label.image)), 0, 0, width, height, preserveAspectRatio=True
        )
        return
    if label.notice:
        text = page.beginText(MARGIN, height / 2)
        text.setFont(fonts().regular, 10)
        for line in textwrap.wrap(label.notice, 48):
            text.textLine(line)
        page.drawText(text)
        return
    regular, bold = fonts().regular, fonts().bold
    y = height - MARGIN - 8
    page.setFont(bold, 7)
    page.drawString(MARGIN, y, "FROM")
    page.setFont(regular, 8)
    for line in label.ship_from:
        y -= 10
        page.drawString(MARGIN, y, line[:60])
    y -= 14
    page.line(MARGIN, y, width - MARGIN, y)
    y -= 18
    page.setFont(bold, 9)
    page.drawString(MARGIN, y, "SHIP TO")
    for number, line in enumerate(label.ship_to):
        y -= 18 if number == 0 else 15
        page.setFont(bold if number == 0 else regular, 14 if number == 0 else 12)
        page.drawString(MARGIN + 12, y, line[:40])
    y -= 20
    page.line(MARGIN, y, width - MARGIN, y)
    y -= 22
    page.setFont(bold, 16)
    page.drawString(MARGIN, y, label.carrier.upper()[:24])
    page.setFont(regular, 11)
    page.drawRightString(width - MARGIN, y, label.service[:28])
    barcode = code128.Code128(label.tracking_number, barWidth=BAR_WIDTH, barHeight=0.9 * inch)
    # Narrow the bars for a long number rather than let the barcode run off the label.
    if barcode.width > width - 2 * MARGIN:
        barcode = code128.Code128(
            label.tracking_number,
            barWidth=BAR_WIDTH * (width - 2 * MARGIN) / barcode.width,
            barHeight=0.9 * inch,
        )
    bottom = MARGIN + 0.55 * inch
    barcode.drawOn(page, (width - barcode.width) / 2, bottom)
    page.setFont(bold, 12)
    page.drawCentredString(width / 2, bottom - 16, f"TRACKING # {label.tracking_number}")
    page.setFont(regular, 8)
    page.drawString(MARGIN, MARGIN, f"Order {label.reference}")
    # Not the carrier's own label: say so, so it is not taken for paid postage.
    page.drawRightString(width - MARGIN, MARGIN, "Not postage")


def labels_zpl(labels: Sequence[Label]) -> str:
    """The labels for a 4x6 in, 203 dpi thermal printer (812 x 1218 dots)."""
    return "".join(_zpl(label) for label in labels)


def _zpl(label: Label) -> str:
    fields = ["^XA", "^CI28", "^PW812", "^LL1218"]
    y = 40

    def text(x: int, y: int, size: int, value: str) -> None:
        fields.append(f"^FO{x},{y}^A0N,{size},{size}^FH^FD{_escape(value)}^FS")

    text(40, y, 22, "FROM")
    for line in label.ship_from:
        y += 28
        text(40, y, 24, line)
    y += 50
    fields.append(f"^FO40,{y}^GB732,3,3^FS")
    y += 30
    text(40, y, 28, "SHIP TO")
    for number, line in enumerate(label.ship_to):
        y += 50 if number == 0 else 42
        text(70, y, 44 if number == 0 else 36, line)
    y += 70
    fields.append(f"^FO40,{y}^GB732,3,3^FS")
    y += 30
    text(40, y, 50, label.carrier.upper())
    text(460, y + 10, 32, label.service)
    fields.append(f"^FO60,860^BY2^BCN,180,N,N,N^FH^FD{_escape(label.tracking_number)}^FS")
    text(60, 1060, 36, f"TRACKING # {label.tracking_number}")
    text(40, 1150, 24, f"Order {label.reference}")
    text(560, 1150, 24, "Not postage")
    fields.append("^XZ\n")
    return "\n".join(fields)


def _escape(value: str) -> str:
    """Text for a ^FH field: ^ and ~ would start commands, _ starts a hex escape."""
    return "".join(f"_{ord(char):02X}" if char in "^~_" else char for char in value)


def shipment_labels(shipments: Sequence[Shipment], shop: ShopProfile | None) -> list[Label]:
    """A label made here for each shipment (loaded with its order and buyer) that has a
    tracking number."""
    ship_from = (
        [shop.shop_name, *shop.address_lines] if shop else ["(set your return address in Settings)"]
    )
    return [
        Label(
            ship_from=ship_from,
            ship_to=ship_to_lines(getattr(shipment.order, "buyer", None)),
            carrier=shipment.carrier,
            service=shipment.ship_method,
            tracking_number=shipment.tracking_number,
            reference=shipment.order.external_id,
        )
        for shipment in shipments
        if shipment.tracking_number
    ]
