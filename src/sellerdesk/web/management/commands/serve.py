import argparse
import os
import signal

from django.conf import settings
from django.core.management.base import CommandError
from django.core.servers.basehttp import get_internal_wsgi_application
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.executor import MigrationExecutor
from django.utils.module_loading import autodiscover_modules
from waitress import wasyncore
from waitress.server import create_server

from sellerdesk.core.management.base import DocstringCommand


class Command(DocstringCommand):
    """Serve sellerdesk over HTTP with waitress.

    Waitress is a production-grade WSGI server. Static files (CSS, JavaScript) are
    served by sellerdesk itself through whitenoise, so there is no collectstatic step
    and no web server needed in front of it on one machine. It refuses to start while
    the database has unapplied migrations: run `sellerdesk migrate` first. Stop it with
    Ctrl+C or SIGTERM. It starts by saying which database it serves (DATABASE_URL).

    Listening on another address than 127.0.0.1 or localhost? Add the name the browser
    will use to SELLERDESK_ALLOWED_HOSTS.

    Example:
      sellerdesk serve --host 0.0.0.0 --port 8080
    """

    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument(
            "--host",
            default=os.environ.get("SELLERDESK_HOST", "127.0.0.1"),
            help="Address to listen on (default: $SELLERDESK_HOST, else 127.0.0.1).",
        )
        parser.add_argument(
            "--port",
            type=_port,
            default=os.environ.get("SELLERDESK_PORT", "8000"),
            help="Port to listen on (default: $SELLERDESK_PORT, else 8000).",
        )
        parser.add_argument(
            "--threads", type=int, default=8, help="Requests handled at once (default: 8)."
        )

    def handle(self, *, host: str, port: int, threads: int, **options) -> None:
        if pending := unapplied_migrations():
            raise CommandError(
                f"The database has {len(pending)} unapplied migration(s). "
                "Run `sellerdesk migrate` first."
            )

        sockets: dict = {}  # ours, so that every socket can be closed on the way out
        try:
            server = create_server(
                get_internal_wsgi_application(),
                map=sockets,
                host=host,
                port=port,
                threads=threads,
            )
        except OSError as error:
            raise CommandError(f"Cannot listen on {host}:{port}: {error.strerror}") from error

        worker = _start_embedded_worker()
        # waitress stops cleanly on SystemExit or KeyboardInterrupt (Ctrl+C) in its loop.
        # Set after the worker starts, which installs signal handlers of its own.
        signal.signal(signal.SIGTERM, _exit_on_signal)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        shown_host = f"[{host}]" if ":" in host else host
        shown_port = getattr(server, "effective_port", port)
        self.stdout.write(
            f"sellerdesk is serving http://{shown_host}:{shown_port}/ (Ctrl+C to stop)\n"
            f"  database: {database_in_use(connections[DEFAULT_DB_ALIAS])}\n"
            f"  jobs: {'run here (queue ' + settings.HUEY['filename'] + ')' if worker else 'run by `sellerdesk worker`'}"
        )
        self.stdout.flush()
        try:
            server.run()
        finally:
            if worker is not None:
                worker.stop(graceful=True)
        wasyncore.close_all(sockets)
        self.stdout.write("sellerdesk stopped.")


def database_in_use(connection: BaseDatabaseWrapper) -> str:
    """Which database is served, so a seller sees which shop this is; never its password."""
    config = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"{connection.display_name} {config['NAME']}"
    where = config.get("HOST") or "the local socket"
    if config.get("PORT"):
        where = f"{where}:{config['PORT']}"
    return f"{connection.display_name} {config['NAME']!r} on {where}"


def unapplied_migrations() -> list:
    """The migrations `migrate` would apply now; empty when the schema is up to date."""
    connection = connections[DEFAULT_DB_ALIAS]
    try:
        connection.prepare_database()
        executor = MigrationExecutor(connection)
        return executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError as error:
        raise CommandError(f"Cannot read the database: {error}") from error
    finally:
        connection.close()


def _port(value: str) -> int:
    port = int(value) if value.isdigit() else -1
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{value} is not a port number (0-65535)")
    return port


def _start_embedded_worker():
    """The job queue's worker inside this process, for the default SQLite queue."""
    if not settings.SELLERDESK_EMBEDDED_WORKER:
        return None
    from huey.contrib.djhuey import HUEY

    load_tasks()
    # The only worker of this queue: a lock still held was left by a run that died with the
    # process, and would stop every later sync.
    HUEY.flush_locks()
    options = settings.HUEY.get("consumer", {})
    consumer = HUEY.create_consumer(periodic=True, **options)
    consumer.start()
    return consumer


def load_tasks() -> None:
    """Import every app's tasks module, as `run_huey` does: a job is known to the worker only
    once its module is imported, and pages load only the ones they use."""
    autodiscover_modules("tasks")


def _exit_on_signal(signum, frame) -> None:
    raise SystemExit(0)
