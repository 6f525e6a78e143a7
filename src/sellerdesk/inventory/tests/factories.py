"""Inventory test data: locations, levels, ledger lines and reservations.

Levels made here are set directly, not through the ledger: enough for reads, which
is what these factories serve. Tests of stock changes go through inventory.services.
"""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from sellerdesk.catalog.tests.factories import SkuFactory
from sellerdesk.core import clock
from sellerdesk.inventory.models import (
    Location,
    LocationKind,
    MovementKind,
    Reservation,
    StockLevel,
    StockMovement,
)


class LocationFactory(DjangoModelFactory):
    class Meta:
        model = Location
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"SHELF-{n}")
    name = factory.LazyAttribute(lambda location: f"Shelf {location.code}")
    kind = LocationKind.SHELF
    pick_order = factory.Sequence(lambda n: n)


class FbaLocationFactory(LocationFactory):
    code = "FBA-NA"
    name = "Amazon FBA North America"
    kind = LocationKind.FBA
    amazon_region = "NA"


class StockLevelFactory(DjangoModelFactory):
    class Meta:
        model = StockLevel

    sku = factory.SubFactory(SkuFactory)
    location = factory.SubFactory(LocationFactory)
    on_hand = 10
    reserved = 0
    updated_at = factory.LazyFunction(clock.now)


class StockMovementFactory(DjangoModelFactory):
    class Meta:
        model = StockMovement

    sku = factory.SubFactory(SkuFactory)
    location = factory.SubFactory(LocationFactory)
    kind = MovementKind.RECEIPT
    on_hand_change = 1
    reserved_change = 0
    reason = "Made a batch"
    actor = "maker"
    created_at = factory.LazyFunction(clock.now)


class ReservationFactory(DjangoModelFactory):
    class Meta:
        model = Reservation

    sku = factory.SubFactory(SkuFactory)
    location = factory.SubFactory(LocationFactory)
    reference = factory.Sequence(lambda n: f"order-line:{n}")
    quantity = 1
    created_at = factory.LazyFunction(clock.now)
