"""Reads of channels and marketplaces, for filter forms and labels."""

from __future__ import annotations

from .models import Marketplace, SalesChannel


def channel_list() -> list[SalesChannel]:
    return list(SalesChannel.objects.filter(is_active=True))


def marketplace_list() -> list[Marketplace]:
    """The marketplaces the seller sells in; every one until they have said which."""
    marketplaces = list(Marketplace.objects.select_related("channel"))
    return [m for m in marketplaces if m.is_active] or marketplaces
