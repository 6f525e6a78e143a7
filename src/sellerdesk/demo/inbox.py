"""A month of the demo shop's buyer messages: most answered within hours, one answered late,
a thank-you needing no answer, and one nearing its 24 hours as the demo opens."""

from __future__ import annotations

import datetime as dt

from sellerdesk.messaging.models import BuyerMessage, MessageSource
from sellerdesk.orders.models import Order

# (days before the demo's day, hours it took to answer or None, subject, text)
MESSAGES = (
    (27, 3, "Ring size", "Hello, does the stacking ring run small? I am usually a 7."),
    (23, 5, "Engraving", "Can you engrave 'Always' inside the band?"),
    (19, 31, "Where is my order?", "It was due yesterday and the tracking has not moved."),
    (15, 2, "Gift wrap", "Could you leave the price out? It is a present."),
    (11, 8, "Earring backs", "Do the studs come with spare backs?"),
    (8, None, "Thank you!", "It arrived and it is lovely, thank you."),
    (5, 4, "Chain length", "Is the chain 18 inches with the clasp?"),
    (2, 6, "Silver care", "How should I clean it?"),
    (0.85, None, "Change of address", "I have moved: can it go to my new address?"),
)


def add_demo_messages(as_of: dt.datetime) -> int:
    """Messages about the shop's latest orders bought before each one; returns how many."""
    added = 0
    for days, hours, subject, body in MESSAGES:
        received = as_of - dt.timedelta(days=days)
        order = (
            Order.objects.filter(purchased_at__lt=received - dt.timedelta(hours=12))
            .select_related("buyer")
            .order_by("-purchased_at")
            .first()
        )
        if order is None:
            continue
        answered = received + dt.timedelta(hours=hours) if hours is not None else None
        BuyerMessage.objects.create(
            order=order, received_at=received, sender=order.buyer.email, subject=subject,
            body=body, source=MessageSource.ENTERED, no_response_needed=subject == "Thank you!",
            answered_at=answered, answered_by="demo" if answered else "",
        )  # fmt: skip
        added += 1
    return added
