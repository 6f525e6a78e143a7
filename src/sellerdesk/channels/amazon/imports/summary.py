"""An import's outcome as text, for the command line."""

from __future__ import annotations

from ..models import FeedResult, ReportImport


def summary_text(record: ReportImport) -> str:
    lines = [f"{record.file_name}: {record.report_label}, {record.rows:,} lines."]
    result = FeedResult.objects.filter(imported_by=record).first()
    if result is not None:
        lines.append(
            f"  {result.successful:,} of {result.processed:,} records succeeded; "
            f"{result.errors:,} errors and {result.warnings:,} warnings stored."
        )
    elif record.report == "FEED_PROCESSING":
        lines.append(f"  {record.created:,} messages about records of the uploaded file.")
    else:
        lines.append(
            f"  new {record.created:,}, updated {record.updated:,}, "
            f"unchanged {record.unchanged:,}, skipped {record.skipped:,}"
        )
    for reason, count in sorted(record.skipped_reasons.items()):
        lines.append(f"    skipped {count:,}: {reason}")
    if record.short_of_stock:
        lines.append(
            f"  {len(record.short_of_stock):,} orders could not reserve all their stock, "
            f"e.g. {', '.join(record.short_of_stock[:3])}: see each order's timeline."
        )
    if record.dry_run:
        lines.append("Dry run: nothing was saved.")
    return "\n".join(lines)
