"""Amazon's feed processing report: a summary block, then a table of errors and warnings,
each about one record (data line) of the file that was uploaded."""

from __future__ import annotations

from ..flatfile.errors import FlatFileError
from ..flatfile.reader import TabReader
from ..models import FeedResult, FeedResultRecord, FileExport, ReportImport

_PROCESSED = "number of records processed"
_SUCCESSFUL = "number of records successful"
_TABLE = ["original-record-number", "sku", "error-code", "error-type", "error-message"]


def import_feed_result(reader: TabReader, record: ReportImport) -> None:
    if FeedResult.objects.filter(imported_by__sha256=record.sha256).exists():
        record.unchanged = 1  # this very report is kept already
        for _ in reader.raw_rows():
            pass  # still read, so the history shows its lines
        return
    counts: dict[str, int] = {}
    header: list[str] | None = None
    messages: list[FeedResultRecord] = []
    for line, cells in reader.raw_rows():
        words = [cell.strip() for cell in cells]
        if not any(words):
            continue
        if header is None:
            label = next((word.lower() for word in words if word), "")
            if label in (_PROCESSED, _SUCCESSFUL):
                counts[label] = _number(words[-1], reader.name, line, label)
            elif label == _TABLE[0]:
                header = [word.lower() for word in words]
            continue
        cells_by_name = dict(zip(header, words, strict=False))
        messages.append(
            FeedResultRecord(
                record_number=_number(
                    cells_by_name.get(_TABLE[0], ""), reader.name, line, _TABLE[0]
                ),
                channel_sku=cells_by_name.get("sku", "")[:64],
                code=cells_by_name.get("error-code", "")[:16],
                kind=cells_by_name.get("error-type", "")[:16],
                message=cells_by_name.get("error-message", ""),
            )
        )
    if _PROCESSED not in counts:
        raise FlatFileError(
            "the summary block has no record count",
            file=reader.name,
            line=2,
            expected="'Number of records processed' under 'Feed Processing Summary:'",
        )
    result = FeedResult.objects.create(
        imported_by=record,
        upload=_upload_for(counts[_PROCESSED], record),
        processed=counts[_PROCESSED],
        successful=counts.get(_SUCCESSFUL, 0),
        errors=sum(1 for message in messages if message.kind.lower() == "error"),
        warnings=sum(1 for message in messages if message.kind.lower() == "warning"),
    )
    for message in messages:
        message.result = result
    FeedResultRecord.objects.bulk_create(messages, batch_size=500)
    record.created = len(messages)


def _upload_for(processed: int, record: ReportImport) -> FileExport | None:
    """The file sellerdesk made that this report is about: the latest with as many records.

    Amazon's report does not name the file; Seller Central shows it beside the upload.
    """
    return (
        FileExport.objects.filter(rows=processed, created_at__lte=record.started_at)
        .order_by("-created_at", "-pk")
        .first()
    )


def _number(text: str, file: str, line: int, column: str) -> int:
    if not text.isdigit():
        raise FlatFileError(
            f"{text!r} is not a number", file=file, line=line, column=column, expected="a count"
        )
    return int(text)
