"""Reading a CSV file of buyer messages: columns found by their header names, every value
checked before anything is saved, and each error said with its file, line and column."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from sellerdesk.core.errors import DomainError

COLUMNS = ("order-id", "received-at", "from", "subject", "body", "message-id")
REQUIRED = ("received-at", "from", "body", "message-id")
"""Columns that must be in the header and filled on every line; order-id and subject may be
left out (a question asked before buying has no order)."""

LIMITS = {"order-id": 60, "from": 254, "subject": 200, "message-id": 200}
"""The longest value each column may hold: the lengths of BuyerMessage's fields."""


class MessageFileError(DomainError):
    """A file the seller can fix: where the error is and what was expected there."""

    def __init__(self, message: str, *, file: str, line: int, column: str | None = None) -> None:
        where = f"{file}, line {line}" + (f", column {column!r}" if column else "")
        super().__init__(f"{where}: {message}")
        self.file, self.line, self.column = file, line, column


@dataclass(frozen=True)
class MessageRow:
    line: int
    order_ref: str
    received_at: dt.datetime
    sender: str
    subject: str
    body: str
    external_id: str


def read_message_file(source: str | Path | IO[bytes] | IO[str], name: str) -> list[MessageRow]:
    """Every message in the file, or MessageFileError at the first value that is wrong."""
    if isinstance(source, str | Path):
        with open(source, "rb") as stream:
            return _read(stream, name)
    return _read(source, name)


def _read(stream: IO[bytes] | IO[str], name: str) -> list[MessageRow]:
    text = _text(stream, name)
    reader = csv.reader(text)
    header = next(reader, None)
    if not header:
        raise MessageFileError(
            f"the file is empty; its first line names the columns {', '.join(COLUMNS)}",
            file=name,
            line=1,
        )
    positions = _positions(header, name)
    rows: list[MessageRow] = []
    start = reader.line_num + 1
    try:
        for cells in reader:
            # A quoted body may run over lines: errors name the line its row starts on.
            line, start = start, reader.line_num + 1
            if any(cell.strip() for cell in cells):
                rows.append(_row(cells, positions, name, line))
    except csv.Error as error:
        raise MessageFileError(
            f"not readable as CSV ({error}); check the quotes around values",
            file=name,
            line=start,
        ) from None
    return rows


def _text(stream: IO[bytes] | IO[str], name: str) -> io.StringIO:
    # Message files are small: read whole, so a bad byte's line is easy to tell.
    data = stream.read()
    if isinstance(data, str):
        return io.StringIO(data, newline="")
    try:
        # utf-8-sig reads files with or without the byte-order mark spreadsheets write.
        return io.StringIO(data.decode("utf-8-sig"), newline="")
    except UnicodeDecodeError as error:
        raise MessageFileError(
            "the text is not UTF-8; save the file as CSV UTF-8 and import it again",
            file=name,
            line=data[: error.start].count(b"\n") + 1,
        ) from None


def _positions(header: list[str], name: str) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, title in enumerate(header):
        key = title.strip().lower().replace("_", "-").replace(" ", "-")
        if key in COLUMNS and key not in found:
            found[key] = index
    missing = [column for column in REQUIRED if column not in found]
    if missing:
        raise MessageFileError(
            f"the header has no {', '.join(repr(column) for column in missing)} column; "
            f"name the columns {', '.join(COLUMNS)} in the first line (others are ignored)",
            file=name,
            line=1,
            column=missing[0],
        )
    return found


def _row(cells: list[str], positions: dict[str, int], name: str, line: int) -> MessageRow:
    values: dict[str, str] = {}
    for column, index in positions.items():
        value = cells[index].strip() if index < len(cells) else ""
        if column in REQUIRED and not value:
            raise MessageFileError(
                "is empty; every message needs one", file=name, line=line, column=column
            )
        if len(value) > LIMITS.get(column, len(value)):
            raise MessageFileError(
                f"is longer than {LIMITS[column]} characters", file=name, line=line, column=column
            )
        values[column] = value
    return MessageRow(
        line=line,
        order_ref=values.get("order-id", ""),
        received_at=_moment(values["received-at"], name, line),
        sender=values["from"],
        subject=values.get("subject", ""),
        body=values["body"],
        external_id=values["message-id"],
    )


def _moment(value: str, name: str, line: int) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        moment = None
    if moment is None or moment.utcoffset() is None:
        problem = "is not a date and time" if moment is None else "has no UTC offset"
        raise MessageFileError(
            f"{value!r} {problem}; write it in ISO 8601 with its offset, "
            "e.g. 2025-06-12T09:30:00+02:00",
            file=name,
            line=line,
            column="received-at",
        )
    return moment.astimezone(dt.UTC)
