"""Writing a tab-separated upload file in the encoding Seller Central expects for a marketplace."""

from __future__ import annotations

from collections.abc import Sequence

from sellerdesk.core import clock
from sellerdesk.core.errors import DomainError

from ..models import FileExport

# Seller Central reads uploaded flat files as Windows Latin-1 in the Americas and Europe and
# as Shift-JIS (Windows-31J) in Japan; Poland and Australia take UTF-8.
_ENCODINGS = {"JP": "cp932", "PL": "utf-8", "AU": "utf-8"}
DEFAULT_ENCODING = "cp1252"


def upload_encoding(marketplace: str | None) -> str:
    return _ENCODINGS.get(marketplace or "", DEFAULT_ENCODING)


def save_export(
    *,
    kind: str,
    marketplace: str | None,
    columns: Sequence[str],
    rows: Sequence[Sequence[str]],
    prefix: str,
    created_by: str,
    notes: str = "",
) -> FileExport:
    """Keep the file as text; refuse it if a value cannot be written in the encoding."""
    encoding = upload_encoding(marketplace)
    for number, row in enumerate(rows, start=1):
        for column, value in zip(columns, row, strict=True):
            if "\t" in value or "\n" in value:
                raise DomainError(f"row {number}, {column}: {value!r} has a tab or a line break")
            try:
                value.encode(encoding)
            except UnicodeEncodeError:
                raise DomainError(
                    f"row {number}, {column}: {value!r} cannot be written in {encoding}, the "
                    f"encoding Seller Central reads for {marketplace or 'this marketplace'}; "
                    "change the value to one it can"
                ) from None
    now = clock.now()
    text = "\r\n".join("\t".join(line) for line in [list(columns), *map(list, rows)]) + "\r\n"
    return FileExport.objects.create(
        kind=kind,
        marketplace=marketplace or "",
        file_name=f"{prefix}-{marketplace or 'all'}-{now:%Y%m%d-%H%M%S}.txt",
        encoding=encoding,
        content=text,
        rows=len(rows),
        created_at=now,
        created_by=created_by,
        notes=notes,
    )
