"""Kits and made-to-order pieces held, shipped, returned and offered through their parts."""

from decimal import Decimal

import pytest

from sellerdesk.catalog.models import Sku
from sellerdesk.core import clock
from sellerdesk.core.errors import DomainError
from sellerdesk.core.money import Money
from sellerdesk.inventory import services
from sellerdesk.inventory.models import CostDraw, Reservation, StockLevel
from sellerdesk.inventory.selectors import publishable_quantities, shelf_stock_since
from sellerdesk.inventory.selectors.assembled import units_held, units_shipped
from sellerdesk.inventory.services import Actor, OutOfStock
from sellerdesk.orders import domain as orders
from sellerdesk.orders.models import Order
from sellerdesk.orders.services import cancel_order, record_order, ship_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def gift_set(reference_data, make_sku, shelf, actor):
    """A gift set of 1 ring, 2 charms and 1 box; 5 rings, 3 charms, 10 boxes on the shelf."""
    parts = {}
    for code, quantity, cost in (("RING", 5, "4.00"), ("CHARM", 3, "1.50"), ("BOX", 10, "0.80")):
        parts[code] = make_sku(code)
        services.receive_stock(
            sku=parts[code], location=shelf, quantity=quantity, reason="r", actor=actor,
            unit_cost=Decimal(cost),
        )  # fmt: skip
    kit = make_sku("GIFT-SET")
    services.set_assembly(
        sku=kit, assembly="kit", parts=[(parts["RING"], 1), (parts["CHARM"], 2), (parts["BOX"], 1)]
    )
    return kit, parts


def on_hand(sku) -> int:
    return StockLevel.objects.get(sku=sku).on_hand


def sale(sku, quantity, order_id="E-1"):
    now = clock.now()
    return orders.OrderData(
        channel="etsy", external_id=order_id, status=orders.UNSHIPPED, fulfillment=orders.SELLER,
        purchased_at=now, last_updated_at=now, currency="USD",
        lines=[orders.LineData(
            external_id="1", channel_sku=sku.code, quantity_ordered=quantity,
            item_price=Money(Decimal("30.00") * quantity, "USD"),
        )],
    )  # fmt: skip


def test_a_kit_offers_what_its_scarcest_part_makes_up(gift_set):
    kit, _ = gift_set
    assert publishable_quantities([kit.pk]) == {kit.pk: 1}  # 3 charms // 2


def test_an_order_for_a_kit_holds_its_parts_and_shipping_takes_them(gift_set, actor):
    kit, parts = gift_set
    record_order(data=sale(kit, 1), actor=actor)
    order = Order.objects.get()
    line = order.lines.get()
    held = dict(
        Reservation.objects.filter(reference=line.reference).values_list("sku__code", "quantity")
    )
    assert held == {"RING": 1, "CHARM": 2, "BOX": 1}
    assert set(Reservation.objects.values_list("part_of", flat=True)) == {kit.pk}
    assert units_held(line.reference, kit) == 1
    assert publishable_quantities([kit.pk]) == {kit.pk: 0}

    ship_order(order=order, actor=actor, carrier="USPS", tracking_number="9400111899223100001234")

    assert (on_hand(parts["RING"]), on_hand(parts["CHARM"]), on_hand(parts["BOX"])) == (4, 1, 9)
    assert not Reservation.objects.exists()
    costs = CostDraw.objects.filter(movement__reference=line.reference)
    assert sum(draw.quantity * draw.unit_cost for draw in costs) == Decimal("7.80")  # 4+3+0.8


def test_a_kit_short_of_one_part_holds_nothing(gift_set, actor):
    kit, _ = gift_set
    with pytest.raises(
        OutOfStock, match=r"GIFT-SET \(its part CHARM, 2 a unit\): 2 wanted, 1 free"
    ):
        services.reserve_units(sku=kit, quantity=2, reference="order-line:9", actor=actor)
    assert not Reservation.objects.exists()


def test_a_cancelled_kit_order_gives_every_part_back(gift_set, actor):
    kit, _ = gift_set
    record_order(data=sale(kit, 1), actor=actor)
    cancel_order(order=Order.objects.get(), actor=actor, reason="buyer asked")
    assert not Reservation.objects.exists()
    assert publishable_quantities([kit.pk]) == {kit.pk: 1}


def test_a_returned_kit_goes_back_as_its_parts(gift_set, shelf, actor):
    kit, parts = gift_set
    services.reserve_units(sku=kit, quantity=1, reference="order-line:3", actor=actor)
    services.ship_units(sku=kit, quantity=1, reference="order-line:3", actor=actor)
    services.return_units(
        sku=kit, location=shelf, quantity=1, reason="returned", reference="return:1",
        actor=actor, shipped_as="order-line:3",
    )  # fmt: skip
    assert (on_hand(parts["RING"]), on_hand(parts["CHARM"]), on_hand(parts["BOX"])) == (5, 3, 10)


