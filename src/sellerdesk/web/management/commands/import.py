from pathlib import Path
from typing import Any

from django.core.management.base import CommandError
from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from sellerdesk.channels.amazon.imports import import_report
from sellerdesk.channels.amazon.imports.summary import summary_text
from sellerdesk.channels.amazon.models import ImportSource
from sellerdesk.core.management.base import DocstringCommand
from sellerdesk.inventory.services import Actor
from sellerdesk.workbook.reading import OLD_EXCEL, SPREADSHEETS

from ._workbook import read_back_workbook


class Command(DocstringCommand):
    """Import an Amazon report file downloaded from Seller Central.

    The report type is read from the file's header: All Orders (by order date or by last
    update), Unshipped Orders (with buyer and shipping address), the seller-fulfilled
    returns report, the FBA customer returns report, or the processing report Amazon
    sends back for an uploaded file; or another channel's orders: Etsy's order items
    export and Shopify's orders export (CSV). Amazon's files may be gzipped. The encoding (UTF-8, Cp1252,
    ISO-8859-1, Windows-31J) is detected; give it with --encoding if detection is wrong.

    One file is one transaction: a file with an error imports nothing, and the message
    says the line, the column and what was expected there. Importing the same or an
    overlapping file again never duplicates an order; newer data wins, older never
    overwrites newer. Every import, refused ones too, is kept in the import history
    (the Imports page).

    An Excel workbook (.xlsx, or LibreOffice's .ods) exported by `sellerdesk export workbook` and edited, or a
    sheet of your own laid out like it, is read back: every change it would make is listed,
    then applied, all or nothing, once you say yes (or with --yes). SKUs deleted from it are
    retired only with --retire-missing.

    Examples:
      sellerdesk import shop.xlsx --dry-run     (the changes the workbook would make)
      sellerdesk import shop.xlsx --yes
      sellerdesk import ~/Downloads/All-Orders-2026-11.txt
      sellerdesk import unshipped.txt --marketplace UK
      sellerdesk import orders.txt --dry-run     (what would change; nothing is saved)
      sellerdesk import EtsySoldOrderItems2026-11.csv
      sellerdesk import orders_export_1.csv      (Shopify)
    """

    help = __doc__

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "file", type=Path, help="The report file (.txt, .tsv, .gz or .csv) or workbook (.xlsx)."
        )
        parser.add_argument(
            "--yes", action="store_true", help="workbook: apply its changes without asking."
        )
        parser.add_argument(
            "--retire-missing",
            action="store_true",
            help="workbook: retire the SKUs deleted from its Inventory sheet.",
        )
        parser.add_argument(
            "--marketplace",
            metavar="CODE",
            help="The marketplace (US, UK, DE, ...) of a report that does not name one; "
            "orders of other marketplaces in the file are then skipped.",
        )
        parser.add_argument("--encoding", help="The file's encoding, if detection is wrong.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would change; save nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        if path.suffix.lower() in (*SPREADSHEETS, OLD_EXCEL):
            read_back_workbook(self, path, options)
            return
        console = Console(stderr=True)
        columns = (TextColumn(f"Importing {path.name}"), BarColumn(), DownloadColumn())
        with (
            path.open("rb") as source,
            Progress(
                *columns,
                TimeElapsedColumn(),
                TimeRemainingColumn(),
                console=console,
                disable=not console.is_terminal,
                transient=True,
            ) as progress,
        ):
            task = progress.add_task("import", total=path.stat().st_size)
            record = import_report(
                source=source,
                name=path.name,
                actor=Actor(name="import"),
                encoding=options["encoding"],
                marketplace=options["marketplace"],
                dry_run=options["dry_run"],
                origin=ImportSource.COMMAND,
                progress=lambda done: progress.update(task, completed=done),
            )
        if not record.succeeded:
            raise CommandError(record.error)
        self.stdout.write(summary_text(record))
