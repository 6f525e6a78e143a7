"""How far a queued import has read its file, kept beside the database.

The import holds one transaction to the end (and on SQLite the write lock), so its progress
cannot be written to the database where a page could read it: a small file in the data
directory carries it instead.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings


def _path(import_id: int) -> Path:
    return Path(settings.DATA_DIR) / "progress" / f"import-{import_id}.json"


def write_progress(import_id: int, done: int, total: int) -> None:
    path = _path(import_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps({"done": done, "total": total}))
    temporary.replace(path)  # atomic: a reader never sees half a file


def read_progress(import_id: int) -> tuple[int, int] | None:
    try:
        data = json.loads(_path(import_id).read_text())
    except (OSError, ValueError):
        return None
    return int(data["done"]), int(data["total"])


def clear_progress(import_id: int) -> None:
    _path(import_id).unlink(missing_ok=True)
