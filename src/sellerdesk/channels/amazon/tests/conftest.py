"""Fixtures of the Amazon sync tests: the loopback sandbox and a shop connected to it."""

import datetime as dt

import pytest

from sellerdesk.catalog.models import Listing
from sellerdesk.channels.amazon.spapi.sandbox import Sandbox
from sellerdesk.channels.amazon.sync import connect_amazon
from sellerdesk.channels.models import Marketplace
from sellerdesk.core import clock
from sellerdesk.inventory import services as stock

from .sync_shop import MODELS, ORDERS_PATH, US
from .test_api_orders import api_order


@pytest.fixture(scope="module")
def sandbox():
    with Sandbox(MODELS, validate_bodies=True) as server:
        yield server


@pytest.fixture
def amazon(sandbox, settings, sku, shelf, fba_na, actor):
    """A connected US shop with one seller-fulfilled listing and Amazon's answers scripted."""
    sandbox.faults.clear()
    sandbox.requests.clear()
    settings.SELLERDESK_SPAPI_ENDPOINT = sandbox.url
    settings.SELLERDESK_LWA_TOKEN_URL = sandbox.token_url
    settings.SELLERDESK_SPAPI_BACKOFF_SECONDS = 0.001
    connect_amazon(
        region="NA", seller_id="A3SELLER", client_id="amzn1.application-oa2-client.x",
        client_secret="client-secret", refresh_token="Atzr|refresh", marketplaces=["US"],
    )  # fmt: skip
    us = Marketplace.objects.get(channel__code="amazon", code="US")
    Listing.objects.create(sku=sku, channel=us.channel, marketplace=us, channel_sku=sku.code)
    stock.receive_stock(
        sku=sku, location=shelf, quantity=10, reason="count", actor=actor,
        at=clock.now() - dt.timedelta(days=60),
    )  # fmt: skip
    now = clock.now()
    fresh = api_order(
        orderId="114-0000001-0000001",
        createdTime=(now - dt.timedelta(hours=1)).isoformat(),
        lastUpdatedTime=(now - dt.timedelta(minutes=30)).isoformat(),
    )
    sandbox.add_example(
        "searchOrders", "GET", ORDERS_PATH,
        parameters={"marketplaceIds": {"value": [US]}},
        response={"orders": [fresh], "pagination": {}},
    )  # fmt: skip
    sandbox.add_example(
        "getInventorySummaries", "GET", "/fba/inventory/v1/summaries",
        parameters={"granularityId": {"value": US}},
        response={"payload": {"inventorySummaries": [
            {"sellerSku": sku.code, "inventoryDetails": {"fulfillableQuantity": 7}},
            {"sellerSku": "NOT-OURS", "inventoryDetails": {"fulfillableQuantity": 3}},
        ]}},
    )  # fmt: skip
    return us
