"""The counting rules of `domain.counting` as database conditions, for counting at scale.

Each condition mirrors one rule; tests/test_selectors.py holds them to the rules row by row.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from sellerdesk.orders.models import OrderLine, OrderStatus

from ..domain.counting import ChargebackKind, ClaimState

NEGATIVE_FEEDBACK = Q(feedback__stars__lte=2, feedback__removed_at=None)

# feedback_counts' and claim_counts' twins: a protected claim stops counting unless the seller
# refunded the buyer herself.
CLAIM = Q(claim__state=ClaimState.REFUNDED_BY_SELLER) | Q(
    claim__state__in=[ClaimState.PENDING, ClaimState.GRANTED, ClaimState.WITHDRAWN_AFTER_DECISION],
    claim__protected=False,
)

SERVICE_CHARGEBACK = Q(chargeback__kind=ChargebackKind.SERVICE)

DEFECT = NEGATIVE_FEEDBACK | CLAIM | SERVICE_CHARGEBACK


def cancelled() -> Q:
    """Cancelled whole, or one of its lines: an item cancellation marks the order (section 2.2)."""
    line_cancelled = OrderLine.objects.filter(order=OuterRef("pk"), quantity_cancelled__gt=0)
    return Q(status=OrderStatus.CANCELED) | Q(Exists(line_cancelled))


def counted_cancellation() -> Q:
    """cancellation_counts' twin: all but what the buyer asked for through her account."""
    return cancelled() & ~Q(cancelled_by="buyer")
