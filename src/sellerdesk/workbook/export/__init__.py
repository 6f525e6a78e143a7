"""The shop as a live Excel workbook."""

from .writer import Exported, default_period, export_workbook

__all__ = ["Exported", "default_period", "export_workbook"]
