"""Packing slips: one page (or more) per order, all of a batch's in one PDF.

The shop's name, logo and return address head each slip; a gift order prints without prices,
as Amazon and every buyer expect, and carries its gift message.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from decimal import Decimal

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import (
    Flowable,
    Image,
    KeepTogether,
    PageBreak,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from sellerdesk.core import clock
from sellerdesk.core.money import format_money
from sellerdesk.core.pdf import fonts, page_size, para
from sellerdesk.orders.models import BuyerDetails, Order, OrderLine

from ..models import ShopProfile
from .addresses import ship_to_lines

LOGO_HEIGHT = 18 * mm


def packing_slips_pdf(orders: Sequence[Order], *, shop: ShopProfile | None, title: str) -> bytes:
    out = io.BytesIO()
    document = SimpleDocTemplate(
        out,
        pagesize=page_size(shop.country_code if shop else ""),
        title=title,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
    )
    story: list[Flowable] = []
    for index, order in enumerate(orders):
        if index:
            story.append(PageBreak())
        story += _slip(order, shop, document.width)
    if not story:
        story.append(para("No orders in this batch."))
    document.build(story)
    return out.getvalue()


def is_gift(order: Order) -> bool:
    return any(line.is_gift or line.gift_message for line in order.lines.all())


def _slip(order: Order, shop: ShopProfile | None, width: float) -> list[Flowable]:
    lines = [line for line in order.lines.all() if line.quantity_ordered > line.quantity_cancelled]
    gift = is_gift(order)
    story: list[Flowable] = [
        _head(shop, width),
        Spacer(0, 6 * mm),
        para("Gift receipt" if gift else "Packing slip", "title"),
        Spacer(0, 3 * mm),
        _addresses(order, width),
        Spacer(0, 5 * mm),
        _lines_table(order, lines, width, with_prices=not gift),
    ]
    messages = sorted({line.gift_message for line in lines if line.gift_message})
    if messages:
        box = Table(
            [[para("Gift message", "bold")], *[[para(text)] for text in messages]],
            colWidths=[width],
        )
        box.setStyle(
            TableStyle(
                [("BOX", (0, 0), (-1, -1), 0.8, colors.black), ("LEFTPADDING", (0, 0), (-1, -1), 8)]
            )
        )
        story += [Spacer(0, 6 * mm), KeepTogether([box])]
    if shop and shop.slip_note:
        story += [Spacer(0, 8 * mm), para(shop.slip_note, "small")]
    return story


def _head(shop: ShopProfile | None, width: float) -> Table:
    if shop is None:
        name = para("Set your shop's name and return address in Settings", "bold")
        return Table([[name]], colWidths=[width])
    address = [
        para(shop.shop_name, "heading"),
        *[para(line, "small") for line in shop.address_lines],
    ]
    if shop.phone or shop.email:
        address.append(para(" · ".join(part for part in (shop.phone, shop.email) if part), "small"))
    logo = _logo(shop)
    table = Table([[logo or "", address]], colWidths=[width / 2, width / 2])
    table.setStyle(
        TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("ALIGN", (1, 0), (1, 0), "RIGHT")])
    )
    return table


def _logo(shop: ShopProfile) -> Image | None:
    if not shop.logo:
        return None
    data = bytes(shop.logo)
    width, height = ImageReader(io.BytesIO(data)).getSize()
    image = Image(io.BytesIO(data), width=LOGO_HEIGHT * width / height, height=LOGO_HEIGHT)
    image.hAlign = "LEFT"
    return image


def _addresses(order: Order, width: float) -> Table:
    buyer: BuyerDetails | None = getattr(order, "buyer", None)
    ship_to = [para("Ship to", "bold"), *[para(line) for line in ship_to_lines(buyer)]]
    facts = [
        para("Order", "bold"),
        para(order.external_id),
        para(f"Ordered {order.purchased_at.astimezone(clock.seller_zone()):%d %b %Y}"),
    ]
    if order.marketplace:
        facts.append(para(f"{order.channel.name} {order.marketplace.code}"))
    table = Table([[ship_to, facts]], colWidths=[width * 0.6, width * 0.4])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return table


def _lines_table(order: Order, lines: list[OrderLine], width: float, *, with_prices: bool) -> Table:

    def money(amount: Decimal) -> str:
        return format_money(amount, order.currency)

    header = ["Qty", "SKU", "Item"] + (["Amount"] if with_prices else [])
    rows: list[list[object]] = [header]
    for line in lines:
        item = line.title or (line.sku.title if line.sku else "")
        if line.personalisation:
            item += f"\nPersonalisation: {line.personalisation}"
        row: list[object] = [
            str(line.quantity_ordered - line.quantity_cancelled),
            para(line.channel_sku),
            para(item),
        ]
        if with_prices:
            row.append(money(line.item_price))
        rows.append(row)
    price_width = 28 * mm if with_prices else 0
    widths = [14 * mm, 40 * mm, width - 54 * mm - price_width] + (
        [price_width] if with_prices else []
    )
    style = [
        ("FONTNAME", (0, 0), (-1, 0), fonts().bold),
        ("FONTNAME", (0, 1), (-1, -1), fonts().regular),
        ("FONTSIZE", (0, 0), (-1, -1), 9.5),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("ALIGN", (-1, 0), (-1, -1), "RIGHT")
        if with_prices
        else ("ALIGN", (0, 0), (0, -1), "LEFT"),
    ]
    if with_prices:
        for label, amount in _totals(order, lines):
            rows.append(
                ["", "", para(label, "bold" if label == "Total" else "body"), money(amount)]
            )
        first_total = len(lines) + 1
        style.append(("LINEABOVE", (0, first_total), (-1, first_total), 0.4, colors.grey))
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle(style))
    return table


def _totals(order: Order, lines: list[OrderLine]) -> list[tuple[str, Decimal]]:
    items = sum((line.item_price for line in lines), Decimal(0))
    discount = sum((line.promotion_discount + line.shipping_discount for line in lines), Decimal(0))
    shipping = sum((line.shipping_price for line in lines), Decimal(0))
    tax = sum((line.item_tax + line.shipping_tax for line in lines), Decimal(0))
    total = items + shipping - discount + (0 if order.prices_include_tax else tax)
    rows = [("Items", items)]
    if shipping:
        rows.append(("Shipping", shipping))
    if discount:
        rows.append(("Discounts", -discount))
    if tax:
        rows.append(("Tax included" if order.prices_include_tax else "Tax", tax))
    rows.append(("Total", total))
    return rows
