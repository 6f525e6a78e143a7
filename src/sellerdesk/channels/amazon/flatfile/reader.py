"""Rows of an Amazon tab-separated report, by header name, never by position.

Amazon's files are tab-separated with no quoting (a product name such as 12" x 18" keeps its
quotes), may end lines with CRLF, drop trailing tabs, and write a single space for "empty".
Lines are split as bytes and decoded one by one, so a decoding error names its line: no
supported encoding (UTF-8, Cp1252, ISO-8859-1, CP932) uses the byte 0x0A inside a character.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from operator import methodcaller
from typing import BinaryIO

from . import encoding as encodings
from .errors import FlatFileError

SAMPLE_BYTES = 64 * 1024
BLOCK_BYTES = 4 * 1024 * 1024  # a few tens of thousands of lines at a time
_SPLIT = methodcaller("split", "\t")
_TABS = methodcaller("count", "\t")


class IrregularLines(Exception):
    """Lines that only the row-by-row reader handles: it also names what is wrong."""


@dataclass(frozen=True, slots=True)
class Row:
    line: int
    """The line number in the file, counting the header as line 1."""
    values: list[str]
    columns: dict[str, int]
    """Column name -> position, shared by every row of the file."""

    def get(self, column: str) -> str:
        """The cell's text, "" when the column is absent, empty or a single space."""
        index = self.columns.get(column)
        return "" if index is None else self.values[index].strip()

    @property
    def cells(self) -> dict[str, str]:
        return {name: self.values[index] for name, index in self.columns.items()}


class TabReader:
    """Iterate the rows of one report; `header` is known as soon as the reader is made."""

    def __init__(self, stream: BinaryIO, *, name: str, encoding: str | None = None) -> None:
        self.name = name
        sample = stream.read(SAMPLE_BYTES)
        stream.seek(0)
        self.encoding = encodings.normalise(encoding) if encoding else encodings.detect(sample)
        self._stream = stream
        # By readline, not the stream's own iterator: Django's uploaded files iterate by
        # chunks of their own, and blocks() reads on from the end of the lines read.
        self._lines = iter(stream.readline, b"")
        self._line = 0
        self.bytes_read = 0
        self.rows_read = 0
        first = self._next_raw()
        if first is None:
            raise FlatFileError("the file is empty", file=name, expected="a header line")
        self.header = [cell.strip().lstrip("\ufeff").lower() for cell in first]
        duplicates = {cell for cell in self.header if cell and self.header.count(cell) > 1}
        if duplicates:
            raise FlatFileError(
                f"the header names {sorted(duplicates)} more than once", file=name, line=1
            )

    def _next_raw(self) -> list[str] | None:
        raw = next(self._lines, None)
        if raw is None:
            return None
        self._line += 1
        self.bytes_read += len(raw)
        try:
            text = raw.decode(self.encoding)
        except UnicodeDecodeError:
            raise FlatFileError(
                f"the text is not valid {self.encoding}",
                file=self.name,
                line=self._line,
                expected="the report's own encoding: give it with --encoding "
                "(UTF-8, Cp1252, ISO-8859-1 or Windows-31J)",
            ) from None
        if self._line == 1:
            text = text.lstrip("\ufeff")
        return text.rstrip("\r\n").split("\t")

    def __iter__(self) -> Iterator[Row]:
        width = len(self.header)
        columns = {name: index for index, name in enumerate(self.header) if name}
        while (cells := self._next_raw()) is not None:
            if not any(cell.strip() for cell in cells):
                continue  # blank lines, often at the end of a file
            line = self._line
            self.rows_read += 1
            if len(cells) > width:
                extra = [cell for cell in cells[width:] if cell.strip()]
                if extra:
                    raise FlatFileError(
                        f"{len(cells)} cells but the header has {width}",
                        file=self.name,
                        line=line,
                        expected="one cell per header column, separated by tabs",
                    )
                cells = cells[:width]
            if len(cells) < width:
                cells += [""] * (width - len(cells))  # Amazon drops trailing empty cells
            yield Row(line, cells, columns)

    def raw_rows(self) -> Iterator[tuple[int, list[str]]]:
        """The lines after the first as (line number, cells), for reports that are not one
        table, such as the feed processing report's summary block and its table."""
        while (cells := self._next_raw()) is not None:
            self.rows_read += 1
            yield self._line, cells

    def blocks(self) -> Iterator[tuple[Sequence[int], list[list[str]]]]:
        """The rest of the file a block of lines at a time, as (line numbers, cells), each
        line exactly as wide as the header, with no Python work per cell.

        Raises IrregularLines for a block this cannot read as a whole (text that does not
        decode, a line with cells beyond the header): iterating the reader says what and
        where. Blank lines and lines cut short are mended here, as the rows are.
        """
        width = len(self.header)
        while data := self._stream.read(BLOCK_BYTES):
            data += self._stream.readline()  # to the end of the block's last line
            try:
                text = data.decode(self.encoding)
            except UnicodeDecodeError:
                raise IrregularLines from None
            if "\r" in text:
                text = text.replace("\r\n", "\n")
            if self.encoding == "utf-8-sig" and "\ufeff" in text:
                text = text.replace("\n\ufeff", "\n")  # as each line's own decoding drops it
            lines = text.split("\n")
            if lines[-1] == "":
                lines.pop()  # the block's last line ending
            first = self._line + 1
            self._line += len(lines)
            self.bytes_read += len(data)
            if set(map(_TABS, lines)) == {width - 1}:
                self.rows_read += len(lines)
                yield range(first, first + len(lines)), list(map(_SPLIT, lines))
                continue
            numbers, rows = [], []
            for number, line in enumerate(lines, start=first):
                cells = line.split("\t")
                if not any(cell.strip() for cell in cells):
                    continue
                if len(cells) > width:
                    if any(cell.strip() for cell in cells[width:]):
                        raise IrregularLines
                    cells = cells[:width]
                numbers.append(number)
                rows.append(cells + [""] * (width - len(cells)))
            self.rows_read += len(rows)
            yield numbers, rows

    def require(self, columns: list[str]) -> None:
        """Refuse a file that lacks columns the import cannot do without."""
        missing = [column for column in columns if column not in self.header]
        if missing:
            raise FlatFileError(
                f"the header has no {', '.join(missing)} column",
                file=self.name,
                line=1,
                expected="the report's own header line, as Seller Central downloads it",
            )