def test_a_kit_could_be_sold_from_stock_once_its_last_part_came_in(gift_set):
    kit, parts = gift_set
    first = shelf_stock_since([kit.pk, parts["BOX"].pk])
    assert first[kit.pk] == first[parts["BOX"].pk]  # the box came in last


@pytest.fixture
def necklace(reference_data, make_sku, shelf, actor):
    """Made to order from a chain and a pendant, 20 of each; 10 a week, 7 days to make."""
    chain, pendant = make_sku("CHAIN"), make_sku("PENDANT")
    for material in (chain, pendant):
        services.receive_stock(sku=material, location=shelf, quantity=20, reason="r", actor=actor)
    piece = make_sku("NECKLACE-MTO")
    services.set_assembly(
        sku=piece, assembly="made_to_order", parts=[(chain, 1), (pendant, 1)],
        weekly_capacity=10, production_days=7,
    )  # fmt: skip
    return piece


def test_a_made_to_order_piece_offers_what_can_be_made_in_its_production_time(necklace, actor):
    assert publishable_quantities([necklace.pk]) == {necklace.pk: 10}  # not the 20 materials make
    record_order(data=sale(necklace, 3), actor=actor)
    # 3 being made: 7 more can be promised within the week.
    assert publishable_quantities([necklace.pk]) == {necklace.pk: 7}


@pytest.mark.parametrize(
    ("assembly", "parts", "capacity", "message"),
    [
        ("kit", [], None, "Name the parts"),
        ("made_to_order", ["CHAIN"], None, "how many you can make a week"),
        ("kit", ["NECKLACE-MTO"], None, "is itself a kit or made to order"),
    ],
)
def test_a_kit_that_cannot_work_is_refused(necklace, make_sku, assembly, parts, capacity, message):
    target = make_sku("NEW-SET")
    with pytest.raises(DomainError, match=message):
        services.set_assembly(
            sku=target, assembly=assembly,
            parts=[(Sku.objects.get(code=code), 1) for code in parts], weekly_capacity=capacity,
        )  # fmt: skip


def test_a_sku_with_stock_of_its_own_cannot_become_a_kit(gift_set, shelf, actor):
    _, parts = gift_set
    with pytest.raises(DomainError, match="RING has stock of its own"):
        services.set_assembly(sku=parts["RING"], assembly="kit", parts=[(parts["BOX"], 1)])


def test_a_set_once_sold_as_its_parts_keeps_them(gift_set, actor):
    # A resend of a shipped order counts its sets from the parts: they must not change.
    kit, parts = gift_set
    services.reserve_units(sku=kit, quantity=1, reference="order-line:4", actor=actor)
    services.ship_units(sku=kit, quantity=1, reference="order-line:4", actor=actor)
    with pytest.raises(DomainError, match="GIFT-SET has been sold as its parts"):
        services.set_assembly(sku=kit, assembly="kit", parts=[(parts["BOX"], 1)])
    assert units_shipped("order-line:4", kit) == 1


def test_a_sku_stocked_as_itself_or_part_of_a_set_stays_stocked(gift_set, make_sku):
    _, parts = gift_set
    with pytest.raises(DomainError, match="RING has stock of its own on the shelves"):
        services.set_assembly(sku=parts["RING"], assembly="kit", parts=[(parts["BOX"], 1)])
    location = parts["RING"].stock_levels.get().location
    services.count_stock(sku=parts["RING"], location=location, counted=0, actor=Actor("maker"))
    with pytest.raises(DomainError, match="RING has been stocked and sold as itself"):
        services.set_assembly(sku=parts["RING"], assembly="kit", parts=[(parts["BOX"], 1)])
    chain, other = make_sku("CHAIN"), make_sku("SET-2")
    services.set_assembly(sku=other, assembly="kit", parts=[(chain, 1)])
    with pytest.raises(DomainError, match="CHAIN is a part of another set"):
        services.set_assembly(sku=chain, assembly="kit", parts=[(parts["BOX"], 1)])


def test_the_pick_list_names_a_sets_parts_where_they_are_held(gift_set, actor):
    from sellerdesk.fulfillment.selectors.batches import batch_pick_list

    kit, _ = gift_set
    record_order(data=sale(kit, 1), actor=actor)
    picks = batch_pick_list(list(Order.objects.all()))
    listed = {(sku.sku, sku.quantity) for place in picks.locations for sku in place.skus}
    assert listed == {("RING", 1), ("CHARM", 2), ("BOX", 1)}
