"""Planning test data: suppliers and what they sell."""

from __future__ import annotations

from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from sellerdesk.planning.models import Supplier, SupplierItem


class SupplierFactory(DjangoModelFactory):
    class Meta:
        model = Supplier

    name = factory.Sequence(lambda n: f"Silver findings {n}")
    email = factory.Sequence(lambda n: f"orders{n}@supplier.test")
    currency = "USD"
    lead_time_days = 14


class SupplierItemFactory(DjangoModelFactory):
    class Meta:
        model = SupplierItem

    supplier = factory.SubFactory(SupplierFactory)
    unit_cost = Decimal("4.00")
