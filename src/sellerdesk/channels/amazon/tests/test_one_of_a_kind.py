"""A one-of-a-kind piece sold on Etsy drops to 0 on Amazon at the next minute's push."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from huey.contrib.djhuey import HUEY

from sellerdesk.catalog.models import Listing
from sellerdesk.channels.amazon import tasks
from sellerdesk.channels.amazon.sync import sync_marketplace
from sellerdesk.channels.amazon.sync.run import push_changed_quantities
from sellerdesk.channels.models import SalesChannel
from sellerdesk.core import clock
from sellerdesk.core.money import Money
from sellerdesk.inventory.models import ChannelBuffer, ChannelQuantity
from sellerdesk.orders import domain
from sellerdesk.orders.services import record_order

from .sync_shop import MODELS, NO_MODELS, requests_to

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not MODELS.is_dir(), reason=NO_MODELS),
]


def test_a_piece_sold_on_etsy_is_taken_off_amazon_within_the_minute(amazon, sandbox, sku, actor):
    sku.is_one_of_a_kind = True
    sku.save()
    etsy = SalesChannel.objects.get(code="etsy")
    Listing.objects.create(sku=sku, channel=etsy, channel_sku=sku.code)
    sync_marketplace(marketplace="US")
    listing = Listing.objects.get(channel__code="amazon")
    assert ChannelQuantity.objects.get(listing=listing).published == 1  # 1 of the 8 free
    sandbox.requests.clear()
    assert push_changed_quantities(marketplace="US")["quantities_pushed"] == 0
    assert requests_to(sandbox, "/") == []  # nothing changed: not even a token

    now = clock.now()
    sold = domain.OrderData(
        channel="etsy", external_id="2900000009", status=domain.UNSHIPPED,
        fulfillment=domain.SELLER, purchased_at=now, last_updated_at=now, currency="USD",
        lines=[domain.LineData(
            external_id="1", channel_sku=sku.code, quantity_ordered=8,
            item_price=Money(Decimal("480.00"), "USD"),
        )],
    )  # fmt: skip
    record_order(data=sold, actor=actor)

    assert push_changed_quantities(marketplace="US")["quantities_pushed"] == 1
    (patch,) = requests_to(sandbox, "/listings/")
    body = json.loads(patch["body"])
    assert body["patches"][0]["value"][0]["quantity"] == 0
    assert ChannelQuantity.objects.get(listing=listing).published == 0


def test_quantities_pushed_between_syncs_keep_to_the_channels_buffer(amazon, sku, actor):
    ChannelBuffer.objects.create(channel=SalesChannel.objects.get(code="amazon"), units=3)
    with clock.pinned(clock.now() + dt.timedelta(minutes=1)):
        push_changed_quantities(marketplace="US")
    # 10 on the shelf, 3 held back from Amazon.
    assert ChannelQuantity.objects.get().published == 7


def test_the_minutes_push_stands_aside_while_a_sync_runs(amazon, sandbox):
    with HUEY.lock_task("amazon-sync"):
        tasks.push_amazon_quantities.call_local()
    assert not requests_to(sandbox, "/listings/")
    tasks.push_amazon_quantities.call_local()
    assert len(requests_to(sandbox, "/listings/")) == 1
