"""A channel's return rules as the seller sets them."""

from __future__ import annotations

from decimal import Decimal

from sellerdesk.channels.models import SalesChannel
from sellerdesk.core.errors import DomainError

from ..models import ReturnSettings

MAX_RESTOCKING_PERCENT = Decimal(50)  # Amazon's guideline for items damaged by the buyer


def set_return_settings(
    *, channel: SalesChannel, window_days: int, deduct_label: bool, restocking_damaged: Decimal
) -> ReturnSettings:
    if not 30 <= window_days <= 365:
        raise DomainError(
            "The return window is 30 days or more (Amazon's policy is the least you may offer) "
            "and at most a year."
        )
    if not 0 <= restocking_damaged <= MAX_RESTOCKING_PERCENT:
        raise DomainError(
            f"A restocking fee is 0 to {MAX_RESTOCKING_PERCENT}% of the unit's price for an item "
            "the buyer damaged."
        )
    chosen, _ = ReturnSettings.objects.update_or_create(
        channel=channel,
        defaults={
            "window_days": window_days,
            "deduct_label": deduct_label,
            "restocking_damaged": restocking_damaged,
        },
    )
    return chosen
