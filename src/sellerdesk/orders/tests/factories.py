"""Order test data. Channels and Amazon marketplaces come from the seed migration."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from sellerdesk.catalog.tests.factories import SkuFactory
from sellerdesk.channels.models import Marketplace, SalesChannel
from sellerdesk.core import clock
from sellerdesk.orders.models import (
    BuyerDetails,
    Fulfillment,
    Order,
    OrderEvent,
    OrderEventKind,
    OrderLine,
    OrderStatus,
)


def channel(code: str) -> SalesChannel:
    return SalesChannel.objects.get(code=code)


def amazon_marketplace(code: str) -> Marketplace:
    return Marketplace.objects.get(channel__code="amazon", code=code)


class OrderFactory(DjangoModelFactory):
    class Meta:
        model = Order

    channel = factory.LazyFunction(lambda: channel("amazon"))
    marketplace = factory.LazyFunction(lambda: amazon_marketplace("US"))
    external_id = factory.Sequence(lambda n: f"111-{n:07d}-{(n * 7919) % 10_000_000:07d}")
    status = OrderStatus.UNSHIPPED
    fulfillment = Fulfillment.SELLER
    purchased_at = factory.LazyFunction(lambda: clock.now() - dt.timedelta(hours=1))
    last_updated_at = factory.SelfAttribute("purchased_at")
    received_at = factory.LazyAttribute(lambda order: order.purchased_at + dt.timedelta(minutes=5))
    earliest_ship_at = factory.SelfAttribute("purchased_at")
    latest_ship_at = factory.LazyAttribute(lambda order: order.purchased_at + dt.timedelta(days=2))
    currency = factory.LazyAttribute(
        lambda order: order.marketplace.currency if order.marketplace else "USD"
    )
    total = Decimal("25.00")
    item_count = 1


class OrderLineFactory(DjangoModelFactory):
    class Meta:
        model = OrderLine

    order = factory.SubFactory(OrderFactory)
    sku = factory.SubFactory(SkuFactory)
    channel_sku = factory.LazyAttribute(lambda line: line.sku.code if line.sku else "UNKNOWN")
    external_id = factory.Sequence(lambda n: f"{n:014d}")
    title = factory.LazyAttribute(lambda line: line.sku.title if line.sku else "Unmatched item")
    quantity_ordered = 1
    currency = factory.SelfAttribute("order.currency")
    item_price = Decimal("22.00")
    item_tax = Decimal("1.80")
    shipping_price = Decimal("3.00")
    shipping_tax = Decimal("0.20")
    promotion_discount = Decimal("2.00")
    shipping_discount = Decimal("0.00")


class BuyerDetailsFactory(DjangoModelFactory):
    class Meta:
        model = BuyerDetails

    order = factory.SubFactory(OrderFactory)
    name = "Ada Lovelace"
    email = "ada@marketplace.example"
    ship_name = factory.SelfAttribute("name")
    address_line1 = "12 St James's Square"
    city = "London"
    postal_code = "SW1Y 4JH"
    country_code = "GB"


class OrderEventFactory(DjangoModelFactory):
    class Meta:
        model = OrderEvent

    order = factory.SubFactory(OrderFactory)
    at = factory.LazyAttribute(lambda event: event.order.received_at)
    kind = OrderEventKind.RECEIVED
    actor = "amazon-sync"
