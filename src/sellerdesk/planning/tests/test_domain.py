"""Every restock formula with worked numbers."""

from decimal import Decimal

import pytest

from sellerdesk.planning import domain
from sellerdesk.planning.domain import CostLine, Day, Window


def days(*units: int, out: tuple[int, ...] = ()) -> list[Day]:
    """Days oldest first; `out` lists the positions of days out of stock."""
    return [Day(n, in_stock=i not in out) for i, n in enumerate(units)]


def test_window_velocity_leaves_out_days_out_of_stock():
    # 10 days: 2 units a day for 6 days, then 4 days out of stock selling nothing.
    # Counting those as zero would give 12/10 = 1.2; demand was 12/6 = 2.0 a day.
    history = days(2, 2, 2, 2, 2, 2, 0, 0, 0, 0, out=(6, 7, 8, 9))
    assert domain.window_velocity(history) == 2.0


def test_window_velocity_is_none_when_never_in_stock():
    assert domain.window_velocity(days(0, 0, out=(0, 1))) is None


def test_weighted_velocity_weighs_recent_days_most():
    # 30 days: 1 a day for 23 days, then 3 a day for the last 7.
    # 7-day 3.0, 30-day (23 + 21) / 30 = 1.4667; weights 3 and 2:
    # (3 x 3.0 + 2 x 1.4667) / 5 = 2.3867.
    history = days(*([1] * 23 + [3] * 7))
    windows = (Window(7, 3), Window(30, 2))
    assert domain.weighted_velocity(history, windows) == pytest.approx(2.38667, abs=1e-4)


def test_a_window_with_no_day_in_stock_gives_its_weight_to_the_others():
    # Last 7 days out of stock: only the 30-day window speaks, 23 / 23 = 1.0.
    history = days(*([1] * 23 + [0] * 7), out=tuple(range(23, 30)))
    windows = (Window(7, 3), Window(30, 2))
    assert domain.weighted_velocity(history, windows) == 1.0


def test_seasonal_factor_from_last_years_peak():
    # A year back: 1 a day over the 30 days before, 3 a day over the 20 days ahead: x3.
    season = domain.seasonal_factor(
        last_year_base=days(*[1] * 30), last_year_ahead=days(*[3] * 20), windows=[Window(30, 1)]
    )
    assert season.factor == 3.0
    assert "3.00/day ahead vs 1.00/day before" in season.reason


def test_seasonal_factor_is_held_to_its_bounds_and_says_so():
    season = domain.seasonal_factor(
        last_year_base=days(*[1] * 30), last_year_ahead=days(*[9] * 20), windows=[Window(30, 1)]
    )
    assert season.factor == 4.0
    assert "held to x4.00" in season.reason


def test_seasonal_factor_ignores_too_few_sales_a_year_back():
    season = domain.seasonal_factor(
        last_year_base=days(*[0] * 27, 1, 1, 1),
        last_year_ahead=days(*[3] * 20),
        windows=[Window(30, 1)],
    )
    assert season.factor == 1.0
    assert "too few sales a year back (3 units)" in season.reason


def test_seasonal_factor_is_one_without_last_year():
    season = domain.seasonal_factor(last_year_base=[], last_year_ahead=[], windows=[Window(30, 1)])
    assert (season.factor, season.reason) == (1.0, "no sales history a year back")


def test_demand_deviation_is_the_sample_deviation_of_days_in_stock():
    # 2, 4, 4, 4, 5, 5, 7, 9: mean 5, squared deviations sum 32, / 7 -> 2.1381.
    # The day out of stock (0) is left out.
    history = days(2, 4, 4, 4, 5, 5, 7, 9, 0, out=(8,))
    assert domain.demand_deviation(history) == pytest.approx(2.13809, abs=1e-4)


@pytest.mark.parametrize(
    ("level", "z"), [(0.90, 1.28155), (0.95, 1.64485), (0.975, 1.95996), (0.99, 2.32635)]
)
def test_service_level_gives_the_normal_quantile(level, z):
    assert domain.service_z(level) == pytest.approx(z, abs=1e-4)


@pytest.mark.parametrize("level", [0.4, 1.0, 1.2])
def test_a_service_level_out_of_range_is_refused(level):
    with pytest.raises(ValueError, match=r"between 0\.5 and 1"):
        domain.service_z(level)


def test_safety_stock_and_reorder_point_worked_example():
    # 95% service (z 1.645), deviation 2.0 a day, lead time 16 days:
    # safety = 1.645 x 2.0 x 4 = 13.16; at 3 a day the reorder point is 48 + 13.16 = 61.16.
    safety = domain.safety_stock(z=1.645, deviation=2.0, lead_time_days=16)
    assert safety == pytest.approx(13.16)
    assert domain.reorder_point(velocity=3.0, lead_time_days=16, safety=safety) == pytest.approx(
        61.16
    )


def test_days_of_cover():
    assert domain.days_of_cover(available=45, velocity=3.0) == 15.0
    assert domain.days_of_cover(available=5, velocity=0) is None
    assert domain.days_of_cover(available=-2, velocity=1.0) == 0


