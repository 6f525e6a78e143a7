from typing import Any

from django.conf import settings
from django.core.management import call_command

from sellerdesk.core.management.base import DocstringCommand


class Command(DocstringCommand):
    """Run the job queue's worker (the Amazon sync, the messages outbox, review requests),
    for a queue on Redis.

    With the default queue (a SQLite file in the data directory) `sellerdesk serve` runs
    the jobs itself and no worker is needed. With SELLERDESK_QUEUE_URL=redis://host:6379/0
    run one or more of these beside `sellerdesk serve`, with the same settings. The sync
    runs every SELLERDESK_SYNC_MINUTES minutes (default 10), one run at a time.
    """

    help = __doc__

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--workers", type=int, default=2, help="Jobs run at once.")

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.SELLERDESK_EMBEDDED_WORKER:
            self.stderr.write(
                "The queue is the embedded SQLite one: `sellerdesk serve` already runs its jobs. "
                "Working it from here as well."
            )
        # A lock left by a worker that died mid-sync would stop every later sync; with
        # several workers, start them together so none flushes another's running lock.
        call_command("run_huey", workers=options["workers"], worker_type="thread", flush_locks=True)
