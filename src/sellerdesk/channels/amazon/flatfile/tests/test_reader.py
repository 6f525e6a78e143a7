import io
from pathlib import Path

import pytest

from sellerdesk.channels.amazon.flatfile.errors import FlatFileError
from sellerdesk.channels.amazon.flatfile.reader import TabReader

SHARED = Path(__file__).resolve().parents[7] / "shared" / "amazon"


def read(data: bytes, **options) -> TabReader:
    return TabReader(io.BytesIO(data), name="orders.txt", **options)


def test_rows_are_read_by_header_name_in_any_column_order():
    data = b"sku\tamazon-order-id\textra\r\nRING-7\t111-1\tx\r\n"
    (row,) = read(data)
    assert (row.line, row.get("amazon-order-id"), row.get("sku")) == (2, "111-1", "RING-7")
    assert row.get("not-in-this-file") == ""


def test_quotes_inside_fields_are_kept_as_written():
    (row,) = read(b'product-name\tsku\nPrint 12" x 18" "framed\tP-1\n')
    assert row.get("product-name") == 'Print 12" x 18" "framed'


def test_missing_trailing_tabs_and_single_spaces_read_as_empty():
    rows = list(read(b"a\tb\tc\n1\n2\t \t3\n"))
    assert [(r.get("a"), r.get("b"), r.get("c")) for r in rows] == [("1", "", ""), ("2", "", "3")]


def test_blank_lines_are_skipped_and_line_numbers_stay_true():
    rows = list(read(b"a\n1\n\n\n2\n"))
    assert [(r.line, r.get("a")) for r in rows] == [(2, "1"), (5, "2")]


def test_a_bom_and_upper_case_header_are_normalised():
    (row,) = read("\ufeffAmazon-Order-ID\n111-1\n".encode("utf-8"))
    assert row.get("amazon-order-id") == "111-1"


def test_a_japanese_report_reads_in_windows_31j():
    data = "sku\tproduct-name\nR-1\tシルバーリング\n".encode("cp932")
    reader = read(data)
    assert reader.encoding == "cp932"
    assert [row.get("product-name") for row in reader] == ["シルバーリング"]


def test_an_encoding_given_by_the_seller_wins():
    data = "sku\tproduct-name\nR-1\tBague martelée\n".encode("latin-1")
    assert [row.get("product-name") for row in read(data, encoding="ISO-8859-1")] == [
        "Bague martelée"
    ]


def test_text_that_is_not_in_the_given_encoding_names_the_line_and_how_to_fix_it():
    data = "sku\nok\nBague martelée\n".encode("cp1252")
    reader = read(data, encoding="utf-8")
    with pytest.raises(FlatFileError, match=r"orders.txt, line \d: .*--encoding"):
        list(reader)


def test_a_row_wider_than_the_header_names_file_and_line():
    reader = read(b"a\tb\n1\t2\n1\t2\t3\n")
    with pytest.raises(FlatFileError, match=r"orders.txt, line 3: 3 cells but the header has 2"):
        list(reader)


def test_required_columns_are_named_when_missing():
    reader = read(b"sku\tquantity\nR\t1\n")
    with pytest.raises(FlatFileError, match="no amazon-order-id, purchase-date column"):
        reader.require(["amazon-order-id", "purchase-date", "sku"])


def test_an_empty_file_is_refused():
    with pytest.raises(FlatFileError, match="the file is empty"):
        read(b"")


@pytest.mark.skipif(
    not (SHARED / "flat-file-headers").is_dir(),
    reason="Amazon's report headers live in ../shared, which a user's clone does not have",
)
@pytest.mark.parametrize(
    "report",
    [
        "GET_FLAT_FILE_ARCHIVED_ORDERS_DATA_BY_ORDER_DATE.csv",
        "GET_FLAT_FILE_ACTIONABLE_ORDER_DATA_SHIPPING.csv",
        "GET_FLAT_FILE_RETURNS_DATA_BY_RETURN_DATE.csv",
        "GET_FBA_FULFILLMENT_CUSTOMER_RETURNS_DATA.csv",
    ],
)
def test_amazons_own_report_headers_read_as_rows(report):
    path = SHARED / "flat-file-headers" / report
    with path.open("rb") as stream:
        reader = TabReader(stream, name=report)
        rows = list(reader)
    assert len(reader.header) > 5
    assert all(set(row.cells) == set(reader.header) for row in rows)
