"""Restock arithmetic with no database: sales velocity, safety stock, reorder points, landed cost.

Demand history is a list of days, oldest first, ending with yesterday; each day says how
many units sold and whether the SKU could be sold at all (days out of stock say nothing
about demand, so they are left out rather than counted as zero sales).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from statistics import NormalDist, stdev

# A seasonal factor from a handful of units would swing wildly: below this many units in
# last year's base days the factor is not used, and it is never taken beyond these bounds.
SEASON_MIN_UNITS = 10
SEASON_BOUNDS = (0.25, 4.0)


@dataclass(frozen=True, slots=True)
class Day:
    units: int
    in_stock: bool = True


@dataclass(frozen=True, slots=True)
class Window:
    days: int
    weight: float


DEFAULT_WINDOWS = (Window(7, 3), Window(30, 2), Window(90, 1))
"""Recent days weigh most: a week three times, a month twice, a quarter once."""


def window_velocity(days: Sequence[Day]) -> float | None:
    """Units a day over the days in stock; None when the SKU was never in stock in them."""
    selling = [day.units for day in days if day.in_stock]
    if not selling:
        return None
    return sum(selling) / len(selling)


def weighted_velocity(history: Sequence[Day], windows: Sequence[Window]) -> float | None:
    """The windows' velocities (each over its last N days) blended by weight.

    A window with no day in stock drops out and the others share its weight; None when
    every window does.
    """
    total = weight = 0.0
    for window in windows:
        velocity = window_velocity(history[-window.days :])
        if velocity is not None:
            total += window.weight * velocity
            weight += window.weight
    return total / weight if weight else None


@dataclass(frozen=True, slots=True)
class Season:
    factor: float
    reason: str


def seasonal_factor(
    *, last_year_base: Sequence[Day], last_year_ahead: Sequence[Day], windows: Sequence[Window]
) -> Season:
    """How much faster last year sold over the days ahead than over the days behind.

    `last_year_base` is last year's history ending a year before yesterday, measured the
    way this year's velocity is; `last_year_ahead` the year-ago days the coming order must
    cover (lead time plus cover). A factor of 2.0 means last year's peak doubled demand.
    """
    base = weighted_velocity(last_year_base, windows)
    base_units = sum(day.units for day in last_year_base[-max(w.days for w in windows) :])
    ahead = window_velocity(last_year_ahead)
    if base is None or ahead is None or not last_year_ahead:
        return Season(1.0, "no sales history a year back")
    if base_units < SEASON_MIN_UNITS or base == 0:
        return Season(1.0, f"too few sales a year back ({base_units} units) to judge a season")
    low, high = SEASON_BOUNDS
    raw = ahead / base
    factor = min(high, max(low, raw))
    note = f"last year {ahead:.2f}/day ahead vs {base:.2f}/day before"
    if factor != raw:
        note += f" (x{raw:.2f}, held to x{factor:.2f})"
    return Season(factor, note)


def demand_deviation(history: Sequence[Day]) -> float:
    """Sample standard deviation of daily units over the days in stock (0 with under two)."""
    selling = [day.units for day in history if day.in_stock]
    return stdev(selling) if len(selling) > 1 else 0.0


def service_z(service_level: float) -> float:
    """Standard normal quantile: 0.95 -> 1.645, the units of deviation to hold back."""
    if not 0.5 <= service_level < 1:
        raise ValueError(f"a service level is between 0.5 and 1, got {service_level}")
    return NormalDist().inv_cdf(service_level)


def safety_stock(*, z: float, deviation: float, lead_time_days: int) -> float:
    """z x (standard deviation of daily demand) x sqrt(lead time)."""
    return z * deviation * math.sqrt(lead_time_days)


def reorder_point(*, velocity: float, lead_time_days: int, safety: float) -> float:
    """Velocity x lead time + safety stock: order when what you have falls to this."""
    return velocity * lead_time_days + safety


def days_of_cover(*, available: int, velocity: float) -> float | None:
    """Days the stock lasts at this velocity; None when nothing sells."""
    if velocity <= 0:
        return None
    return max(0, available) / velocity


def reorder_quantity(
    *,
    velocity: float,
    lead_time_days: int,
    cover_days: int,
    safety: float,
    position: int,
    reorder_at: float,
    minimum: int = 1,
    multiple: int = 1,
) -> int:
    """Units to order now: 0 above the reorder point; else enough to reach the demand over
    lead time plus `cover_days` on top of safety stock, at least `minimum`, in whole
    `multiple`s (cases). `position` is available plus already on order."""
    if position > reorder_at:
        return 0
    target = velocity * (lead_time_days + cover_days) + safety
    wanted = max(math.ceil(target - position - 1e-9), 1)
    wanted = max(wanted, minimum)
    return math.ceil(wanted / multiple) * multiple


@dataclass(frozen=True, slots=True)
class CostLine:
    key: int
    quantity: int
    unit_cost: Decimal


def landed_unit_costs(
    lines: Sequence[CostLine], extra: Decimal, *, by: str = "value"
) -> dict[int, Decimal]:
    """Each line's unit cost with the order's extra costs (freight, duty) spread over it.

    By value: each line takes the share of the extras its goods are of the order's goods;
    by units: every unit takes the same share. Rounded to 4 places per unit.
    """
    if by not in {"value", "units"}:
        raise ValueError(f"spread extra costs by value or units, not {by!r}")
    units = sum(line.quantity for line in lines)
    value = sum(line.quantity * line.unit_cost for line in lines)
    landed = {}
    for line in lines:
        if not extra or not line.quantity:
            share = Decimal(0)
        elif by == "units" or not value:
            share = extra / units
        else:
            share = extra * line.unit_cost / value
        landed[line.key] = (line.unit_cost + share).quantize(
            Decimal("0.0001"), rounding=ROUND_HALF_UP
        )
    return landed


@dataclass(frozen=True, slots=True)
class Policy:
    """The seller's restock settings."""

    windows: Sequence[Window] = DEFAULT_WINDOWS
    service_level: float = 0.95
    cover_days: int = 30
    seasonal: bool = True


