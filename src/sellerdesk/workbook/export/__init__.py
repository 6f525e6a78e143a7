"""The shop as a live Excel workbook."""

from .writer import Exported, export_workbook

__all__ = ["Exported", "export_workbook"]
