"""Importing Amazon's report files: one file, one transaction, one history entry."""

from .service import import_report, queue_import

__all__ = ["import_report", "queue_import"]
