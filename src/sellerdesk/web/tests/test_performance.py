"""The Performance page: each metric with its status, history, what counts, and settings."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sellerdesk.core import clock
from sellerdesk.metrics.models import AmazonFigure, Claim, Feedback, MetricSetting
from sellerdesk.orders.models import OrderEvent
from sellerdesk.orders.tests.factories import OrderFactory

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2025, 6, 30, 12, tzinfo=dt.UTC)
BOUGHT = NOW - dt.timedelta(days=20)
QUERY = "?marketplace=US&fulfillment=seller&as_of=2025-06-30"


@pytest.fixture(autouse=True)
def _clock():
    with clock.pinned(NOW):
        yield


@pytest.fixture
def orders():
    return [
        OrderFactory(purchased_at=BOUGHT, external_id=f"114-0000000-00000{n:02d}") for n in range(4)
    ]


def test_each_metric_shows_its_counts_rate_target_and_status(signed_in, orders):
    Feedback.objects.create(order=orders[0], stars=1, left_at=NOW)
    page = signed_in.get(reverse("web:performance") + QUERY).content.decode()

    odr = page[page.index('id="metric-odr"') : page.index('id="metric-lsr-10"')]
    assert "1 of 4" in odr
    assert "25.00%" in odr
    assert "under 1.00%" in odr
    assert '<span class="badge badge-fail">fail</span>' in odr
    assert "2025-04-18 to 2025-06-16" in odr
    assert "Negative feedback" in page
    for metric in ("lsr-30", "cancellation", "vtr", "otdr", "response"):
        assert f'id="metric-{metric}"' in page
    assert "/static/sellerdesk/vendor/chartjs/chart.umd.min.js" in page


def test_fba_shows_only_the_metrics_that_are_the_sellers(signed_in, orders):
    page = signed_in.get(reverse("web:performance") + "?marketplace=US&fulfillment=amazon")
    text = page.content.decode()
    assert 'id="metric-odr"' in text
    assert 'id="metric-lsr-10"' not in text
    fba_lsr = (
        reverse("web:performance_against", args=["lsr-10"]) + "?marketplace=US&fulfillment=amazon"
    )
    assert signed_in.get(fba_lsr.replace("lsr-10", "odr")).status_code == 200
    assert signed_in.get(fba_lsr).status_code == 404


def test_a_metrics_history_comes_as_a_chart_with_its_numbers(signed_in, orders):
    Feedback.objects.create(order=orders[0], stars=2, left_at=NOW)
    response = signed_in.get(reverse("web:performance_history", args=["odr"]) + QUERY)
    page = response.content.decode()
    assert 'data-chart="chart-odr-data"' in page
    start = page.index('<script id="chart-odr-data" type="application/json">') + len(
        '<script id="chart-odr-data" type="application/json">'
    )
    chart = json.loads(page[start : page.index("</script>", start)])
    assert len(chart["days"]) == len(chart["rates"]) == 30
    assert (chart["days"][-1], chart["target"]) == ("2025-06-30", 1.0)
    # 60 days ending 14 days back: the orders of 20 days ago count from 6 days ago on.
    assert chart["rates"][-1] == 25.0
    assert chart["rates"][0] is None  # no orders in that window yet: no data, not 0%
    assert "1 of 4" in page


def test_what_counts_lists_the_orders_with_why(signed_in, orders):
    Claim.objects.create(order=orders[1], filed_at=NOW, state="granted")
    page = signed_in.get(reverse("web:performance_against", args=["odr"]) + QUERY)
    text = page.content.decode()
    assert orders[1].external_id in text
    assert "A-to-z claim (granted)" in text
    assert reverse("web:order_detail", args=[orders[1].pk]) in text
    assert orders[0].external_id not in text
    assert signed_in.get(reverse("web:performance_against", args=["nope"])).status_code == 404


def test_feedback_is_recorded_by_order_id_and_noted_on_its_timeline(signed_in, orders):
    response = signed_in.post(
        reverse("web:performance_defect"),
        {"order_id": orders[2].external_id, "defect": "feedback", "on": "2025-06-28", "stars": "2"},
        follow=True,
    )
    assert "Recorded against order" in response.content.decode()
    feedback = Feedback.objects.get(order=orders[2])
    assert (feedback.stars, feedback.left_at) == (2, dt.datetime(2025, 6, 28, 12, tzinfo=dt.UTC))
    assert OrderEvent.objects.filter(order=orders[2], message="2-star feedback recorded").exists()
    unknown = signed_in.post(
        reverse("web:performance_defect"),
        {"order_id": "999-nope", "defect": "chargeback", "on": "2025-06-28",
         "chargeback_kind": "service"},
        follow=True,
    )  # fmt: skip
    assert "No single order has the id" in unknown.content.decode()


def test_a_metrics_window_and_target_are_the_sellers_to_change(signed_in):
    response = signed_in.post(
        reverse("web:performance_setting", args=["cancellation"]),
        {"cancellation-days": "14", "cancellation-target": "5", "cancellation-warn_at": "4"},
        follow=True,
    )
    assert "Pre-fulfilment Cancellation Rate: saved." in response.content.decode()
    setting = MetricSetting.objects.get(metric="cancellation")
    assert (setting.days, str(setting.target), str(setting.warn_at)) == (14, "0.05000", "0.04000")
    refused = signed_in.post(
        reverse("web:performance_setting", args=["cancellation"]),
        {"cancellation-target": "5", "cancellation-warn_at": "6"},
        follow=True,
    )
    assert "warning line must not be above the target" in refused.content.decode()


def test_amazons_own_figure_shows_beside_ours_over_the_same_days(signed_in, orders):
    Feedback.objects.create(order=orders[0], stars=1, left_at=NOW)
    # Amazon's report, 60 days to 20 June: our 4 orders (bought 10 June), one defective.
    AmazonFigure.objects.create(
        marketplace="US", fulfillment="seller", metric="odr", first_day=dt.date(2025, 4, 22),
        last_day=dt.date(2025, 6, 20), numerator=0, denominator=4, rate=Decimal("0"),
        status="GOOD", target=Decimal("0.01"), source="health.json", imported_at=NOW,
    )  # fmt: skip
    page = signed_in.get(reverse("web:performance") + QUERY).content.decode()
    odr = page[page.index('id="metric-odr"') : page.index('id="metric-lsr-10"')]
    assert 'Amazon: <strong>0.00%</strong> <span class="badge">good</span> (0 of 4)' in odr
    assert "22 Apr to 20 Jun 2025" in odr
    assert "ours over those days: 25.00% (1 of 4)" in odr
    assert "+25.00 points" in odr
    lsr = page[page.index('id="metric-lsr-10"') : page.index('id="metric-lsr-30"')]
    assert "not imported" in lsr


def test_a_file_of_defects_is_imported_from_the_page_or_says_where_it_is_wrong(signed_in, orders):
    good = SimpleUploadedFile(
        "defects.csv",
        f"order-id,what,date,stars\n{orders[3].external_id},feedback,2025-06-20,1\n".encode(),
    )
    response = signed_in.post(reverse("web:performance_defect_file"), {"file": good}, follow=True)
    assert "Recorded 1 from defects.csv." in response.content.decode()
    assert Feedback.objects.get().order == orders[3]
    bad = SimpleUploadedFile("bad.csv", b"order-id,what,date,stars\nx,feedback,2025-06-20,9\n")
    response = signed_in.post(reverse("web:performance_defect_file"), {"file": bad}, follow=True)
    assert (
        "Nothing imported: bad.csv, line 2, column &#x27;stars&#x27;" in response.content.decode()
    )


def test_a_cancellation_the_buyer_asked_for_is_marked_and_stops_counting(signed_in, orders):
    order = orders[0]
    order.status = "Canceled"
    order.save()
    against = (
        reverse("web:performance_against", args=["cancellation"])
        + "?marketplace=US&fulfillment=seller&as_of=2025-06-16"
    )
    page = signed_in.get(against).content.decode()
    assert "who cancelled is not known, so it counts" in page
    assert f'">{order.external_id}</a>' in page[page.index('class="panel"') :]
    response = signed_in.post(
        reverse("web:performance_cancelled_by", args=[order.pk]),
        {"cancelled_by": "buyer", "next": against},
    )
    assert response["Location"] == against
    order.refresh_from_db()
    assert order.cancelled_by == "buyer"
    listed = signed_in.get(against).content.decode()
    assert f'">{order.external_id}</a>' not in listed[listed.index('class="panel"') :]
    assert OrderEvent.objects.filter(
        order=order, message="Cancellation marked as the buyer's"
    ).exists()
    refused = signed_in.post(
        reverse("web:performance_cancelled_by", args=[orders[1].pk]), {"cancelled_by": "buyer"},
        follow=True,
    )  # fmt: skip
    assert "has nothing cancelled" in refused.content.decode()
