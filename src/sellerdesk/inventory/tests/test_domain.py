import pytest

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
