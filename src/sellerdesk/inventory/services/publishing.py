"""What channels were last told to offer, and what they last said they offer."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.db import transaction

from sellerdesk.core.errors import DomainError

from ..models import ChannelBuffer, ChannelQuantity


@transaction.atomic
def record_published(quantities: Mapping[int, int], *, at: dt.datetime) -> None:
    """The channel now offers these quantities (listing id: quantity)."""
    for listing_id, quantity in quantities.items():
        ChannelQuantity.objects.update_or_create(
            listing_id=listing_id, defaults={"published": quantity, "published_at": at}
        )


@transaction.atomic
def record_reported(quantities: Mapping[int, int], *, at: dt.datetime) -> None:
    """The channel says it offers these quantities (from its own listings export)."""
    for listing_id, quantity in quantities.items():
        ChannelQuantity.objects.update_or_create(
            listing_id=listing_id, defaults={"reported": quantity, "reported_at": at}
        )


@transaction.atomic
def set_channel_buffer(*, channel_id: int, units: int) -> None:
    """Hold `units` back from a channel on top of each SKU's safety stock."""
    if units < 0:
        raise DomainError(f"A buffer cannot be negative, got {units}.")
    ChannelBuffer.objects.update_or_create(channel_id=channel_id, defaults={"units": units})
