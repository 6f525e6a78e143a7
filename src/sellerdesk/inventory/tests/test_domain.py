import pytest

from sellerdesk.inventory import domain
from sellerdesk.inventory.domain import (
    LocationStock,
    available,
    is_low_stock,
    plan_allocation,
    plan_consumption,
)


@pytest.mark.parametrize(
    ("on_hand", "reserved", "safety", "expected"),
    [(10, 3, 2, 5), (5, 5, 0, 0), (4, 1, 5, 0), (0, 0, 0, 0)],
)
def test_available_is_on_hand_less_reserved_less_safety_stock_never_negative(
    on_hand, reserved, safety, expected
):
    assert available(on_hand=on_hand, reserved=reserved, safety_stock=safety) == expected


def test_low_stock_includes_the_threshold_itself():
    assert is_low_stock(available_quantity=2, threshold=2)
    assert not is_low_stock(available_quantity=3, threshold=2)


def test_allocation_takes_from_the_lowest_pick_order_first_and_splits():
    stock = [LocationStock(7, 20, 5, 0), LocationStock(3, 10, 2, 1)]
    assert plan_allocation(stock, 3) == [(3, 1), (7, 2)]


def test_allocation_is_none_when_free_stock_cannot_cover_it():
    stock = [LocationStock(1, 1, 3, 2), LocationStock(2, 2, 1, 0)]
    assert plan_allocation(stock, 3) is None


def test_allocation_ignores_levels_with_nothing_free():
    stock = [LocationStock(1, 1, 2, 2), LocationStock(2, 2, 4, 0)]
    assert plan_allocation(stock, 4) == [(2, 4)]


def test_allocation_refuses_a_non_positive_quantity():
    with pytest.raises(ValueError, match="positive"):
        plan_allocation([LocationStock(1, 1, 2, 0)], 0)


def test_consumption_uses_reservations_in_order_until_the_quantity_is_met():
    assert plan_consumption([(1, 2), (2, 3)], 4) == [(1, 2), (2, 2)]


def test_a_kit_is_as_available_as_its_scarcest_part():
    # A gift set: 1 ring (9 free) + 2 charms (7 free) + 1 box (20 free): 7 // 2 = 3 sets.
    assert domain.kit_available([(9, 1), (7, 2), (20, 1)]) == 3
    assert domain.kit_available([(9, 1), (0, 1)]) == 0
    assert domain.kit_available([]) == 0


def test_a_made_to_order_piece_is_limited_by_materials_and_what_can_be_made_in_time():
    # 10 a week over a 10-day production time: 10 x 10 // 7 = 14 can be made; 3 are being
    # made for orders already, so 11, unless materials make fewer.
    common = {"weekly_capacity": 10, "production_days": 10, "in_progress": 3}
    assert domain.made_to_order_available(materials=40, **common) == 11
    assert domain.made_to_order_available(materials=6, **common) == 6
    # 3 a week over a 2-day production time: not a whole piece by the week's rate, but one
    # piece can always be made within the time promised for one; none while it is made.
    slow = {"weekly_capacity": 3, "production_days": 2}
    assert domain.made_to_order_available(materials=40, in_progress=0, **slow) == 1
    assert domain.made_to_order_available(materials=40, in_progress=1, **slow) == 0
    assert domain.made_to_order_available(materials=0, in_progress=0, **slow) == 0
    idle = {"weekly_capacity": 0, "production_days": 2}
    assert domain.made_to_order_available(materials=40, in_progress=0, **idle) == 0
