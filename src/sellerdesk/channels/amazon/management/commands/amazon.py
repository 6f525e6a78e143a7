import datetime as dt
import os
import signal
import threading
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from sellerdesk.channels.amazon.imports.summary import summary_text
from sellerdesk.channels.amazon.spapi.sandbox import Sandbox
from sellerdesk.channels.amazon.sync import sync_marketplace
from sellerdesk.channels.amazon.sync.reports import REPORTS, fetch_report
from sellerdesk.channels.amazon.tasks import enabled_marketplaces
from sellerdesk.core import clock
from sellerdesk.core.management.base import DocstringCommand

# Beside a sellerdesk checkout, where the project's shared reference data is kept.
DEFAULT_MODELS = Path(__file__).resolve().parents[7] / "shared" / "amazon" / "sp-api-models"


class Command(DocstringCommand):
    """Amazon tools: sync now, fetch a report through the API, or serve a sandbox API.

      sync      run the Amazon sync once now, for one marketplace or every enabled one
                (the job queue runs it every SELLERDESK_SYNC_MINUTES anyway)
      report    request a report through the Reports API, wait for it, and import it like
                an uploaded file: all-orders, unshipped, returns or fba-returns
      sandbox   serve a loopback Selling Partner API (below)

    Examples:
      sellerdesk amazon sync --marketplace US
      sellerdesk amazon report all-orders --marketplace UK --days 30
      sellerdesk amazon report account-health --marketplace US   (Amazon's own metrics)

    The sandbox answers with Amazon's own static sandbox examples (the request/response
    pairs in Amazon's API models, listed in a sandbox_index.json) and fakes the Login with
    Amazon token endpoint, so the Amazon sync can be tried without a developer account:

      sellerdesk amazon sandbox --port 8700
      SELLERDESK_SPAPI_ENDPOINT=http://127.0.0.1:8700 \\
      SELLERDESK_LWA_TOKEN_URL=http://127.0.0.1:8700/auth/o2/token sellerdesk serve

    --models (or SELLERDESK_SPAPI_MODELS) names the folder with the models and the index.
    """

    help = __doc__

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("tool", choices=["sync", "report", "sandbox"])
        parser.add_argument("report", nargs="?", choices=sorted(REPORTS), help="report")
        parser.add_argument("--marketplace", metavar="CODE", help="US, UK, DE, ...")
        parser.add_argument("--days", type=int, default=30, help="report: days back (30)")
        parser.add_argument("--port", type=int, default=8700, help="sandbox: port (8700)")
        parser.add_argument("--models", type=Path, default=None, help="sandbox: models folder")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["tool"] == "sync":
            return self._sync(options["marketplace"])
        if options["tool"] == "report":
            return self._report(options)
        return self._sandbox(options)

    def _sync(self, marketplace: str | None) -> None:
        codes = [marketplace.upper()] if marketplace else enabled_marketplaces()
        if not codes:
            raise CommandError("No marketplace is synced: connect Amazon under Settings first.")
        failed = False
        for code in codes:
            summary = sync_marketplace(marketplace=code)
            counts = ", ".join(
                f"{name.replace('_', ' ')} {n}" for name, n in summary.counts.items()
            )
            self.stdout.write(f"Amazon {code}: {counts or 'nothing to do'}")
            for step, message in summary.errors.items():
                failed = True
                self.stderr.write(f"  {step} failed: {message}")
        if failed:
            raise CommandError("Some steps failed; they are tried again at the next sync.")

    def _report(self, options: dict[str, Any]) -> None:
        if not options["report"] or not options["marketplace"]:
            raise CommandError("report needs a report name and --marketplace")
        record = fetch_report(
            marketplace=options["marketplace"].upper(),
            report=options["report"],
            since=clock.now() - dt.timedelta(days=options["days"]),
        )
        if not record.succeeded:
            raise CommandError(record.error)
        self.stdout.write(summary_text(record))

    def _sandbox(self, options: dict[str, Any]) -> None:
        models = options["models"] or Path(
            os.environ.get("SELLERDESK_SPAPI_MODELS", str(DEFAULT_MODELS))
        )
        if not (models / "sandbox_index.json").is_file():
            raise CommandError(
                f"{models}: no sandbox_index.json there. Give --models the folder of Amazon's "
                "SP-API models with their sandbox index (a checkout's shared/amazon/sp-api-models)."
            )
        sandbox = Sandbox(models, port=options["port"]).start()
        self.stdout.write(
            f"SP-API sandbox at {sandbox.url} ({len(sandbox.examples)} examples); "
            f"token URL {sandbox.token_url}. Stop with Ctrl+C."
        )
        stopped = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stopped.set())
        try:
            stopped.wait()
        except KeyboardInterrupt:
            pass
        finally:
            sandbox.stop()
