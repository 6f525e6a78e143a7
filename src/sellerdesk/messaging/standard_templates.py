"""sellerdesk's own wording for each kind of message, for a seller to start from and edit.

Plain text that keeps to Amazon's rules (no links, addresses or phone numbers) except the
shipped email, which carries the carrier's tracking link: Amazon never gets a shipped message.
"""

from __future__ import annotations

from .models import MessageKind

STANDARD: dict[str, tuple[str, str]] = {
    MessageKind.ORDER_CONFIRMATION: (
        "Your {{ shop_name }} order {{ order_id }}",
        "Hello {{ buyer_first_name }},\n\n"
        "Thank you for your order {{ order_id }}:\n"
        "{% for item in items %}- {{ item.quantity }} x {{ item.title }}\n{% endfor %}\n"
        "If your piece is personalised, please check the details you gave; I make it to them.\n\n"
        "{{ shop_name }}",
    ),
    MessageKind.SHIPPED: (
        "Your {{ shop_name }} order {{ order_id }} is on its way",
        "Hello {{ buyer_first_name }},\n\n"
        "Your order {{ order_id }} left today with {{ carrier }}"
        "{% if tracking_number %}, tracking number {{ tracking_number }}{% endif %}.\n"
        "{% if tracking_link %}Follow it here: {{ tracking_link }}\n{% endif %}"
        "{% if deliver_by %}It should be with you by {{ deliver_by }}.\n{% endif %}\n"
        "{{ shop_name }}",
    ),
    MessageKind.DELIVERED: (
        "Your {{ shop_name }} order {{ order_id }} has arrived",
        "Hello {{ buyer_first_name }},\n\n"
        "The carrier says your order {{ order_id }} was delivered. If anything is not right, "
        "reply to this message and I will put it right.\n\n{{ shop_name }}",
    ),
    MessageKind.DELAY: (
        "Your order {{ order_id }} will be a little late",
        "Hello {{ buyer_first_name }},\n\n"
        "I am sorry: your order {{ order_id }} will leave later than I promised. I will write "
        "again as soon as it ships.\n\n{{ shop_name }}",
    ),
    MessageKind.RETURN_RECEIVED: (
        "Your return of order {{ order_id }} has arrived",
        "Hello {{ buyer_first_name }},\n\n"
        "Your return of order {{ order_id }} reached me today. I will check it and refund "
        "you within two working days.\n\n{{ shop_name }}",
    ),
    MessageKind.REFUND_ISSUED: (
        "Your refund for order {{ order_id }}",
        "Hello {{ buyer_first_name }},\n\n"
        "I have refunded you for order {{ order_id }}. Your bank may take a few days to "
        "show it.\n\n{{ shop_name }}",
    ),
    MessageKind.REVIEW_REQUEST: (
        "How is your order {{ order_id }}?",
        "Hello {{ buyer_first_name }},\n\n"
        "I hope you are enjoying your order {{ order_id }}. If you have a moment, a review "
        "of it and of the shop would help others choose.\n\n{{ shop_name }}",
    ),
}
