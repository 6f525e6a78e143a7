"""Big uploads go through the job queue: saved to the data directory, imported by a worker,
their progress shown while they run."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings

from sellerdesk.inventory.services import Actor

from ..models import ReportImport
from .progress import clear_progress, write_progress
from .service import import_report

QUEUE_ABOVE_BYTES = 2_000_000  # smaller files import within the request, in a second or so


def save_upload(chunks: Iterable[bytes], name: str) -> Path:
    folder = Path(settings.DATA_DIR) / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{uuid.uuid4().hex}-{Path(name).name}"
    with path.open("wb") as out:
        for chunk in chunks:
            out.write(chunk)
    return path


def run_queued_import(*, import_id: int, path: Path, encoding: str | None, actor_name: str) -> None:
    record = ReportImport.objects.select_related("user").get(pk=import_id)
    total = record.file_size
    write_progress(import_id, 0, total)
    try:
        with path.open("rb") as source:
            import_report(
                source=source,
                name=record.file_name,
                actor=Actor(name=actor_name, user=record.user),
                encoding=encoding,
                marketplace=record.marketplace or None,
                dry_run=record.dry_run,
                progress=lambda done: write_progress(import_id, done, total),
                queued=record,
            )
    finally:
        clear_progress(import_id)
        path.unlink(missing_ok=True)
        # Whatever happened, the page must stop showing "importing".
        ReportImport.objects.filter(pk=import_id, is_queued=True).update(
            is_queued=False, error="The import stopped before it finished; import the file again."
        )
