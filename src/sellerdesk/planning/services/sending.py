"""Emailing a purchase order to its supplier, with the order as a PDF."""

from __future__ import annotations

from django.core.mail import EmailMessage
from django.db import transaction

from sellerdesk.core.errors import DomainError, InvalidTransition
from sellerdesk.fulfillment.models import ShopProfile
from sellerdesk.inventory.services import Actor

from ..documents import purchase_order_pdf
from ..models import PurchaseOrder, PurchaseOrderStatus
from .purchasing import mark_purchase_order_sent


@transaction.atomic
def email_purchase_order(*, order: PurchaseOrder, actor: Actor, message: str = "") -> PurchaseOrder:
    """Send a draft to the supplier's email address and mark it sent.

    The order is locked while the mail goes, so a second click waits and then finds it
    sent; if the server refuses the mail, the order stays a draft and the seller sees why.
    """
    order = PurchaseOrder.objects.select_for_update().select_related("supplier").get(pk=order.pk)
    if order.status != PurchaseOrderStatus.DRAFT:
        raise InvalidTransition(
            f"{order.number} is {order.get_status_display().lower()} already: download its PDF "
            "to send it again yourself."
        )
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
    return mark_purchase_order_sent(order=order, actor=actor)
