"""What the database itself refuses, so no code path can store it."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from sellerdesk.catalog.models import Listing
from sellerdesk.channels.models import Marketplace, SalesChannel
from sellerdesk.inventory.models import Location, LocationKind, StockLevel
from sellerdesk.orders.models import Order

pytestmark = pytest.mark.django_db
T = dt.datetime(2026, 1, 5, 10, tzinfo=dt.UTC)


def refused(create) -> bool:
    try:
        with transaction.atomic():
            create()
    except IntegrityError:
        return True
    return False


def test_a_channel_sku_is_listed_once_per_marketplace_and_once_per_channel_without_one(sku):
    amazon, etsy = SalesChannel.objects.get(code="amazon"), SalesChannel.objects.get(code="etsy")
    us = Marketplace.objects.get(channel=amazon, code="US")
    Listing.objects.create(sku=sku, channel=amazon, marketplace=us, channel_sku="R-7")
    Listing.objects.create(sku=sku, channel=etsy, channel_sku="R-7")
    assert refused(
        lambda: Listing.objects.create(sku=sku, channel=amazon, marketplace=us, channel_sku="R-7")
    )
    assert refused(lambda: Listing.objects.create(sku=sku, channel=etsy, channel_sku="R-7"))
    # The same channel SKU in another marketplace is another listing.
    uk = Marketplace.objects.get(channel=amazon, code="UK")
    Listing.objects.create(sku=sku, channel=amazon, marketplace=uk, channel_sku="R-7")


def test_there_is_one_fba_location_per_amazon_region_and_shelves_have_none():
    Location.objects.create(code="FBA-EU", name="FBA EU", kind=LocationKind.FBA, amazon_region="EU")
    assert refused(
        lambda: Location.objects.create(
            code="FBA-EU-2", name="Another", kind=LocationKind.FBA, amazon_region="EU"
        )
    )
    assert refused(
        lambda: Location.objects.create(
            code="FBA-X", name="No region", kind=LocationKind.FBA, amazon_region=""
        )
    )
    assert refused(
        lambda: Location.objects.create(
            code="SHELF-X", name="Shelf", kind=LocationKind.SHELF, amazon_region="NA"
        )
    )


@pytest.mark.parametrize(("on_hand", "reserved"), [(-1, 0), (0, -1), (1, 2)])
def test_stock_levels_never_go_negative_or_reserve_beyond_on_hand(sku, shelf, on_hand, reserved):
    assert refused(
        lambda: StockLevel.objects.create(
            sku=sku, location=shelf, on_hand=on_hand, reserved=reserved, updated_at=T
        )
    )


def test_an_external_order_id_is_unique_per_channel_not_across_channels():
    amazon, etsy = SalesChannel.objects.get(code="amazon"), SalesChannel.objects.get(code="etsy")

    def order(channel):
        return Order.objects.create(
            channel=channel,
            external_id="1001",
            status="Unshipped",
            fulfillment="seller",
            purchased_at=T,
            last_updated_at=T,
            received_at=T,
            currency="USD",
        )

    order(amazon)
    order(etsy)
    assert refused(lambda: order(amazon))
