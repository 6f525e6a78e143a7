from sellerdesk.fulfillment.domain.pick_list import UNRESERVED, PickItem, pick_list

SHELF_A = ("Shelf A", (10, "A"))
SHELF_B = ("Shelf B", (20, "B"))


def item(where, sku, order, quantity, **notes):
    name, rank = where
    return PickItem(name, rank, sku, f"{sku} title", order, quantity, **notes)


def test_the_walk_goes_location_by_pick_order_then_sku_then_order_with_unreserved_last():
    pick = pick_list(
        [
            item((UNRESERVED, (0, "")), "RING-9", "o-3", 1),
            item(SHELF_B, "RING-2", "o-1", 1),
            item(SHELF_A, "RING-5", "o-2", 2),
            item(SHELF_A, "RING-1", "o-3", 1),
            item(SHELF_A, "RING-5", "o-1", 1),
        ]
    )
    assert [location.name for location in pick.locations] == ["Shelf A", "Shelf B", UNRESERVED]
    shelf_a = pick.locations[0]
    assert [sku.sku for sku in shelf_a.skus] == ["RING-1", "RING-5"]
    assert [(entry.order, entry.quantity) for entry in shelf_a.skus[1].items] == [
        ("o-1", 1),
        ("o-2", 2),
    ]


def test_totals_count_units_per_sku_per_location_and_overall():
    pick = pick_list(
        [
            item(SHELF_A, "RING-5", "o-1", 2),
            item(SHELF_A, "RING-5", "o-2", 3),
            item(SHELF_B, "RING-5", "o-2", 1),
            item(SHELF_B, "CHAIN-1", "o-3", 4),
        ]
    )
    assert [sku.quantity for sku in pick.locations[0].skus] == [5]
    assert [location.quantity for location in pick.locations] == [5, 5]
    assert (pick.units, pick.sku_count, pick.order_count) == (10, 2, 3)


def test_each_orders_personalisation_and_gift_text_stays_with_its_units():
    pick = pick_list(
        [
            item(SHELF_A, "RING-5", "o-1", 1, personalisation="A & B"),
            item(SHELF_A, "RING-5", "o-2", 1, gift_message="Happy birthday"),
        ]
    )
    notes = [
        (entry.personalisation, entry.gift_message) for entry in pick.locations[0].skus[0].items
    ]
    assert notes == [("A & B", ""), ("", "Happy birthday")]


def test_locations_with_the_same_name_stay_apart_and_nothing_to_pick_is_an_empty_list():
    twin = ("Shelf A", (30, "A2"))
    pick = pick_list([item(SHELF_A, "RING-1", "o-1", 1), item(twin, "RING-1", "o-2", 1)])
    assert [location.rank for location in pick.locations] == [(10, "A"), (30, "A2")]
    empty = pick_list([item(SHELF_A, "RING-1", "o-1", 0)])
    assert (empty.locations, empty.units, empty.order_count) == ([], 0, 0)
