"""A comma-separated export read by header name: quotes, commas and line breaks inside
fields, a byte-order mark, Windows line ends and the odd Cp1252 file are all fine."""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from typing import BinaryIO

from sellerdesk.channels.amazon.flatfile.errors import FlatFileError

_SNIFF_BYTES = 1 << 16


def _encoding_of(source: BinaryIO) -> str:
    """UTF-8 (with or without its mark) unless the start of the file is not UTF-8."""
    head = source.read(_SNIFF_BYTES)
    source.seek(0)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < len(head) - 3:  # not a character cut at the sniff's edge
            return "cp1252"
    return "utf-8"


class CsvRows:
    """The rows of an export as dicts keyed by lower-cased header names, with line numbers."""

    def __init__(self, source: BinaryIO, *, name: str) -> None:
        self.name = name
        self.encoding = _encoding_of(source)
        self._text: io.TextIOWrapper | None = io.TextIOWrapper(
            source, encoding=self.encoding, newline=""
        )
        self._reader = csv.reader(self._text)
        try:
            header = next(self._reader)
        except StopIteration:
            self.release()
            raise FlatFileError("the file is empty", file=name, line=1) from None
        except UnicodeDecodeError as error:
            self.release()
            raise FlatFileError(
                f"the file is not text ({error.reason})", file=name, line=1,
                expected="the CSV file as the channel exports it",
            ) from None  # fmt: skip
        self.header = [column.strip().lower() for column in header]
        self.rows_read = 0

    def release(self) -> None:
        """Let go of the file without closing it: it belongs to the caller."""
        if self._text is not None:
            self._text.detach()
            self._text = None

    def __iter__(self) -> Iterator[tuple[int, dict[str, str]]]:
        while True:
            line = self._reader.line_num + 1  # where the row starts: a note may span lines
            try:
                values = next(self._reader)
            except StopIteration:
                return
            except (csv.Error, UnicodeDecodeError) as error:
                raise FlatFileError(
                    f"the line cannot be read ({error})", file=self.name,
                    line=self._reader.line_num, expected="comma-separated values",
                ) from None  # fmt: skip
            if not any(value.strip() for value in values):
                continue
            self.rows_read += 1
            yield line, dict(zip(self.header, (v.strip() for v in values), strict=False))

    def error(self, line: int, column: str, message: str, expected: str) -> FlatFileError:
        return FlatFileError(message, file=self.name, line=line, column=column, expected=expected)
