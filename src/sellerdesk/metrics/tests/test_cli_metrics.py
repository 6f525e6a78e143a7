"""`sellerdesk metrics`: the numbers of the Performance page, for terminals and scripts."""

import datetime as dt
import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from sellerdesk.channels.models import Marketplace
from sellerdesk.metrics.models import AmazonFigure, Feedback
from sellerdesk.metrics.rollups import triggers
from sellerdesk.orders.tests.factories import OrderFactory

pytestmark = pytest.mark.django_db

T = dt.datetime(2025, 6, 10, 10, tzinfo=dt.UTC)


def run(*args: str) -> str:
    out = StringIO()
    call_command("metrics", *args, stdout=out)
    return out.getvalue()


def test_each_metric_prints_its_counts_rate_target_and_status():
    orders = [OrderFactory(purchased_at=T) for _ in range(4)]
    Feedback.objects.create(order=orders[0], stars=1, left_at=T)
    text = run("--marketplace", "us", "--as-of", "2025-06-30")
    assert "UK, Seller (FBM)" in run("--marketplace", "GB", "--as-of", "2025-06-30")
    assert "US, Seller (FBM), as of 2025-06-30" in text
    odr = next(line for line in text.splitlines() if "Order Defect Rate" in line)
    assert odr.split() == [
        "Order",
        "Defect",
        "Rate",
        "1",
        "/",
        "4",
        "25.00%",
        "under",
        "1.00%",
        "fail",
        "2025-04-18",
        "to",
        "2025-06-16",
    ]
    assert "    Negative feedback" in text
    vtr = next(line for line in text.splitlines() if "Valid Tracking Rate" in line)
    assert "no packages" in vtr
    assert "no-data" in vtr
    assert "US, Amazon (FBA), as of 2025-06-30" in text


def test_json_gives_one_object_per_metric_with_exact_rates():
    orders = [OrderFactory(purchased_at=T) for _ in range(3)]
    Feedback.objects.create(order=orders[0], stars=2, left_at=T)
    rows = [
        json.loads(line)
        for line in run("--json", "--marketplace", "US", "--as-of", "2025-06-30").splitlines()
    ]
    odr = next(r for r in rows if r["metric"] == "odr" and r["fulfillment"] == "seller")
    assert (odr["numerator"], odr["denominator"], odr["rate"], odr["status"]) == (
        1,
        3,
        "0.333333",
        "fail",
    )
    assert (odr["target"], odr["condition"], odr["as_of"]) == ("0.01", "under", "2025-06-30")
    assert odr["parts"]["Negative feedback"]["numerator"] == 1
    assert {r["metric"] for r in rows if r["fulfillment"] == "amazon"} == {"odr", "response"}


def test_without_a_marketplace_each_active_one_is_shown():
    Marketplace.objects.filter(channel__code="amazon", code__in=["US", "DE"]).update(is_active=True)
    text = run("--as-of", "2025-06-30")
    assert "DE, Seller (FBM)" in text
    assert "US, Amazon (FBA)" in text
    assert "UK," not in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--marketplace", "XX"], "'XX' is not an Amazon marketplace here; use one of"),
        (["--as-of", "30/06/2025"], "expected YYYY-MM-DD"),
        ([], "No Amazon marketplace is active"),
    ],
)
def test_mistakes_say_what_was_expected(args, message):
    Marketplace.objects.update(is_active=False)
    with pytest.raises(CommandError, match=message):
        run(*args)


def test_rebuild_recounts_the_rollups_from_every_order():
    orders = [OrderFactory(purchased_at=T) for _ in range(2)]

    def odr(*args: str) -> str:
        text = run("--marketplace", "US", "--as-of", "2025-06-30", *args)
        return next(line for line in text.splitlines() if "Order Defect Rate" in line)

    assert "0 / 2" in odr()
    # A change no trigger saw (as after an upgrade that counts differently) ...
    triggers.drop(connection)
    Feedback.objects.create(order=orders[0], stars=1, left_at=T)
    assert "0 / 2" in odr()
    # ... is counted once the rollups are rebuilt.
    assert "1 / 2" in odr("--rebuild")
    triggers.install(connection)


def test_amazons_own_figure_is_printed_beside_ours():
    orders = [OrderFactory(purchased_at=T) for _ in range(4)]
    Feedback.objects.create(order=orders[0], stars=1, left_at=T)
    AmazonFigure.objects.create(
        marketplace="US", fulfillment="seller", metric="odr", first_day=dt.date(2025, 4, 22),
        last_day=dt.date(2025, 6, 20), numerator=0, denominator=4, rate=Decimal("0"),
        status="GOOD", target=Decimal("0.01"), source="health.json", imported_at=T,
    )  # fmt: skip
    text = run("--marketplace", "US", "--as-of", "2025-06-30")
    assert "Amazon's report: 0.00% for 2025-04-22 to 2025-06-20; ours 25.00%, +25.00 points" in text
    rows = [json.loads(line) for line in run("--json", "--marketplace", "US").splitlines()]
    odr = next(r for r in rows if r["metric"] == "odr" and r["fulfillment"] == "seller")
    assert odr["amazon"] == {
        "window": {"first": "2025-04-22", "last": "2025-06-20"},
        "numerator": 0, "denominator": 4, "rate": "0.000000", "status": "GOOD",
        "ours": {"numerator": 1, "denominator": 4, "rate": "0.250000", "status": "fail"},
        "difference_points": "25.00",
    }  # fmt: skip
    assert all("amazon" not in r for r in rows if r is not odr)
