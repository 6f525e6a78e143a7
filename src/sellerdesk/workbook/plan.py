"""What an uploaded workbook would change, worked out before anything is: the preview.

A change is made only where the seller changed a cell: against what the workbook said when
sellerdesk exported it where it is one of ours (so stock sold since is not undone), else
against what sellerdesk has now.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

MOST_ERRORS = 200


@dataclass(frozen=True)
class Change:
    sheet: str
    row: int
    column: str
    """The key of the column the change comes from, to name it if applying it fails."""
    subject: str
    """"SKU RING-7" or "Order 114-..."."""
    kind: str
    description: str
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class Plan:
    name: str
    changes: list[Change] = field(default_factory=list)
    missing: list[Change] = field(default_factory=list)
    """SKUs not in the workbook: retired only when the seller confirms it."""
    notices: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    columns: dict[tuple[str, str], str] = field(default_factory=dict)
    """(sheet, column key) -> "Header (letter)"."""
    left_alone: set[int] = field(default_factory=set)
    """Orders that moved on since the export: applying a note to one must not mark it as
    changed by this workbook, or its older cells would read as edits next time."""
    export_id: int | None = None
    """The export the workbook came from, whose record of it applying brings up to date."""

    def error(self, message: str) -> None:
        if len(self.errors) < MOST_ERRORS:
            self.errors.append(message)

    @property
    def digest(self) -> str:
        """Names these changes exactly: applying checks it is still what was previewed."""
        body = json.dumps(
            [[c.sheet, c.row, c.kind, c.description, c.data] for c in self.changes + self.missing],
            sort_keys=True, default=str,
        )  # fmt: skip
        return hashlib.sha256(body.encode()).hexdigest()[:16]

    def where(self, change: Change) -> str:
        column = self.columns.get((change.sheet, change.column), change.column)
        return f"{change.sheet}, row {change.row}, column {column}"
