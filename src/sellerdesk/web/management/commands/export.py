import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from sellerdesk.channels.amazon.exports import KINDS, NothingToExport, make_export
from sellerdesk.channels.amazon.spapi import SpApiError
from sellerdesk.channels.amazon.sync.feeds import submit_confirmation_feed
from sellerdesk.core.errors import DomainError
from sellerdesk.core.management.base import DocstringCommand
from sellerdesk.inventory.services import Actor
from sellerdesk.workbook.export import default_period, export_workbook


class Command(DocstringCommand):
    """Make a file to upload to Seller Central, or the shop's Excel workbook.

      workbook        the shop as an Excel workbook: Order Tracking (the orders placed
                      --from --to, by default the last 90 days), Inventory, Dashboard (with
                      charts), Returns and Performance, with live formulas. Edit it and
                      read it back with `sellerdesk import FILE.xlsx`.
      confirmations   the shipping confirmation file (upload it under Orders > Upload order
                      related files): every shipment not yet sent to Amazon,
                      one row per shipped item. Its shipments are then marked as sent, so
                      the next file does not repeat them.
      prices          the price and quantity file for seller-fulfilled listings of one
                      marketplace (upload it under Inventory > Add products via upload):
                      shelf stock free of reservations, less safety stock.

    Files are written in the encoding Seller Central reads for the marketplace (Windows
    Latin-1; Shift-JIS for Japan). Every file made is kept and listed on the Imports page,
    where Amazon's processing report for it can be read against its rows.

    With --submit, the confirmation file goes to Amazon through the Feeds API instead.

    Examples:
      sellerdesk export workbook -o shop.xlsx --from 2026-01-01 --to 2026-06-30
      sellerdesk export confirmations --submit --marketplace US
      sellerdesk export confirmations
      sellerdesk export confirmations --marketplace UK -o confirm.txt
      sellerdesk export prices --marketplace US
    """

    help = __doc__

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("what", choices=(*KINDS, "workbook"))
        parser.add_argument("--marketplace", metavar="CODE", help="US, UK, DE, ...")
        parser.add_argument(
            "-o", "--output", help="The file to write (default: the file's own name here)."
        )
        parser.add_argument(
            "--submit",
            action="store_true",
            help="confirmations: send the file to Amazon through the Feeds API (needs the "
            "marketplace connected under Settings) instead of writing it.",
        )

        parser.add_argument(
            "--from", dest="first", type=_day, help="workbook: the first day (YYYY-MM-DD)."
        )
        parser.add_argument("--to", dest="last", type=_day, help="workbook: the last day.")
        parser.add_argument(
            "--force", action="store_true", help="workbook: write over a file of that name."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["what"] == "workbook":
            return self._workbook(options)
        actor = Actor(name="export")
        marketplace = (options["marketplace"] or "").upper() or None
        if options["submit"]:
            return self._submit(options["what"], marketplace, actor)
        try:
            export = make_export(kind=options["what"], marketplace=marketplace, actor=actor)
        except NothingToExport as error:
            self.stderr.write(error.message)
            return
        except DomainError as error:
            raise CommandError(error.message) from error
        data = export.content.encode(export.encoding)
        target = options["output"] or export.file_name
        if target == "-":
            sys.stdout.buffer.write(data)
            return
        Path(target).write_bytes(data)
        self.stdout.write(f"Wrote {target}: {export.rows} rows, {export.encoding}.")
        if export.notes:
            self.stderr.write(export.notes)

    def _submit(self, what: str, marketplace: str | None, actor: Actor) -> None:
        if what != "confirmations" or marketplace is None:
            raise CommandError("--submit sends confirmations, for one --marketplace")
        try:
            export, feed_id = submit_confirmation_feed(marketplace=marketplace, actor=actor)
        except NothingToExport as error:
            self.stderr.write(error.message)
            return
        except (DomainError, SpApiError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Sent {export.rows} rows to Amazon as feed {feed_id}.")

    def _workbook(self, options: dict[str, Any]) -> None:
        first, last = default_period(options["first"], options["last"])
        target = Path(options["output"] or f"sellerdesk-{first:%Y-%m-%d}-to-{last:%Y-%m-%d}.xlsx")
        if str(target) == "-" or target.suffix.lower() != ".xlsx":
            raise CommandError(f"{target}: name the workbook's file, ending in .xlsx")
        if options["marketplace"] or options["submit"]:
            raise CommandError(
                "A workbook holds every channel: leave out --marketplace and --submit."
            )
        if first > last:
            raise CommandError(
                f"--from {first} is after the last day, {last}"
                + ("" if options["last"] else " (today; give --to for another)")
            )
        if not target.parent.is_dir():
            raise CommandError(f"{target}: there is no folder {target.parent}")
        if target.exists() and not options["force"]:
            # The seller's edits live in that file: never write over them unasked.
            raise CommandError(f"{target} exists: name another file with -o, or add --force.")
        console = Console(stderr=True)
        with Progress(
            TextColumn(f"Writing {target.name}"), BarColumn(), MofNCompleteColumn(),
            TextColumn("order lines"), TimeElapsedColumn(), console=console,
            disable=not console.is_terminal, transient=True,
        ) as progress:  # fmt: skip
            task = progress.add_task("export", total=None)
            try:
                exported = export_workbook(
                    target, first=first, last=last,
                    progress=lambda done, total: progress.update(task, completed=done, total=total),
                )  # fmt: skip
            except DomainError as error:
                raise CommandError(error.message) from error
        self.stdout.write(
            f"Wrote {target}: {exported.order_rows} order lines from {first} to {last}, "
            f"{exported.skus} SKUs."
        )


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date: give it as YYYY-MM-DD") from None
