"""Recording what Amazon counts against an order, and the seller's own metric settings.

Feedback, claims and chargebacks reach the seller by email and Seller Central pages; each is
one row per order, entered again to correct it. Every change is noted on the order's
timeline.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from sellerdesk.core import clock
from sellerdesk.core.errors import DomainError
from sellerdesk.inventory.services import Actor
from sellerdesk.orders.models import Order, OrderEventKind, OrderStatus
from sellerdesk.orders.services import add_order_events

from .defect_file import DefectRow
from .domain.counting import ChargebackKind, ClaimState
from .domain.policy import DEFAULTS, Metric, policy_with
from .models import (
    AmazonFigure,
    Chargeback,
    Claim,
    CurrencyRate,
    Feedback,
    MetricSetting,
    Source,
)


def record_feedback(
    *, order: Order, stars: int, left_at: dt.datetime, actor: Actor, comment: str = "",
    removed_at: dt.datetime | None = None, source: str = Source.HAND,
) -> Feedback:  # fmt: skip
    if not 1 <= stars <= 5:
        raise DomainError(f"Feedback has 1 to 5 stars, not {stars}.")
    left_at = clock.past(left_at, what="left")
    if removed_at is not None and clock.past(removed_at, what="removed") < left_at:
        raise DomainError("Feedback cannot be removed before it was left: check the dates.")
    with transaction.atomic():
        feedback, _ = Feedback.objects.update_or_create(
            order=order,
            defaults={
                "stars": stars, "left_at": left_at, "removed_at": removed_at,
                "comment": comment.strip(), "source": source,
            },
        )  # fmt: skip
        what = f"{stars}-star feedback" + (" (removed)" if removed_at else "")
        _note(order, f"{what} recorded", actor)
    return feedback


def record_claim(
    *, order: Order, state: str, filed_at: dt.datetime, actor: Actor, protected: bool = False,
    amount: Decimal = Decimal(0), note: str = "", source: str = Source.HAND,
) -> Claim:  # fmt: skip
    try:
        state = ClaimState(state)
    except ValueError:
        states = ", ".join(s.value for s in ClaimState)
        raise DomainError(f"{state!r} is not a claim state; use one of {states}.") from None
    if amount < 0:
        raise DomainError("A claim's amount cannot be negative.")
    with transaction.atomic():
        claim, _ = Claim.objects.update_or_create(
            order=order,
            defaults={
                "state": state, "filed_at": clock.past(filed_at, what="filed"), "protected": protected,
                "amount": amount, "currency": order.currency, "note": note.strip(),
                "source": source,
            },
        )  # fmt: skip
        _note(order, f"A-to-z claim recorded: {claim.get_state_display().lower()}", actor)
    return claim


def record_chargeback(
    *, order: Order, kind: str, filed_at: dt.datetime, actor: Actor, note: str = "",
    source: str = Source.HAND,
) -> Chargeback:  # fmt: skip
    try:
        kind = ChargebackKind(kind)
    except ValueError:
        raise DomainError(f"{kind!r} is not a chargeback kind; use service or fraud.") from None
    with transaction.atomic():
        chargeback, _ = Chargeback.objects.update_or_create(
            order=order,
            defaults={
                "kind": kind, "filed_at": clock.past(filed_at, what="filed"), "note": note.strip(),
                "source": source,
            },
        )  # fmt: skip
        _note(order, f"{kind.value.capitalize()} chargeback recorded", actor)
    return chargeback


def set_cancelled_by(*, order: Order, cancelled_by: str, actor: Actor) -> Order:
    """Who cancelled: the cancellation rate leaves out only what the buyer asked for."""
    if cancelled_by not in ("seller", "buyer", "channel"):
        raise DomainError("Say who cancelled: seller, buyer or channel.")
    if (
        order.status != OrderStatus.CANCELED
        and not order.lines.filter(quantity_cancelled__gt=0).exists()
    ):
        raise DomainError(f"Order {order.external_id} has nothing cancelled.")
    with transaction.atomic():
        order.cancelled_by = cancelled_by
        order.save(update_fields=["cancelled_by"])
        _note(order, f"Cancellation marked as the {cancelled_by}'s", actor)
    return order


def save_metric_setting(
    *, metric: str, days: int | None, offset_days: int | None, target: Decimal | None,
    warn_at: Decimal | None,
) -> MetricSetting:  # fmt: skip
    """The seller's window, offset and target for a metric; None keeps Amazon's."""
    base = DEFAULTS[Metric(metric)]
    try:
        policy_with(base, days=days, offset_days=offset_days, target=target, warn_at=warn_at)
    except ValueError as error:
        raise DomainError(f"{base.name}: {error}.") from None
    setting, _ = MetricSetting.objects.update_or_create(
        metric=metric,
        defaults={"days": days, "offset_days": offset_days, "target": target, "warn_at": warn_at},
    )
    return setting


def _note(order: Order, text: str, actor: Actor) -> None:
    add_order_events(
        orders=[order], at=clock.now(), kind=OrderEventKind.NOTE, message=text, actor=actor.name
    )


@dataclass(frozen=True)
class ReportedFigure:
    """One metric of Amazon's account-health report, read by the Amazon adapter."""

    marketplace: str
    fulfillment: str
    metric: Metric
    first_day: dt.date
    last_day: dt.date
    numerator: int | None
    denominator: int | None
    rate: Decimal | None
    status: str
    target: Decimal | None
    window_given: bool = True


