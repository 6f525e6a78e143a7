"""Amazon's own figures beside sellerdesk's, counted over the very same days."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..domain.policy import Metric, Policy
from ..domain.rates import Rate
from ..models import AmazonFigure
from .counts import Scope
from .summary import metric_over, metrics_of


@dataclass(frozen=True)
class Comparison:
    figure: AmazonFigure
    ours: Rate
    """sellerdesk's count over the figure's own days."""

    @property
    def difference(self) -> Decimal | None:
        """Ours less Amazon's, in percentage points."""
        if self.figure.rate is None or self.ours.value is None:
            return None
        return ((self.ours.value - self.figure.rate) * 100).quantize(Decimal("0.01"))


def amazon_comparisons(scope: Scope, policies: dict[Metric, Policy]) -> dict[Metric, Comparison]:
    """For each metric of the scope, Amazon's latest figure and ours over the same days."""
    if scope.marketplace is None:
        return {}
    latest: dict[Metric, AmazonFigure] = {}
    figures = AmazonFigure.objects.filter(
        marketplace=scope.marketplace.code, fulfillment=scope.fulfillment
    ).order_by("metric", "-last_day")
    for figure in figures:
        latest.setdefault(Metric(figure.metric), figure)
    return {
        metric: Comparison(
            latest[metric],
            metric_over(
                scope, policies[metric], latest[metric].first_day, latest[metric].last_day
            ).rate,
        )
        for metric in metrics_of(scope)
        if metric in latest
    }
