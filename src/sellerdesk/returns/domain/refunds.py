"""What a return refunds, line by line, item and shipping apart (amazon-rules.md section 5).

The seller's fault (damaged, wrong item, ...) refunds the units' item and shipping in full,
with nothing deducted. The buyer's own reasons refund the units' items; original shipping
stays paid; the return label's cost may be deducted, and a restocking fee by the condition
the units came back in (a setting; never on the seller's fault). No refund ever exceeds what
was paid for a line less what was refunded for it already.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from sellerdesk.core.money import format_money, minor_units

ZERO = Decimal(0)
HUNDRED = Decimal(100)

SELLABLE, DAMAGED, DEFECTIVE, WRONG_ITEM, MISSING = (
    "sellable",
    "damaged",
    "defective",
    "wrong_item",
    "missing",
)
CONDITIONS = {
    SELLABLE: "Sellable as new",
    DAMAGED: "Damaged by the buyer",
    DEFECTIVE: "Defective",
    WRONG_ITEM: "Not the item sent",
    MISSING: "Not in the parcel",
}


class RefundTooLarge(ValueError):
    """A refund beyond what was paid for a line, less what was refunded already."""


@dataclass(frozen=True)
class PaidLine:
    """An order line as paid: its units and what they cost the buyer, and refunds so far."""

    line_id: int
    sku: str
    units: int
    item: Decimal
    """What the buyer paid for the line's items (after discounts, with tax where added)."""
    shipping: Decimal
    refunded_item: Decimal = ZERO
    refunded_shipping: Decimal = ZERO

    @property
    def item_left(self) -> Decimal:
        return self.item - self.refunded_item

    @property
    def shipping_left(self) -> Decimal:
        return self.shipping - self.refunded_shipping


@dataclass(frozen=True)
class ReturnedLine:
    line_id: int
    conditions: Sequence[str]
    """One condition per unit returned (inspected), or "sellable" for units not inspected."""


@dataclass(frozen=True)
class RefundRules:
    restocking_percent: Mapping[str, Decimal] = field(default_factory=dict)
    """Condition -> percent of a unit's price kept, for the buyer's own reasons only."""
    deduct_label: bool = True
    """Deduct the return label's cost when the buyer's reason is her own."""


@dataclass(frozen=True)
class RefundLine:
    line_id: int
    item: Decimal
    shipping: Decimal
    deductions: tuple[tuple[str, Decimal], ...] = ()
    """(why, amount) taken off the item amount."""

    @property
    def total(self) -> Decimal:
        return self.item + self.shipping


def propose(
    paid: Sequence[PaidLine],
    returned: Sequence[ReturnedLine],
    *,
    seller_fault: bool,
    currency: str,
    label_cost: Decimal = ZERO,
    rules: RefundRules = RefundRules(),
) -> list[RefundLine]:
    """The refund the return calls for, in whole cents (the currency's minor unit), before
    the seller changes any amount."""
    step = Decimal(1).scaleb(-minor_units(currency))

    def cents(amount: Decimal) -> Decimal:
        return amount.quantize(step, rounding=ROUND_HALF_UP)

    by_id = {line.line_id: line for line in paid}
    proposal = []
    label_left = label_cost if rules.deduct_label and not seller_fault else ZERO
    for back in returned:
        line = by_id[back.line_id]
        units = len(back.conditions)
        if units > line.units:
            raise ValueError(f"{line.sku}: {units} returned of {line.units} bought")
        unit_price = line.item / line.units
        item = unit_price * units
        shipping = line.shipping * units / line.units if seller_fault else ZERO
        deductions: list[tuple[str, Decimal]] = []
        if not seller_fault:
            for condition in back.conditions:
                percent = rules.restocking_percent.get(condition, ZERO)
                if percent:
                    deductions.append(
                        (f"restocking fee {percent.normalize():f}% "
                         f"({CONDITIONS[condition].lower()})",
                         unit_price * percent / HUNDRED)
                    )  # fmt: skip
            if label_left:
                taken = min(label_left, item - sum(amount for _, amount in deductions))
                if taken > 0:
                    deductions.append(("return label", taken))
                    label_left -= taken
        item -= sum(amount for _, amount in deductions)
        proposal.append(
            RefundLine(
                line.line_id,
                cents(min(max(item, ZERO), line.item_left)),
                cents(min(shipping, line.shipping_left)),
                tuple((why, cents(amount)) for why, amount in deductions),
            )
        )
    return proposal


def check(paid: Sequence[PaidLine], refund: Sequence[RefundLine], currency: str) -> None:
    """RefundTooLarge unless every amount is between nothing and what is left to refund."""
    by_id = {line.line_id: line for line in paid}

    def money(amount: Decimal) -> str:
        return format_money(amount, currency)

    for part in refund:
        line = by_id.get(part.line_id)
        if line is None:
            raise RefundTooLarge(f"Line {part.line_id} is not on the order.")
        if part.item < 0 or part.shipping < 0:
            raise RefundTooLarge(f"{line.sku}: a refund cannot be negative.")
        if part.item > line.item_left:
            raise RefundTooLarge(
                f"{line.sku}: {money(part.item)} for the item is more than the "
                f"{money(line.item_left)} left of the {money(line.item)} paid."
            )
        if part.shipping > line.shipping_left:
            raise RefundTooLarge(
                f"{line.sku}: {money(part.shipping)} for shipping is more than the "
                f"{money(line.shipping_left)} left of the {money(line.shipping)} paid."
            )
