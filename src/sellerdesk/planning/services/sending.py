"""Emailing a purchase order to its supplier, with the order as a PDF."""

from __future__ import annotations

from django.core.mail import EmailMessage
from django.db import transaction

from sellerdesk.core.errors import DomainError
from sellerdesk.fulfillment.models import ShopProfile
from sellerdesk.inventory.services import Actor

from ..documents import purchase_order_pdf
from ..models import PurchaseOrder
from .purchasing import mark_purchase_order_sent


def email_purchase_order(*, order: PurchaseOrder, actor: Actor, message: str = "") -> PurchaseOrder:
    """Send the order to the supplier's email address and mark it sent.

    The mail goes first: if the server refuses it, the order stays as it was and the
    seller sees why; marking it sent cannot fail once it went.
    """
    supplier = order.supplier
    if not supplier.email:
        raise DomainError(
            f"{supplier.name} has no email address: add one on the supplier's page, or send "
            "the PDF yourself and mark the order sent."
        )
    if not order.lines.exists():
        raise DomainError(f"{order.number} has no lines to send.")
    shop = ShopProfile.objects.first()
    sender = shop.shop_name if shop else "sellerdesk"
    mail = EmailMessage(
        subject=f"Purchase order {order.number} from {sender}",
        body=message
        or f"Hello,\n\nPlease find our purchase order {order.number} attached.\n\n{sender}\n",
        to=[supplier.email],
        reply_to=[shop.email] if shop and shop.email else None,
    )
    mail.attach(f"{order.number}.pdf", purchase_order_pdf(order, shop=shop), "application/pdf")
    try:
        mail.send()
    except OSError as error:
        raise DomainError(
            f"The mail server refused {order.number} ({error}): check the email settings and try again."
        ) from error
    with transaction.atomic():
        return mark_purchase_order_sent(order=order, actor=actor)
