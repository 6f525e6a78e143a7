"""An error in a file the seller can fix: where it is and what was expected there."""

from __future__ import annotations


class FlatFileError(ValueError):
    def __init__(
        self,
        message: str,
        *,
        file: str,
        line: int | None = None,
        column: str | None = None,
        expected: str | None = None,
    ) -> None:
        self.file, self.line, self.column, self.expected = file, line, column, expected
        where = file
        if line is not None:
            where += f", line {line}"
        if column is not None:
            where += f", column {column!r}"
        text = f"{where}: {message}"
        if expected:
            text += f" (expected {expected})"
        super().__init__(text)
