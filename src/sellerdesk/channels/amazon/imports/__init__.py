"""Importing Amazon's report files: one file, one transaction, one history entry."""

from .service import import_report

__all__ = ["import_report"]
