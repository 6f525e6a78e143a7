"""The daily restock email: SKUs low on stock and what to reorder, with the numbers why."""

from __future__ import annotations

import datetime as dt

from django.core.mail import send_mail

from sellerdesk.inventory.selectors import low_stock_sku_list

from .selectors.restock import restock_list


def restock_digest(*, today: dt.date) -> str:
    """The email's text; empty when nothing is low and nothing needs reordering."""
    lines = [
        f"{sku.code} is low: {sku.available} available on your shelves, alert at "
        f"{sku.low_stock_threshold}"
        for sku in low_stock_sku_list()
    ]
    for row in restock_list(today=today):
        if not row.to_order:
            continue
        supplier = f" from {row.supplier_item.supplier.name}" if row.supplier_item else ""
        cover = "" if row.plan.cover is None else f", about {row.plan.cover:.0f} days of cover"
        lines.append(
            f"Reorder {row.plan.quantity} x {row.sku.code}{supplier}: {row.available} available"
            f" and {row.on_order} on order{cover}, reorder point {row.plan.reorder_at:.1f}"
        )
    return "\n".join(f"- {line}" for line in lines)


def send_restock_digest(*, to: str, today: dt.date) -> bool:
    """Email the digest when there is something in it; returns whether it was sent."""
    text = restock_digest(today=today)
    if not text:
        return False
    send_mail(
        subject=f"sellerdesk: stock to reorder, {today:%d %b %Y}",
        message=f"Stock that needs you today:\n\n{text}\n\nRestock in sellerdesk drafts the "
        "purchase orders.\n",
        from_email=None,
        recipient_list=[to],
    )
    return True
