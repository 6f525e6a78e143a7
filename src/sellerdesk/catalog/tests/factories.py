"""Catalog test data: products and their SKUs."""

from __future__ import annotations

from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from sellerdesk.catalog.models import Product, Sku


class ProductFactory(DjangoModelFactory):
    class Meta:
        model = Product

    title = factory.Sequence(lambda n: f"Silver ring design {n}")
    category = "Rings"


class SkuFactory(DjangoModelFactory):
    class Meta:
        model = Sku
        django_get_or_create = ("code",)

    product = factory.SubFactory(ProductFactory)
    code = factory.Sequence(lambda n: f"RING-{n:04d}")
    title = factory.LazyAttribute(lambda sku: f"{sku.product.title}, size M")
    unit_cost = Decimal("4.50")
    cost_currency = "USD"
    low_stock_threshold = 2
    safety_stock = 0
