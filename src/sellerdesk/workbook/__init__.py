"""The Excel workbook: the shop exported as a live workbook (formulas, drop-downs, conditional
formatting, charts) and the seller's edits to it read back, previewed and applied through the
same services as the dashboard."""
