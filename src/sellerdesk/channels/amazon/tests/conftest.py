"""Fixtures of the Amazon tests: the loopback sandbox, a client of it, a shop connected to it."""

import datetime as dt

import httpx
import pytest

from sellerdesk.catalog.models import Listing
from sellerdesk.channels.amazon.spapi import LwaCredentials, SpApiClient, TokenSource
from sellerdesk.channels.amazon.spapi.limits import RateLimiter
from sellerdesk.channels.amazon.spapi.sandbox import Sandbox
from sellerdesk.channels.amazon.sync import connect_amazon
from sellerdesk.channels.models import Marketplace
from sellerdesk.core import clock as core_clock
from sellerdesk.inventory import services as stock

from .sync_shop import MODELS, ORDERS_PATH, US
from .test_api_orders import api_order

CREDENTIALS = LwaCredentials("amzn1.application-oa2-client.test", "secret", "Atzr|refresh")


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
        at=core_clock.now() - dt.timedelta(days=60),
    )  # fmt: skip
    now = core_clock.now()
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


class Clock:
    """Time that moves only when the client sleeps: pacing and backoff are seen, not waited."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []
        self.backoffs: list[float] = []

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    def backoff(self, seconds: float) -> None:
        self.backoffs.append(seconds)
        self.now += seconds


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def client(sandbox, clock):
    sandbox.faults.clear()
    with httpx.Client(timeout=10) as http:
        tokens = TokenSource(
            CREDENTIALS, token_url=sandbox.token_url, http=http, monotonic=clock.monotonic
        )
        yield SpApiClient(
            endpoint=sandbox.url,
            tokens=tokens,
            http=http,
            limiter=RateLimiter(monotonic=clock.monotonic, sleep=clock.sleep),
            sleep=clock.backoff,
            jitter=lambda: 1.0,
        )
