"""A purchase order as a PDF for the supplier: who orders, what, at what price, delivered where."""

from __future__ import annotations

import io

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, SimpleDocTemplate, Spacer, Table, TableStyle

from sellerdesk.core import clock
from sellerdesk.core.money import format_money
from sellerdesk.core.pdf import fonts, page_size, para
from sellerdesk.fulfillment.models import ShopProfile

from .models import PurchaseOrder


def purchase_order_pdf(order: PurchaseOrder, *, shop: ShopProfile | None) -> bytes:
    out = io.BytesIO()
    document = SimpleDocTemplate(
        out,
        pagesize=page_size(shop.country_code if shop else ""),
        title=f"Purchase order {order.number}",
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
    )
    width = document.width
    story: list[Flowable] = [
        para(f"Purchase order {order.number}", "title"),
        Spacer(0, 4 * mm),
        _parties(order, shop, width),
        Spacer(0, 6 * mm),
        _lines(order, width),
    ]
    if order.notes:
        story += [Spacer(0, 6 * mm), para(order.notes)]
    document.build(story)
    return out.getvalue()


def _parties(order: PurchaseOrder, shop: ShopProfile | None, width: float) -> Table:
    supplier = order.supplier
    to = [para("Supplier", "bold"), para(supplier.name)]
    to += [para(line) for line in (supplier.contact, supplier.address, supplier.email) if line]
    buyer = [para("Deliver to", "bold")]
    if shop:
        buyer += [para(shop.shop_name), *[para(line) for line in shop.address_lines]]
        buyer += [para(line) for line in (shop.phone, shop.email) if line]
    else:
        buyer.append(para("Set your shop's name and address in Settings"))
    dated = (order.sent_at or clock.now()).astimezone(clock.seller_zone())
    buyer.append(para(f"Dated {dated:%d %b %Y}"))
    if order.expected_on:
        buyer.append(para(f"Wanted by {order.expected_on:%d %b %Y}"))
    table = Table([[to, buyer]], colWidths=[width / 2, width / 2])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return table


def _lines(order: PurchaseOrder, width: float) -> Table:
    codes = {
        item.sku_id: item.supplier_code for item in order.supplier.items.all() if item.supplier_code
    }
    rows: list[list[object]] = [["Qty", "Your code", "Our SKU", "Item", "Unit price", "Amount"]]
    total = 0
    for line in order.lines.select_related("sku").order_by("sku__code"):
        amount = line.quantity * line.unit_cost
        total += amount
        rows.append(
            [
                str(line.quantity),
                para(codes.get(line.sku_id, "")),
                para(line.sku.code),
                para(line.sku.title),
                format_money(line.unit_cost, order.currency),
                format_money(amount, order.currency),
            ]
        )
    rows.append(["", "", "", para("Total", "bold"), "", format_money(total, order.currency)])
    fixed = 14 * mm + 28 * mm + 32 * mm + 24 * mm + 26 * mm
    table = Table(
        rows,
        colWidths=[14 * mm, 28 * mm, 32 * mm, width - fixed, 24 * mm, 26 * mm],
        repeatRows=1,
    )
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, 0), fonts().bold),
                ("FONTNAME", (0, 1), (-1, -1), fonts().regular),
                ("FONTSIZE", (0, 0), (-1, -1), 9.5),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
                ("LINEABOVE", (0, -1), (-1, -1), 0.4, colors.grey),
                ("ALIGN", (4, 0), (-1, -1), "RIGHT"),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table
