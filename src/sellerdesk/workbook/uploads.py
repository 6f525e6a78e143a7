"""Uploaded workbooks kept between the preview and the seller's go-ahead."""

from __future__ import annotations

import datetime as dt

from sellerdesk.core import clock
from sellerdesk.core.errors import DomainError

from .models import WorkbookUpload

KEPT_FOR = dt.timedelta(days=7)
LARGEST = 50 * 1024 * 1024


def keep_upload(*, name: str, content: bytes, by: str) -> WorkbookUpload:
    if len(content) > LARGEST:
        raise DomainError(
            f"{name} is {len(content) // (1024 * 1024)} MB; a workbook of up to "
            f"{LARGEST // (1024 * 1024)} MB is read back. Export a shorter period."
        )
    now = clock.now()
    # Uploads nobody applied are of no use after a week.
    WorkbookUpload.objects.filter(uploaded_at__lt=now - KEPT_FOR).delete()
    return WorkbookUpload.objects.create(
        name=name, content=content, uploaded_at=now, uploaded_by=by
    )


def recent_uploads(limit: int = 10) -> list[WorkbookUpload]:
    return list(WorkbookUpload.objects.defer("content")[:limit])