@dataclass(frozen=True, slots=True)
class Plan:
    velocity: float
    """Forecast units a day: the weighted velocity times the seasonal factor."""
    season: Season
    deviation: float
    safety: float
    reorder_at: float
    cover: float | None
    quantity: int
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Demand:
    """What a SKU's sales up to yesterday say: the part of its plan that holds all day."""

    velocity: float
    """Forecast units a day: the weighted velocity times the seasonal factor."""
    deviation: float
    season: Season


def demand_from(
    *,
    history: Sequence[Day],
    last_year_base: Sequence[Day],
    last_year_ahead: Sequence[Day],
    policy: Policy,
) -> Demand:
    base = weighted_velocity(history, policy.windows) or 0.0
    season = (
        seasonal_factor(
            last_year_base=last_year_base, last_year_ahead=last_year_ahead, windows=policy.windows
        )
        if policy.seasonal
        else Season(1.0, "seasons not used")
    )
    deviation = demand_deviation(history[-max(w.days for w in policy.windows) :])
    return Demand(base * season.factor, deviation, season)


def plan_restock(
    *,
    history: Sequence[Day],
    last_year_base: Sequence[Day],
    last_year_ahead: Sequence[Day],
    policy: Policy,
    lead_time_days: int,
    available: int,
    on_order: int,
    minimum: int = 1,
    multiple: int = 1,
) -> Plan:
    """One SKU's velocity, safety stock, reorder point and what to order, with why."""
    demand = demand_from(
        history=history, last_year_base=last_year_base, last_year_ahead=last_year_ahead,
        policy=policy,
    )  # fmt: skip
    return plan_from(
        demand=demand, policy=policy, lead_time_days=lead_time_days, available=available,
        on_order=on_order, minimum=minimum, multiple=multiple,
    )  # fmt: skip


def plan_from(
    *,
    demand: Demand,
    policy: Policy,
    lead_time_days: int,
    available: int,
    on_order: int,
    minimum: int = 1,
    multiple: int = 1,
) -> Plan:
    """A plan from what sales say and what is in stock and on order now."""
    velocity, deviation, season = demand.velocity, demand.deviation, demand.season
    safety = safety_stock(
        z=service_z(policy.service_level), deviation=deviation, lead_time_days=lead_time_days
    )
    reorder_at = reorder_point(velocity=velocity, lead_time_days=lead_time_days, safety=safety)
    position = available + on_order
    quantity = (
        reorder_quantity(
            velocity=velocity, lead_time_days=lead_time_days, cover_days=policy.cover_days,
            safety=safety, position=position, reorder_at=reorder_at, minimum=minimum,
            multiple=multiple,
        )
        if velocity > 0
        else 0
    )  # fmt: skip
    reasons = []
    if velocity <= 0:
        reasons.append("no sales in the days in stock: nothing to plan from")
    elif quantity:
        reasons.append(
            f"{position} available and on order is at or below the reorder point "
            f"{reorder_at:.1f} ({velocity:.2f}/day x {lead_time_days} days + {safety:.1f} safety)"
        )
    if season.factor != 1.0:
        reasons.append(f"seasonal x{season.factor:.2f}: {season.reason}")
    return Plan(
        velocity=velocity,
        season=season,
        deviation=deviation,
        safety=safety,
        reorder_at=reorder_at,
        cover=days_of_cover(available=available, velocity=velocity),
        quantity=quantity,
        reasons=tuple(reasons),
    )


def net_sales(
    *,
    item_price: Decimal,
    item_tax: Decimal,
    promotion_discount: Decimal,
    prices_include_tax: bool,
) -> Decimal:
    """What a line's items brought in before tax, less promotions: the margin's sales.

    Where prices include tax (VAT), the tax inside the price is taken out; where they do
    not, the tax was charged on top and is not the seller's either way.
    """
    sales = item_price - promotion_discount
    if prices_include_tax:
        sales -= item_tax
    return sales


def margin_percent(sales: Decimal, cost: Decimal) -> Decimal | None:
    """Gross margin as a share of sales, to one place: (sales - cost) / sales x 100."""
    if sales <= 0:
        return None
    return ((sales - cost) * 100 / sales).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
