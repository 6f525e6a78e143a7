from zoneinfo import ZoneInfo

import pytest

from sellerdesk.channels.models import Marketplace, SalesChannel

pytestmark = pytest.mark.django_db

EXPECTED = {
    "US": ("USD", "America/Los_Angeles", False),
    "CA": ("CAD", "America/Los_Angeles", False),
    "UK": ("GBP", "Europe/London", True),
    "DE": ("EUR", "Europe/Berlin", True),
    "FR": ("EUR", "Europe/Paris", True),
    "IT": ("EUR", "Europe/Rome", True),
    "ES": ("EUR", "Europe/Madrid", True),
    "JP": ("JPY", "Asia/Tokyo", True),
}


def test_migrations_seed_amazons_marketplaces_with_currency_zone_and_tax_rule():
    seeded = {
        m.code: (m.currency, m.time_zone, m.prices_include_tax)
        for m in Marketplace.objects.filter(channel__code="amazon", code__in=EXPECTED)
    }
    assert seeded == EXPECTED


def test_every_marketplace_has_a_real_time_zone_and_an_amazon_id():
    for marketplace in Marketplace.objects.filter(channel__code="amazon"):
        assert ZoneInfo(marketplace.time_zone)
        assert len(marketplace.external_id) >= 13
        assert marketplace.region in {"NA", "EU", "FE"}


def test_other_channels_are_ready_for_their_imports():
    assert set(SalesChannel.objects.values_list("code", flat=True)) >= {
        "amazon",
        "etsy",
        "shopify",
        "manual",
    }
