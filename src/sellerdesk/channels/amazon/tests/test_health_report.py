"""Amazon's account-health report (GET_V2_SELLER_PERFORMANCE_REPORT): read from Amazon's own
examples, imported by file like any report, and fetched through the Reports API."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
from decimal import Decimal

import pytest

from sellerdesk.channels.amazon.health_report import read_health_report
from sellerdesk.channels.amazon.imports import import_report
from sellerdesk.core import clock
from sellerdesk.core.errors import DomainError
from sellerdesk.inventory.services import Actor
from sellerdesk.metrics.domain.policy import Metric
from sellerdesk.metrics.models import AmazonFigure

from .sync_shop import MODELS, NO_MODELS

pytestmark = pytest.mark.django_db

SCHEMA = MODELS / "schemas" / "accountHealthReport-2020-11-18.json"
SAMPLE = MODELS.parent / "flat-file-headers" / "GET_V2_SELLER_PERFORMANCE_REPORT.json"
needs_shared = pytest.mark.skipif(not MODELS.is_dir(), reason=NO_MODELS)


def by_metric(figures):
    return {(f.metric, f.fulfillment): f for f in figures}


@needs_shared
def test_amazons_schema_example_gives_each_metric_with_its_counts_and_window():
    example = json.loads(SCHEMA.read_text())["examples"][0]
    figures = by_metric(read_health_report(json.dumps(example).encode(), file="example.json"))
    lsr = figures[(Metric.LATE_SHIPMENT_RATE_30, "seller")]
    assert (lsr.marketplace, lsr.numerator, lsr.denominator, lsr.rate) == (
        "US", 27896, 870669, Decimal("0.03203973037"),
    )  # fmt: skip
    assert (lsr.first_day, lsr.last_day) == (dt.date(2020, 10, 21), dt.date(2020, 11, 19))
    cancelled = figures[(Metric.CANCELLATION_RATE, "seller")]
    assert (cancelled.numerator, cancelled.denominator) == (551, 17197)  # prefulfillmentCancelRate
    otdr = figures[(Metric.ON_TIME_DELIVERY_RATE, "seller")]
    assert (otdr.numerator, otdr.denominator, otdr.rate) == (146, 165, Decimal("0.8848"))


@needs_shared
def test_the_short_sample_without_counts_still_gives_its_rates():
    figures = by_metric(read_health_report(SAMPLE.read_bytes(), file=SAMPLE.name))
    lsr = figures[(Metric.LATE_SHIPMENT_RATE_30, "seller")]
    assert (lsr.numerator, lsr.denominator, lsr.rate, lsr.status) == (
        1, None, Decimal("0.01"), "NORMAL",
    )  # fmt: skip
    assert figures[(Metric.ORDER_DEFECT_RATE, "seller")].rate == Decimal("0.01")
    assert figures[(Metric.ORDER_DEFECT_RATE, "amazon")].rate == Decimal("0.0")


REPORT = {
    "accountStatuses": [{"marketplaceId": "A1F83G8C2ARO7P", "status": "NORMAL"}],
    "performanceMetrics": [
        {
            "lateShipmentRate": {
                "reportingDateRange": {
                    "reportingDateFrom": "2025-06-21T00:00Z",
                    "reportingDateTo": "2025-06-30T23:59Z",
                },
                "orderCount": 60, "lateShipmentCount": 3, "status": "GOOD", "rate": 0.05,
                "targetValue": 0.04, "targetCondition": "LESS_THAN",
            },
        }
    ],
}  # fmt: skip


def test_a_ten_day_window_is_the_ten_day_late_shipment_rate_of_the_only_marketplace():
    (figure,) = read_health_report(json.dumps(REPORT).encode(), file="uk.json")
    assert (figure.marketplace, figure.metric, figure.numerator, figure.denominator) == (
        "UK", Metric.LATE_SHIPMENT_RATE_10, 3, 60,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"rate": "high"}, r"lateShipmentRate.rate: 'high' is not a number"),
        ({"orderCount": 60.5}, r"lateShipmentRate.orderCount: 60.5 is not a count"),
        (
            {"reportingDateRange": {"reportingDateFrom": "21/06/2025", "reportingDateTo": "x"}},
            r"lateShipmentRate.reportingDateRange.reportingDateFrom: '21/06/2025' is not a date",
        ),
    ],
)
def test_a_value_of_the_wrong_form_is_refused_with_where_it_is(change, message):
    broken = json.loads(json.dumps(REPORT))
    broken["performanceMetrics"][0]["lateShipmentRate"].update(change)
    with pytest.raises(DomainError, match=r"^performanceMetrics\[0\]\." + message):
        read_health_report(json.dumps(broken).encode(), file="uk.json")
    # Imported, the error names the file once, then where in it.
    record = import_report(
        source=io.BytesIO(json.dumps(broken).encode()), name="uk.json", actor=Actor("maker")
    )
    assert record.error.startswith("uk.json: performanceMetrics[0].lateShipmentRate.")


def test_imported_as_a_file_its_figures_are_kept_once_however_often_it_comes():
    for _ in range(2):
        record = import_report(
            source=io.BytesIO(gzip.compress(json.dumps(REPORT).encode())), name="health.json.gz",
            actor=Actor("maker"),
        )  # fmt: skip
        assert record.succeeded, record.error
        assert record.report == "ACCOUNT_HEALTH"
    assert (record.created, record.updated) == (0, 1)  # the second time: replaced, not new
    figure = AmazonFigure.objects.get()
    assert (figure.marketplace, figure.metric, figure.rate) == ("UK", "lsr-10", Decimal("0.05"))
    assert figure.source == "health.json.gz"


def test_a_report_that_is_not_amazons_json_says_what_was_expected():
    record = import_report(
        source=io.BytesIO(b'{"hello": "world"}'), name="other.json", actor=Actor("maker")
    )
    assert not record.succeeded
    assert "no performanceMetrics list" in record.error
    assert not AmazonFigure.objects.exists()


@needs_shared
def test_fetched_through_the_reports_api_it_goes_through_the_same_importer(amazon, sandbox):
    from sellerdesk.channels.amazon.sync.reports import fetch_report

    sandbox.add_example(
        "createReport", "POST", "/reports/2021-06-30/reports",
        parameters={}, response={"reportId": "R-9"}, status=202,
    )  # fmt: skip
    sandbox.add_example(
        "getReport", "GET", "/reports/2021-06-30/reports/{reportId}",
        parameters={"reportId": {"value": "R-9"}},
        response={"reportId": "R-9", "processingStatus": "DONE", "reportDocumentId": "D-9"},
    )  # fmt: skip
    sandbox.add_example(
        "getReportDocument", "GET", "/reports/2021-06-30/documents/{reportDocumentId}",
        parameters={"reportDocumentId": {"value": "D-9"}},
        response={"reportDocumentId": "D-9", "url": "https://storage.example/d-9.json"},
    )  # fmt: skip
    us = json.loads(json.dumps(REPORT))
    us["accountStatuses"][0]["marketplaceId"] = "ATVPDKIKX0DER"
    sandbox.put_document("d-9.json", json.dumps(us).encode(), "application/json")

    record = fetch_report(
        marketplace="US", report="account-health", since=clock.now() - dt.timedelta(days=1),
        sleep=lambda _: None,
    )  # fmt: skip

    assert record.succeeded, record.error
    created = json.loads(requests_body(sandbox, "/reports/2021-06-30/reports"))
    assert created["reportType"] == "GET_V2_SELLER_PERFORMANCE_REPORT"
    assert AmazonFigure.objects.get().marketplace == "US"


def requests_body(sandbox, path: str) -> str:
    return next(r["body"] for r in sandbox.requests if r["path"] == path and r["method"] == "POST")
