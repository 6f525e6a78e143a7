"""`sellerdesk metrics`: Amazon's account-health metrics, computed from sellerdesk's own data."""

from __future__ import annotations

import datetime as dt
import json
import time
from typing import Any

from django.core.management.base import CommandError

from sellerdesk.core import clock
from sellerdesk.core.management.base import DocstringCommand
from sellerdesk.metrics.domain.rates import percent
from sellerdesk.metrics.rollups.refresh import rebuild
from sellerdesk.metrics.selectors.reconcile import Comparison, amazon_comparisons
from sellerdesk.metrics.selectors.summary import (
    UnknownMarketplace,
    metric_summary,
    policy_list,
    scope_list,
)
from sellerdesk.metrics.serialization import comparison_as_dict, result_as_dict


class Command(DocstringCommand):
    """Print each account-health metric with its orders counted, rate, target and status.

    Seller-fulfilled and FBA orders are counted apart, per Amazon marketplace, over Amazon's
    windows (the Order Defect Rate, for one, covers 60 days ending 14 days before the day);
    windows and targets are Amazon's unless changed on the Performance page.

    Examples:
      sellerdesk metrics
      sellerdesk metrics --marketplace UK --as-of 2026-03-01
      sellerdesk metrics --json | jq 'select(.status == "fail")'   (one JSON object per metric)
      sellerdesk metrics --rebuild   (recount the daily rollups first)
    """

    help = __doc__

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--as-of", help="The day to compute for, YYYY-MM-DD (default: today, UTC)."
        )
        parser.add_argument("--marketplace", help="An Amazon marketplace code, e.g. US, UK, DE.")
        parser.add_argument("--json", action="store_true", help="One JSON object per metric.")
        parser.add_argument(
            "--rebuild",
            action="store_true",
            help="Recount the daily rollups from every order first (after an upgrade that "
            "changes how a metric counts; they are otherwise kept current as orders change).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["rebuild"]:
            started = time.perf_counter()
            rebuild()
            self.stderr.write(f"Rollups recounted in {time.perf_counter() - started:.1f} s.")
        as_of = _day(options["as_of"]) if options["as_of"] else clock.now().date()
        try:
            scopes = scope_list(options["marketplace"])
        except UnknownMarketplace as error:
            raise CommandError(str(error)) from error
        if not scopes:
            raise CommandError(
                "No Amazon marketplace is active: connect Amazon or import an Amazon report "
                "first, or name one with --marketplace."
            )
        policies = policy_list()
        for scope in scopes:
            results = metric_summary(scope, as_of, policies)
            amazon = amazon_comparisons(scope, policies)
            if options["json"]:
                for result in results:
                    data = result_as_dict(scope, result) | {"as_of": as_of.isoformat()}
                    if result.metric in amazon:
                        data["amazon"] = comparison_as_dict(amazon[result.metric])
                    self.stdout.write(json.dumps(data, ensure_ascii=False))
                continue
            self.stdout.write(f"{scope}, as of {as_of:%Y-%m-%d}")
            for result in results:
                rate = result.rate
                self.stdout.write(
                    f"  {result.policy.name:<34} {rate.numerator:>6} / {rate.denominator:<6} "
                    f"{result.shown:>11}  {result.policy.target.describe():<16} {rate.status:<8} "
                    f"{result.window}"
                )
                for name, part in result.parts.items():
                    self.stdout.write(
                        f"    {name:<32} {part.numerator:>6} / {part.denominator:<6} {part!s:>11}"
                    )
                if result.note:
                    self.stdout.write(f"    ({result.note})")
                if result.metric in amazon:
                    self.stdout.write(f"    {_amazon_says(amazon[result.metric])}")
            self.stdout.write("")


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(
            f"--as-of {text!r} is not a date: expected YYYY-MM-DD, e.g. 2026-03-01"
        ) from None


def _amazon_says(comparison: Comparison) -> str:
    figure = comparison.figure
    said = "no rate" if figure.rate is None else percent(figure.rate)
    difference = comparison.difference
    against = "" if difference is None else f"; ours {comparison.ours}, {difference:+} points"
    return (
        f"Amazon's report: {said} for {figure.first_day:%Y-%m-%d} to {figure.last_day:%Y-%m-%d}"
        f"{against}"
    )
