"""Every metric for one scope on one day: numerator, denominator, rate, target and status."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sellerdesk.channels.models import ChannelKind, Marketplace
from sellerdesk.core import clock
from sellerdesk.messaging.domain.response_time import Message, response_rate
from sellerdesk.messaging.models import BuyerMessage
from sellerdesk.orders.models import Fulfillment

from ..domain.policy import DEFAULTS, Metric, Policy, policy_with
from ..domain.rates import Rate, Window
from ..models import MetricSetting
from ..rollups.refresh import refreshed
from . import daily
from .counts import Scope


def policy_list() -> dict[Metric, Policy]:
    """Amazon's defaults with the seller's own settings over them."""
    policies = dict(DEFAULTS)
    for setting in MetricSetting.objects.all():
        metric = Metric(setting.metric)
        policies[metric] = policy_with(
            DEFAULTS[metric],
            days=setting.days,
            offset_days=setting.offset_days,
            target=setting.target,
            warn_at=setting.warn_at,
        )
    return policies


@dataclass(frozen=True)
class MetricResult:
    policy: Policy
    window: Window
    rate: Rate
    parts: dict[str, Rate] = field(default_factory=dict)
    """Components (the ODR's three) or categories (the VTR's), each a rate of its own."""
    note: str = ""

    @property
    def metric(self) -> Metric:
        return self.policy.metric

    @property
    def shown(self) -> str:
        """The rate, or what there was none of."""
        return str(self.rate) if self.rate.denominator else f"no {self.policy.unit}"


SHIPPING_METRICS = (
    Metric.LATE_SHIPMENT_RATE_10,
    Metric.LATE_SHIPMENT_RATE_30,
    Metric.CANCELLATION_RATE,
    Metric.VALID_TRACKING_RATE,
    Metric.ON_TIME_DELIVERY_RATE,
)


def metrics_of(scope: Scope) -> list[Metric]:
    """Amazon ships FBA orders itself: the shipping metrics are the seller's only for hers."""
    shipping = list(SHIPPING_METRICS) if scope.fulfillment == Fulfillment.SELLER else []
    return [Metric.ORDER_DEFECT_RATE, *shipping, Metric.RESPONSE_TIME]


def metric_summary(
    scope: Scope, as_of: dt.date, policies: dict[Metric, Policy] | None = None
) -> list[MetricResult]:
    policies = policies or policy_list()
    with refreshed():
        return [_COMPUTE[metric](policies[metric], scope, as_of) for metric in metrics_of(scope)]


def metric_over(scope: Scope, policy: Policy, first: dt.date, last: dt.date) -> MetricResult:
    """The policy's metric over exactly these days, whatever its usual window."""
    exact = policy_with(policy, days=(last - first).days + 1, offset_days=0)
    return _COMPUTE[policy.metric](exact, scope, last)


def metric_history(
    scope: Scope, policy: Policy, as_of: dt.date, *, days: int = 30
) -> list[tuple[dt.date, Rate]]:
    """The policy's metric as it stood at the end of each of the last `days` days."""
    with refreshed():
        return [
            (day, _COMPUTE[policy.metric](policy, scope, day).rate)
            for day in (as_of - dt.timedelta(days=back) for back in range(days - 1, -1, -1))
        ]


def _defects(policy: Policy, scope: Scope, as_of: dt.date) -> MetricResult:
    window = policy.window(as_of)
    found = daily.defect_counts(scope, window)
    target = policy.target
    parts = {
        "Negative feedback": Rate(found.negative_feedback, found.orders, target),
        "A-to-z claims": Rate(found.claims, found.orders, target),
        "Chargebacks": Rate(found.chargebacks, found.orders, target),
    }
    return MetricResult(policy, window, Rate(found.defective, found.orders, target), parts)


