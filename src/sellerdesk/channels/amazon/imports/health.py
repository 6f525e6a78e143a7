"""Importing Amazon's account-health report: its figures kept beside sellerdesk's own."""

from __future__ import annotations

import gzip
from typing import BinaryIO

from sellerdesk.metrics.services import record_amazon_figures

from ..flatfile.reports import ReportKind
from ..health_report import read_health_report
from ..models import ReportImport

MAX_BYTES = 20_000_000  # a health report is a few kilobytes; anything this big is not one


def import_account_health(source: BinaryIO, record: ReportImport, *, packed: bool) -> None:
    stream: BinaryIO = gzip.GzipFile(fileobj=source) if packed else source  # type: ignore[assignment]
    content = stream.read(MAX_BYTES)
    record.report = ReportKind.ACCOUNT_HEALTH.name
    record.encoding = "utf-8"
    figures = read_health_report(
        content, file=record.file_name, marketplace=record.marketplace or None
    )
    record.created, record.updated = record_amazon_figures(figures=figures, source=record.file_name)
    record.rows = len(figures)