def record_amazon_figures(*, figures: list[ReportedFigure], source: str) -> tuple[int, int]:
    """Keep Amazon's own figures; the same window read again replaces what was kept.
    Returns (new, replaced)."""
    at = clock.now()
    created = 0
    with transaction.atomic():
        for figure in figures:
            _, new = AmazonFigure.objects.update_or_create(
                marketplace=figure.marketplace, fulfillment=figure.fulfillment,
                metric=figure.metric, last_day=figure.last_day,
                defaults={
                    "first_day": figure.first_day, "numerator": figure.numerator,
                    "denominator": figure.denominator, "rate": figure.rate,
                    "status": figure.status[:16], "target": figure.target,
                    "source": source[:255], "imported_at": at,
                    "window_given": figure.window_given,
                },
            )  # fmt: skip
            created += new
    return created, len(figures) - created


def save_currency_rate(*, currency: str, to_currency: str, rate: Decimal) -> CurrencyRate:
    currency, to_currency = currency.strip().upper(), to_currency.strip().upper()
    if len(currency) != 3 or len(to_currency) != 3 or currency == to_currency:
        raise DomainError("Give two different three-letter currency codes, e.g. GBP and USD.")
    if rate <= 0:
        raise DomainError("A rate is more than zero: how many of the second for one of the first.")
    saved, _ = CurrencyRate.objects.update_or_create(
        currency=currency, to_currency=to_currency,
        defaults={"rate": rate, "updated_at": clock.now()},
    )  # fmt: skip
    return saved


def remove_currency_rate(pk: int) -> CurrencyRate | None:
    """Remove the seller's rate; None when it was gone already (a second click)."""
    rate = CurrencyRate.objects.filter(pk=pk).first()
    if rate is not None:
        rate.delete()
    return rate


def _record_row(row: DefectRow, order: Order, on: dt.datetime, actor: Actor) -> None:
    if row.what == "feedback":
        assert row.stars is not None
        record_feedback(
            order=order, stars=row.stars, left_at=on, actor=actor, comment=row.comment,
            removed_at=row.removed_on, source=Source.FILE,
        )  # fmt: skip
    elif row.what == "claim":
        record_claim(
            order=order, state=row.claim_state, filed_at=on, actor=actor,
            protected=row.protected, note=row.comment, source=Source.FILE,
        )  # fmt: skip
    else:
        record_chargeback(
            order=order, kind=row.chargeback_kind, filed_at=on, actor=actor, note=row.comment,
            source=Source.FILE,
        )  # fmt: skip


def import_defects(*, rows: list[DefectRow], actor: Actor, source: str) -> int:
    """Every row recorded, or none: an order id sellerdesk does not know stops the file."""
    ids = {row.order_id for row in rows}
    orders = {order.external_id: order for order in Order.objects.filter(external_id__in=ids)}
    now = clock.now()
    with transaction.atomic():
        for row in rows:
            order = orders.get(row.order_id)
            if order is None:
                raise DomainError(
                    f"{source}, line {row.line}, column 'order-id': sellerdesk has no order "
                    f"{row.order_id}; import the order first, or leave the line out"
                )
            try:
                _record_row(row, order, min(row.on, now), actor)
            except DomainError as error:
                raise DomainError(f"{source}, line {row.line}: {error.message}") from None
    return len(rows)
