import io
from pathlib import Path

import pytest

from sellerdesk.channels.amazon.imports import import_report
from sellerdesk.channels.amazon.models import AmazonReturn, FeedResult, ReportImport
from sellerdesk.inventory.services import Actor

from .reports import report

pytestmark = pytest.mark.django_db

SHARED = Path(__file__).resolve().parents[6] / "shared" / "amazon"
needs_shared = pytest.mark.skipif(
    not SHARED.is_dir(),
    reason="Amazon's real feed processing reports live in ../shared, absent from a user's clone",
)
FBM_COLUMNS = [
    "Order ID", "Order date", "Return request date", "Return request status", "Amazon RMA ID",
    "Merchant RMA ID", "Label type", "Label cost", "Currency code", "Return carrier",
    "Tracking ID", "Label to be paid by", "A-to-Z Claim", "Is prime", "ASIN", "Merchant SKU",
    "Item Name", "Return quantity", "Return Reason", "In policy", "Return type", "Resolution",
    "Invoice number", "Return delivery date", "Order Amount", "Order quantity",
    "SafeT Action reason", "SafeT claim id", "SafeT claim state", "SafeT claim creation time",
    "SafeT claim reimbursement amount", "Refunded Amount",
]  # fmt: skip
FBA_COLUMNS = [
    "return-date",
    "order-id",
    "sku",
    "asin",
    "fnsku",
    "product-name",
    "quantity",
    "fulfillment-center-id",
    "detailed-disposition",
    "reason",
    "status",
    "license-plate-number",
    "customer-comments",
]


def run(data: bytes, name: str = "report.txt") -> ReportImport:
    return import_report(source=io.BytesIO(data), name=name, actor=Actor(name="import"))


def fbm_row(status: str = "Approved") -> dict[str, str]:
    return {
        "Order ID": "111-0000001-0000001",
        "Order date": "02-Nov-2026",
        "Return request date": "10-Nov-2026",
        "Return request status": status,
        "Amazon RMA ID": "DnBvQ2xRRMA",
        "Merchant SKU": "RING-SILVER-7",
        "ASIN": "B0TESTRING",
        "Return quantity": "1",
        "Return Reason": "SWITCHEROO",
        "Resolution": "StandardRefund",
    }


def test_seller_fulfilled_returns_are_stored_once_and_follow_their_status():
    first = run(report([fbm_row()], FBM_COLUMNS))
    assert (first.report, first.created) == ("FBM_RETURNS", 1)
    again = run(report([fbm_row()], FBM_COLUMNS))
    assert again.unchanged == 1
    moved_on = run(report([fbm_row(status="Closed")], FBM_COLUMNS))
    assert moved_on.updated == 1
    stored = AmazonReturn.objects.get()
    assert (stored.source, stored.order_external_id, stored.status) == (
        "seller",
        "111-0000001-0000001",
        "Closed",
    )
    assert stored.happened_at.isoformat() == "2026-11-10T00:00:00+00:00"
    assert stored.cells["return reason"] == "SWITCHEROO"


def test_fba_customer_returns_keep_one_row_per_returned_unit():
    rows = [
        {
            "return-date": "2026-11-12T08:00:00+00:00",
            "order-id": "111-0000002-0000002",
            "sku": "RING-SILVER-7",
            "quantity": "1",
            "detailed-disposition": "SELLABLE",
            "reason": "UNWANTED_ITEM",
            "license-plate-number": plate,
        }
        for plate in ("LPNRR123", "LPNRR124")
    ]
    record = run(report(rows, FBA_COLUMNS))
    assert (record.report, record.created) == ("FBA_RETURNS", 2)
    assert set(AmazonReturn.objects.values_list("disposition", flat=True)) == {"SELLABLE"}


def test_a_return_row_with_a_bad_date_names_its_line_and_column():
    row = fbm_row() | {"Return request date": "last Tuesday"}
    record = run(report([fbm_row(), row], FBM_COLUMNS))
    assert (record.succeeded, record.error_line, record.error_column) == (
        False,
        3,
        "return request date",
    )
    assert not AmazonReturn.objects.exists()


def test_a_feed_processing_report_keeps_its_counts_and_each_records_messages():
    data = (
        b"Feed Processing Summary:\n\tNumber of records processed\t\t3\n"
        b"\tNumber of records successful\t\t1\n\n"
        b"original-record-number\tsku\terror-code\terror-type\terror-message\n"
        b"0\t\t90061\tWarning\tThe expedited-shipping field heading is invalid.\n"
        b"2\tRING-SILVER-7\t8058\tError\tThe following attributes are missing.\n"
        b"3\tCHAIN-GOLD\t13013\tError\tThis SKU does not exist.\n"
    )
    record = run(data)
    result = FeedResult.objects.get(imported_by=record)
    assert (result.processed, result.successful, result.errors, result.warnings) == (3, 1, 2, 1)
    assert list(result.records.values_list("record_number", "channel_sku", "code")) == [
        (0, "", "90061"),
        (2, "RING-SILVER-7", "8058"),
        (3, "CHAIN-GOLD", "13013"),
    ]


@needs_shared
@pytest.mark.parametrize(
    "name",
    [
        "mws_feed_processing_report_4_mws-eu.amazonservices.com_fr.txt",
        "mws_feed_processing_report_7_mws.amazonservices.jp_co_jp.txt",
        "mws_feed_processing_report_8_mws.amazonservices.com_unknown.txt",
    ],
)
def test_amazons_real_feed_processing_reports_import(name):
    path = SHARED / "real-files" / "feed-processing-reports" / name
    lines = path.read_bytes().splitlines()
    table = next((n for n, line in enumerate(lines) if line.startswith(b"original-record")), None)
    messages = 0 if table is None else sum(1 for line in lines[table + 1 :] if line.strip())
    record = run(path.read_bytes(), name=name)
    assert record.succeeded, record.error
    result = FeedResult.objects.get(imported_by=record)
    assert result.processed >= result.successful > 0
    assert result.records.count() == result.errors + result.warnings == messages


def test_fba_units_returned_together_without_licence_plates_stay_two_rows():
    unit = {
        "return-date": "2026-11-12T08:00:00+00:00",
        "order-id": "111-0000003-0000003",
        "sku": "RING-SILVER-7",
        "quantity": "1",
        "reason": "UNWANTED_ITEM",
    }
    rows = [unit | {"detailed-disposition": "SELLABLE"}, unit | {"detailed-disposition": "DAMAGED"}]
    first = run(report(rows, FBA_COLUMNS))
    assert first.created == 2
    again = run(report(rows, FBA_COLUMNS))
    assert (again.created, again.unchanged) == (0, 2)
    assert sorted(AmazonReturn.objects.values_list("disposition", flat=True)) == [
        "DAMAGED",
        "SELLABLE",
    ]


def test_the_same_feed_processing_report_twice_is_kept_once():
    data = (
        b"Feed Processing Summary:\n\tNumber of records processed\t\t1\n"
        b"\tNumber of records successful\t\t1\n"
    )
    run(data)
    again = run(data)
    assert (again.succeeded, again.unchanged) == (True, 1)
    assert FeedResult.objects.count() == 1