def _late(policy: Policy, scope: Scope, as_of: dt.date) -> MetricResult:
    window = policy.window(as_of)
    found = daily.order_counts(scope, window)
    overdue = daily.unconfirmed_before(scope, window, min(window.bounds()[1], clock.now()))
    # Amazon counts an order when it is confirmed; these will count late then (or, never
    # confirmed, as cancellations): said beside the exact rate, not mixed into it.
    note = (
        f"and {overdue} not yet confirmed past their ship-by: each counts late when confirmed"
        if overdue
        else ""
    )
    return MetricResult(policy, window, Rate(found.late, found.orders, policy.target), note=note)


def _cancelled(policy: Policy, scope: Scope, as_of: dt.date) -> MetricResult:
    window = policy.window(as_of)
    found = daily.order_counts(scope, window)
    return MetricResult(policy, window, Rate(found.cancelled, found.all_orders, policy.target))


def _tracking(policy: Policy, scope: Scope, as_of: dt.date) -> MetricResult:
    window = policy.window(as_of)
    found = daily.tracking_counts(scope, window)
    parts = {
        category: Rate(valid, total, policy.target) for category, (valid, total) in found.items()
    }
    valid = sum(valid for valid, _ in found.values())
    rate = Rate(valid, sum(total for _, total in found.values()), policy.target)
    note = (
        "exactly on the target: Amazon's pages pass it, its API does not"
        if (rate.on_the_line)
        else ""
    )
    return MetricResult(policy, window, rate, parts, note)


def _on_time(policy: Policy, scope: Scope, as_of: dt.date) -> MetricResult:
    window = policy.window(as_of)
    on_time, units = daily.delivery_counts(scope, window)
    return MetricResult(policy, window, Rate(on_time, units, policy.target))


def _responses(policy: Policy, scope: Scope, as_of: dt.date) -> MetricResult:
    """Buyer messages received in the window: the clock of each, seen at the end of `as_of`."""
    window = policy.window(as_of)
    start, end = window.bounds()
    now = min(end, clock.now())
    messages = BuyerMessage.objects.filter(received_at__gte=start, received_at__lt=end)
    if scope.marketplace is not None:
        messages = messages.filter(order__marketplace=scope.marketplace)
    rows = messages.values_list("received_at", "answered_at", "no_response_needed")
    rate = response_rate((Message(*row) for row in rows), now)
    return MetricResult(
        policy,
        window,
        Rate(rate.on_time, rate.counted, policy.target),
        note="all of the marketplace's buyer messages, whoever fulfils the order",
    )


class UnknownMarketplace(ValueError):
    """A marketplace code that names no Amazon marketplace; the message lists those there are."""


def scope_list(marketplace: str | None = None) -> list[Scope]:
    """Seller-fulfilled then FBA, for one marketplace or each one the seller sells on."""
    amazon = Marketplace.objects.filter(channel__kind=ChannelKind.AMAZON).order_by("code")
    if marketplace:
        # The marketplace's code (UK) or its country's (GB).
        chosen = (
            amazon.filter(code__iexact=marketplace).first()
            or amazon.filter(country_code__iexact=marketplace).first()
        )
        if chosen is None:
            codes = ", ".join(amazon.values_list("code", flat=True))
            raise UnknownMarketplace(
                f"{marketplace!r} is not an Amazon marketplace here; use one of {codes}"
            )
        markets = [chosen]
    else:
        markets = list(amazon.filter(is_active=True))
    return [
        Scope(fulfillment, market)
        for market in markets
        for fulfillment in (Fulfillment.SELLER, Fulfillment.AMAZON)
    ]


_COMPUTE = {
    Metric.ORDER_DEFECT_RATE: _defects,
    Metric.LATE_SHIPMENT_RATE_10: _late,
    Metric.LATE_SHIPMENT_RATE_30: _late,
    Metric.CANCELLATION_RATE: _cancelled,
    Metric.VALID_TRACKING_RATE: _tracking,
    Metric.ON_TIME_DELIVERY_RATE: _on_time,
    Metric.RESPONSE_TIME: _responses,
}
