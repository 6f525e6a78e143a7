import os
import signal
import threading
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from sellerdesk.channels.amazon.spapi.sandbox import Sandbox
from sellerdesk.core.management.base import DocstringCommand

# Beside a sellerdesk checkout, where the project's shared reference data is kept.
DEFAULT_MODELS = Path(__file__).resolve().parents[7] / "shared" / "amazon" / "sp-api-models"


class Command(DocstringCommand):
    """Amazon tools. `sellerdesk amazon sandbox` serves a loopback Selling Partner API.

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
        parser.add_argument("tool", choices=["sandbox"])
        parser.add_argument("--port", type=int, default=8700)
        parser.add_argument("--models", type=Path, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
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
