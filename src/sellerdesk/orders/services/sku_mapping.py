"""Which catalogue SKU a channel's SKU is: its listing on that marketplace, then on the channel,
then a catalogue SKU of the same code."""

from __future__ import annotations

from django.db.models import F, Q

from sellerdesk.catalog.models import Listing, Sku
from sellerdesk.channels.models import SalesChannel


class SkuResolver:
    """Resolves channel SKUs for one channel, remembering answers (a catalogue is small)."""

    def __init__(self, channel: SalesChannel) -> None:
        self.channel = channel
        self._known: dict[tuple[int | None, str], int | None] = {}

    def sku_id(self, marketplace_id: int | None, code: str) -> int | None:
        key = (marketplace_id, code)
        if key not in self._known:
            self._known[key] = self._lookup(marketplace_id, code)
        return self._known[key]

    def _lookup(self, marketplace_id: int | None, code: str) -> int | None:
        listing = (
            Listing.objects.filter(channel=self.channel, channel_sku=code)
            .filter(Q(marketplace_id=marketplace_id) | Q(marketplace__isnull=True))
            # The marketplace's own listing before a channel-wide one, on either database.
            .order_by(F("marketplace_id").asc(nulls_last=True))
            .values_list("sku_id", flat=True)
            .first()
        )
        if listing is not None:
            return listing
        return Sku.objects.filter(code=code).values_list("pk", flat=True).first()
