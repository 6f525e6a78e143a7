import io
from pathlib import Path

import pytest

from sellerdesk.channels.amazon.flatfile.errors import FlatFileError
from sellerdesk.channels.amazon.flatfile.reader import TabReader
from sellerdesk.channels.amazon.flatfile.reports import ReportKind, identify

SHARED = Path(__file__).resolve().parents[7] / "shared" / "amazon"
needs_shared = pytest.mark.skipif(
    not SHARED.is_dir(),
    reason="Amazon's report samples live in ../shared, which a user's clone does not have",
)


def header_of(data: bytes) -> list[str]:
    return TabReader(io.BytesIO(data), name="x.txt").header


@needs_shared
@pytest.mark.parametrize(
    ("path", "kind"),
    [
        (
            "flat-file-headers/GET_FLAT_FILE_ARCHIVED_ORDERS_DATA_BY_ORDER_DATE.csv",
            ReportKind.ALL_ORDERS,
        ),
        (
            "flat-file-headers/GET_FLAT_FILE_ACTIONABLE_ORDER_DATA_SHIPPING.csv",
            ReportKind.UNSHIPPED_ORDERS,
        ),
        ("flat-file-headers/GET_FLAT_FILE_RETURNS_DATA_BY_RETURN_DATE.csv", ReportKind.FBM_RETURNS),
        ("flat-file-headers/GET_FBA_FULFILLMENT_CUSTOMER_RETURNS_DATA.csv", ReportKind.FBA_RETURNS),
        (
            "real-files/feed-processing-reports/mws_feed_processing_report_1_mws.amazonservices.ca_unknown.txt",
            ReportKind.FEED_PROCESSING,
        ),
    ],
)
def test_amazons_own_reports_are_recognised_from_their_headers(path, kind):
    with (SHARED / path).open("rb") as stream:
        assert identify(TabReader(stream, name=path).header, file=path) is kind


def test_columns_may_be_reordered_added_or_missing_beyond_the_signature():
    header = header_of(
        b"item-status\tnew-column\torder-status\tlast-updated-date\tpurchase-date\tamazon-order-id\n"
    )
    assert identify(header, file="x.txt") is ReportKind.ALL_ORDERS


def test_an_unknown_file_is_refused_with_the_reports_that_are_recognised():
    with pytest.raises(FlatFileError) as error:
        identify(header_of(b"name\temail\nAda\ta@example.com\n"), file="contacts.txt")
    message = str(error.value)
    assert message.startswith("contacts.txt, line 1: this is not an Amazon report")
    for kind in ReportKind:
        assert kind.value in message


@needs_shared
def test_a_report_whose_tabs_became_spaces_is_refused_with_the_reason():
    path = SHARED / "real-files" / "unshipped-orders-doc-example-tabs-lost.txt"
    with path.open("rb") as stream, pytest.raises(FlatFileError) as refused:
        identify(TabReader(stream, name=path.name).header, file=path.name)
    assert "separated by spaces, not tabs" in str(refused.value)
    assert "download it again" in str(refused.value)
