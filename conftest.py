"""Fixtures shared by the apps' tests: a small catalogue and stock locations."""

from decimal import Decimal

import pytest

from sellerdesk.catalog.models import Product, Sku
from sellerdesk.channels.models import Marketplace, SalesChannel
from sellerdesk.channels.reference import seed_reference_data
from sellerdesk.inventory.models import Location, LocationKind
from sellerdesk.inventory.services import Actor


@pytest.fixture
def reference_data(db) -> None:
    """Channels and marketplaces: migrations seed them, but transactional tests flush them."""
    seed_reference_data(SalesChannel, Marketplace)


@pytest.fixture
def actor() -> Actor:
    return Actor(name="tester")


@pytest.fixture
def shelf(db) -> Location:
    return Location.objects.create(code="SHELF-A", name="Shelf A", pick_order=10)


@pytest.fixture
def second_shelf(db) -> Location:
    return Location.objects.create(code="SHELF-B", name="Shelf B", pick_order=20)


@pytest.fixture
def fba_na(db) -> Location:
    return Location.objects.create(
        code="FBA-NA", name="FBA North America", kind=LocationKind.FBA, amazon_region="NA"
    )


@pytest.fixture
def make_sku(db):
    def make(code: str = "RING-SILVER-7", **fields) -> Sku:
        product, _ = Product.objects.get_or_create(title=fields.pop("product", "Stacking ring"))
        values = {"title": code.replace("-", " ").title(), "unit_cost": Decimal("4.20")}
        values.update(fields)
        return Sku.objects.create(product=product, code=code, **values)

    return make


@pytest.fixture
def sku(make_sku) -> Sku:
    return make_sku()
