import argparse
import datetime as dt

from django.core.management.base import CommandError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from sellerdesk.core import clock
from sellerdesk.core.management.base import DocstringCommand
from sellerdesk.demo.loader import DatabaseNotEmpty, DemoSummary, database_has_data, load_demo


class Command(DocstringCommand):
    """Load the demo shop: a handmade jewellery seller with a year of Amazon orders.

    About 60 SKUs (rings, necklaces, earrings, bracelets; seven one-of-a-kind pieces),
    sold on Amazon US (USD) and UK (GBP), seller-fulfilled from two studio shelves and
    fulfilled by Amazon from FBA stock. The year has Valentine's Day, Mother's Day, Black
    Friday and Christmas peaks, cancellations, late shipments, and a few dozen orders
    still to ship today (some overdue). Stock moves only through its ledger.

    The same --seed and --today always load the same data. With --today the shop's
    clock stands at noon of that day (in SELLERDESK_TIME_ZONE); without it, at now.
    It loads only into an empty database, in one transaction.

    Examples:
      sellerdesk demo
      sellerdesk demo --if-empty
      sellerdesk demo --orders 1000000 --seed 7 --today 2026-03-01
    """

    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument(
            "--orders",
            type=_count,
            default=5000,
            metavar="N",
            help="Orders in the year (default: 5000; 1000000 loads in a few minutes).",
        )
        parser.add_argument(
            "--seed", type=int, default=1, metavar="S", help="Random seed (default: 1)."
        )
        parser.add_argument(
            "--today", type=_day, metavar="YYYY-MM-DD", help="The shop's today (default: today)."
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing (and succeed) when the database already holds a shop.",
        )

    def handle(self, *, orders: int, seed: int, today, if_empty: bool, **options) -> None:
        if if_empty and database_has_data():
            self.stdout.write("The database already holds a shop: demo not loaded.")
            return
        as_of = clock.now()
        if today is not None:
            as_of = dt.datetime.combine(today, dt.time(12), tzinfo=clock.seller_zone())
        console = Console(stderr=True)
        columns = (TextColumn("Loading orders"), BarColumn(), MofNCompleteColumn())
        with Progress(
            *columns, TimeElapsedColumn(), console=console, disable=not console.is_terminal
        ) as progress:
            task = progress.add_task("demo", total=orders)
            try:
                summary = load_demo(
                    orders=orders,
                    seed=seed,
                    as_of=as_of,
                    on_progress=lambda done: progress.update(task, completed=done),
                )
            except DatabaseNotEmpty as error:
                raise CommandError(error.message) from error
        self.stdout.write(_report(summary))


def _count(text: str) -> int:
    value = int(text.replace("_", ""))
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return value


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-03-01") from None


def _report(summary: DemoSummary) -> str:
    lines = [
        f"Loaded the demo shop in {summary.seconds:.1f} s: {summary.skus} SKUs, "
        f"{summary.total_orders:,} orders, {summary.movements:,} stock movements.",
        "Orders by marketplace and status:",
    ]
    lines += [
        f"  {market:3} {status:18} {n:>10,}" for (market, status), n in summary.orders.items()
    ]
    lines.append(
        f"Waiting to ship: {summary.open_orders} orders ({summary.short_lines} lines short of "
        f"stock). Low on stock: {summary.low_stock} SKUs."
    )
    return "\n".join(lines)