def test_reorder_quantity_tops_up_to_lead_time_plus_cover_in_whole_cases():
    # 3 a day, 16 days' lead, 30 days' cover, safety 13.16: target 3 x 46 + 13.16 = 151.16.
    # Holding 40 (at or below the point 61.16): 111.16 -> 112, in cases of 12 -> 120.
    quantity = domain.reorder_quantity(
        velocity=3.0, lead_time_days=16, cover_days=30, safety=13.16, position=40,
        reorder_at=61.16, multiple=12,
    )  # fmt: skip
    assert quantity == 120


def test_reorder_quantity_is_zero_above_the_reorder_point_and_meets_a_minimum():
    common = {"velocity": 0.1, "lead_time_days": 10, "cover_days": 30, "safety": 1.0}
    assert domain.reorder_quantity(**common, position=6, reorder_at=2.0) == 0
    # Target 0.1 x 40 + 1 = 5, holding 2: 3 wanted, but the supplier's minimum is 25.
    assert domain.reorder_quantity(**common, position=2, reorder_at=2.0, minimum=25) == 25


def test_landed_cost_spread_by_value():
    # Goods 10 x 4.00 + 5 x 12.00 = 100.00, freight and duty 20.00 (20% of value):
    # 4.00 + 0.80 = 4.80 and 12.00 + 2.40 = 14.40; the extras come back whole: 8 + 12 = 20.
    lines = [CostLine(1, 10, Decimal("4.00")), CostLine(2, 5, Decimal("12.00"))]
    landed = domain.landed_unit_costs(lines, Decimal("20.00"))
    assert landed == {1: Decimal("4.8000"), 2: Decimal("14.4000")}


def test_landed_cost_spread_by_units():
    # 15 units take 20.00 / 15 = 1.3333 each.
    lines = [CostLine(1, 10, Decimal("4.00")), CostLine(2, 5, Decimal("12.00"))]
    landed = domain.landed_unit_costs(lines, Decimal("20.00"), by="units")
    assert landed == {1: Decimal("5.3333"), 2: Decimal("13.3333")}


def test_landed_cost_without_extras_is_the_unit_cost():
    landed = domain.landed_unit_costs([CostLine(1, 3, Decimal("2.5"))], Decimal(0))
    assert landed == {1: Decimal("2.5000")}


def test_a_whole_plan_with_worked_numbers():
    # 30 days in stock alternating 1 and 3 units (2 a day, sample deviation 1.0171), no
    # season; lead 16 days, 95% service: safety 1.64485 x 1.0171 x 4 = 6.6921, reorder
    # point 2 x 16 + 6.69 = 38.69. With 20 on hand and 10 on order (30 <= 38.69) order
    # 2 x (16 + 30) + 6.69 - 30 = 68.69 -> 69. Cover: 20 / 2 = 10 days.
    history = days(*([1, 3] * 15))
    policy = domain.Policy(windows=[Window(30, 1)], service_level=0.95, cover_days=30)
    plan = domain.plan_restock(
        history=history, last_year_base=[], last_year_ahead=[], policy=policy,
        lead_time_days=16, available=20, on_order=10,
    )  # fmt: skip
    assert plan.velocity == 2.0
    assert plan.deviation == pytest.approx(1.01710, abs=1e-4)
    assert plan.safety == pytest.approx(6.6921, abs=1e-3)
    assert plan.reorder_at == pytest.approx(38.692, abs=1e-3)
    assert plan.quantity == 69
    assert plan.cover == 10.0
    assert "at or below the reorder point 38.7" in plan.reasons[0]


def test_a_plan_follows_last_years_season():
    # Selling 1 a day now; a year ago demand doubled over the days ahead: plan for 2 a day.
    history = days(*[1] * 30)
    policy = domain.Policy(windows=[Window(30, 1)])
    plan = domain.plan_restock(
        history=history, last_year_base=days(*[1] * 30), last_year_ahead=days(*[2] * 40),
        policy=policy, lead_time_days=10, available=5, on_order=0,
    )  # fmt: skip
    assert plan.season.factor == 2.0
    assert plan.velocity == 2.0
    assert plan.reorder_at == 20.0  # no deviation: no safety stock
    assert any(reason.startswith("seasonal x2.00") for reason in plan.reasons)


def test_net_sales_take_out_promotions_and_tax_inside_the_price():
    # UK: £30.00 including £5.00 VAT, a £3.00 promotion: 30 - 3 - 5 = £22.00 net.
    uk = domain.net_sales(
        item_price=Decimal("30.00"), item_tax=Decimal("5.00"),
        promotion_discount=Decimal("3.00"), prices_include_tax=True,
    )  # fmt: skip
    # US: $22.00 with $1.80 sales tax on top: the tax was never the seller's price.
    us = domain.net_sales(
        item_price=Decimal("22.00"), item_tax=Decimal("1.80"),
        promotion_discount=Decimal("2.00"), prices_include_tax=False,
    )  # fmt: skip
    assert (uk, us) == (Decimal("22.00"), Decimal("20.00"))


def test_margin_percent():
    # Sales 20.00, cost of goods 6.50: 13.50 / 20.00 = 67.5%.
    assert domain.margin_percent(Decimal("20.00"), Decimal("6.50")) == Decimal("67.5")
    assert domain.margin_percent(Decimal(0), Decimal("1.00")) is None
