"""FIFO cost layers follow every on-hand change of the ledger."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db.models import Sum

from sellerdesk.inventory import services
from sellerdesk.inventory.models import CostDraw, CostLayer, StockLevel
from sellerdesk.inventory.services.cost_replay import replay_costs
from sellerdesk.inventory.services.costing import cost_drawn_for

pytestmark = pytest.mark.django_db

T0 = dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)


def at(days: int) -> dt.datetime:
    return T0 + dt.timedelta(days=days)


def assert_layers_cover_stock_on_hand(sku):
    on_hand = StockLevel.objects.filter(sku=sku).aggregate(units=Sum("on_hand"))["units"] or 0
    remaining = CostLayer.objects.filter(sku=sku).aggregate(units=Sum("remaining"))["units"] or 0
    assert remaining == on_hand


def drawn(reference: str) -> list[tuple[int, Decimal]]:
    draws = CostDraw.objects.filter(movement__reference=reference).order_by("at", "id")
    return [(draw.quantity, draw.unit_cost) for draw in draws]


def receive(sku, shelf, actor, quantity, cost, days, reference=""):
    services.receive_stock(
        sku=sku, location=shelf, quantity=quantity, reason="supplier delivery", actor=actor,
        unit_cost=Decimal(cost), at=at(days), reference=reference,
    )  # fmt: skip


def ship(sku, actor, quantity, reference, days):
    services.reserve_stock(
        sku=sku, quantity=quantity, reference=reference, actor=actor, at=at(days)
    )
    services.ship_stock(sku=sku, quantity=quantity, reference=reference, actor=actor, at=at(days))


def test_shipments_draw_the_oldest_units_first_across_layers(sku, shelf, actor):
    # Worked example: 10 at 4.00, then 5 at 5.50; shipping 8, then 4 draws 8 x 4.00,
    # then 2 x 4.00 + 2 x 5.50: cost of goods 32.00 and 19.00.
    receive(sku, shelf, actor, 10, "4.00", 0)
    receive(sku, shelf, actor, 5, "5.50", 1)
    ship(sku, actor, 8, "order-line:1", 2)
    ship(sku, actor, 4, "order-line:2", 3)

    assert drawn("order-line:1") == [(8, Decimal("4.0000"))]
    assert drawn("order-line:2") == [(2, Decimal("4.0000")), (2, Decimal("5.5000"))]
    remaining = list(CostLayer.objects.filter(sku=sku).values_list("remaining", flat=True))
    assert remaining == [0, 3]
    assert_layers_cover_stock_on_hand(sku)


def test_a_transfer_keeps_the_units_cost(sku, shelf, second_shelf, actor):
    receive(sku, shelf, actor, 3, "2.00", 0)
    services.transfer_stock(
        sku=sku, source=shelf, destination=second_shelf, quantity=2, reason="move", actor=actor
    )
    assert list(CostLayer.objects.filter(sku=sku).values_list("remaining", flat=True)) == [3]
    assert not CostDraw.objects.exists()


def test_a_write_off_draws_and_a_found_unit_comes_in_at_the_skus_cost(sku, shelf, actor):
    sku.unit_cost = Decimal("3.25")
    sku.save()
    receive(sku, shelf, actor, 2, "2.00", 0)
    services.adjust_stock(
        sku=sku, location=shelf, change=-1, reason="damaged", actor=actor, at=at(1)
    )
    services.adjust_stock(sku=sku, location=shelf, change=2, reason="found", actor=actor, at=at(2))

    layers = list(CostLayer.objects.filter(sku=sku).values_list("unit_cost", "remaining"))
    assert layers == [(Decimal("2.0000"), 1), (Decimal("3.2500"), 2)]
    assert_layers_cover_stock_on_hand(sku)


def test_a_return_goes_back_at_what_the_units_cost_when_they_left(sku, shelf, actor):
    receive(sku, shelf, actor, 1, "4.00", 0)
    receive(sku, shelf, actor, 1, "6.00", 1)
    ship(sku, actor, 2, "order-line:7", 2)
    services.return_stock(
        sku=sku, location=shelf, quantity=1, reason="returned", reference="return:1",
        actor=actor, at=at(3), shipped_as="order-line:7",
    )  # fmt: skip
    assert cost_drawn_for(sku.pk, "order-line:7") == Decimal("5.0000")
    returned = CostLayer.objects.get(sku=sku, remaining=1)
    assert returned.unit_cost == Decimal("5.0000")
    assert_layers_cover_stock_on_hand(sku)


def test_units_shipped_beyond_every_layer_are_drawn_at_the_skus_cost(sku, shelf, actor):
    # Stock that predates costing: level set without layers, as an old install had it.
    sku.unit_cost = Decimal("7.00")
    sku.save()
    receive(sku, shelf, actor, 1, "4.00", 0)
    CostLayer.objects.filter(sku=sku).update(remaining=0)
    ship(sku, actor, 1, "order-line:9", 1)
    draw = CostDraw.objects.get()
    assert (draw.layer, draw.unit_cost) == (None, Decimal("7.0000"))


def test_reservations_alone_leave_the_layers_alone(sku, shelf, actor):
    receive(sku, shelf, actor, 4, "1.00", 0)
    services.reserve_stock(sku=sku, quantity=3, reference="order-line:3", actor=actor)
    services.release_reservations(reference="order-line:3", actor=actor, reason="cancelled")
    assert not CostDraw.objects.exists()
    assert CostLayer.objects.get(sku=sku).remaining == 4


def test_a_replay_of_the_ledger_gives_the_layers_the_services_kept(sku, shelf, second_shelf, actor):
    receive(sku, shelf, actor, 10, "4.00", 0, reference="po:1")
    receive(sku, shelf, actor, 5, "5.50", 1, reference="po:2")
    ship(sku, actor, 8, "order-line:1", 2)
    services.transfer_stock(
        sku=sku, source=shelf, destination=second_shelf, quantity=2, reason="move", actor=actor,
        at=at(3),
    )  # fmt: skip
    ship(sku, actor, 5, "order-line:2", 4)
    services.return_stock(
        sku=sku, location=shelf, quantity=1, reason="returned", reference="return:3",
        actor=actor, at=at(5), shipped_as="order-line:2",
    )  # fmt: skip
    services.adjust_stock(
        sku=sku, location=shelf, change=-1, reason="damaged", actor=actor, at=at(6)
    )

    def state():
        layers = CostLayer.objects.order_by("received_at", "id")
        draws = CostDraw.objects.order_by("at", "id")
        return (
            list(layers.values_list("movement_id", "quantity", "remaining", "unit_cost")),
            list(draws.values_list("movement_id", "layer__movement_id", "quantity", "unit_cost")),
        )

    kept = state()
    CostDraw.objects.all().delete()
    CostLayer.objects.all().delete()
    written = replay_costs(
        costs={"po:1": Decimal("4.00"), "po:2": Decimal("5.50")},
        shipped_as={"return:3": "order-line:2"},
    )
    assert state() == kept
    assert written == (len(kept[0]), len(kept[1]))
