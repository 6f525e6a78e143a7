"""`sellerdesk serve`, run as a seller runs it: a subprocess on a fresh install."""

import json
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db.utils import load_backend

from sellerdesk.web.management.commands.serve import database_in_use

from .cli_harness import SELLERDESK, TIMEOUT, run

STATIC_DIR = Path(__file__).resolve().parent.parent / "src" / "sellerdesk" / "static"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def static_urls() -> list[str]:
    """htmx from django-htmx's app directory, and the first of sellerdesk's own, if any."""
    own = sorted(p for p in STATIC_DIR.rglob("*") if p.is_file())[:1]
    return ["/static/django_htmx/htmx-2.min.js"] + [
        f"/static/{p.relative_to(STATIC_DIR).as_posix()}" for p in own
    ]


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT], ids=lambda s: s.name)
def test_serve_answers_pages_and_static_files_and_stops_on_a_signal(migrated_env, tmp_path, stop):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    stdout, stderr = tmp_path / "stdout", tmp_path / "stderr"
    with stdout.open("w") as out, stderr.open("w") as err:
        server = subprocess.Popen(
            [*SELLERDESK, "serve", "--port", str(port)],
            env=migrated_env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
        )
    try:
        deadline = time.monotonic() + TIMEOUT
        while server.poll() is None and time.monotonic() < deadline:
            try:
                login_status = get(f"{base}/login/")
                break
            except OSError:  # not listening yet
                time.sleep(0.1)
        else:
            raise AssertionError(f"serve never answered: {stderr.read_text()}")

        assert login_status == 200
        for url in static_urls():
            assert get(f"{base}{url}") == 200, url

        server.send_signal(stop)
        assert server.wait(timeout=TIMEOUT) == 0
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()

    database = migrated_env["DATABASE_URL"].removeprefix("sqlite:///")
    assert stdout.read_text() == (
        f"sellerdesk is serving http://127.0.0.1:{port}/ (Ctrl+C to stop)\n"
        f"  database: SQLite {database}\n"
        f"  jobs: run here (queue {migrated_env['SELLERDESK_DATA_DIR']}/queue.sqlite3)\n"
        "sellerdesk stopped.\n"
    )
    assert "Traceback" not in stderr.read_text()
    with pytest.raises(urllib.error.URLError, match="Connection refused"):
        get(f"{base}/login/")


def test_serve_refuses_an_unmigrated_database(env):
    result = run("serve", "--port", str(free_port()), env=env)

    assert result.returncode == 1
    assert "unapplied migration(s). Run `sellerdesk migrate` first." in result.stderr
    assert "sellerdesk is serving" not in result.stdout


def test_serve_reads_its_port_from_the_environment(env):
    # SELLERDESK_PORT is read when the command's options are parsed: a bad one is refused there.
    result = run("serve", env={**env, "SELLERDESK_PORT": "99999"})

    assert result.returncode == 2
    assert "99999 is not a port number" in result.stderr


def test_serve_names_a_postgresql_database_by_host_and_name_never_its_password():
    settings = {"NAME": "shop", "USER": "seller", "PASSWORD": "pa55-w0rd", "HOST": "db.lan"}
    connection = load_backend("django.db.backends.postgresql").DatabaseWrapper(
        {**settings, "PORT": "5432", "OPTIONS": {}, "TIME_ZONE": None}
    )

    assert database_in_use(connection) == "PostgreSQL 'shop' on db.lan:5432"


MODELS = Path(__file__).resolve().parents[2] / "shared" / "amazon" / "sp-api-models"


@pytest.mark.skipif(not MODELS.is_dir(), reason="Amazon's SP-API models live in ../shared")
def test_the_amazon_sandbox_serves_tokens_and_examples_until_stopped(env, tmp_path):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    stdout = tmp_path / "stdout"
    with stdout.open("w") as out:
        sandbox = subprocess.Popen(
            [*SELLERDESK, "amazon", "sandbox", "--port", str(port), "--models", str(MODELS)],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + TIMEOUT
        form = b"grant_type=refresh_token&refresh_token=r&client_id=c&client_secret=s"
        while sandbox.poll() is None and time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{base}/auth/o2/token", data=form, timeout=5) as r:
                    token = json.loads(r.read())["access_token"]
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise AssertionError(f"the sandbox never answered: {stdout.read_text()}")
        request = urllib.request.Request(
            f"{base}/reports/2021-06-30/reports/ID323", headers={"x-amz-access-token": token}
        )
        with urllib.request.urlopen(request, timeout=5) as response:
            assert json.loads(response.read())["processingStatus"] == "IN_PROGRESS"
        sandbox.send_signal(signal.SIGTERM)
        assert sandbox.wait(timeout=TIMEOUT) == 0
        assert f"SP-API sandbox at {base}" in stdout.read_text()
    finally:
        if sandbox.poll() is None:
            sandbox.kill()


def test_the_embedded_worker_knows_every_periodic_job_not_only_those_pages_load(env):
    # A fresh process, as `sellerdesk serve` starts: only what load_tasks imports is known.
    script = (
        "import django, json; django.setup()\n"
        "from huey.contrib.djhuey import HUEY\n"
        "from sellerdesk.web.management.commands.serve import load_tasks\n"
        "load_tasks()\n"
        "print(json.dumps(sorted(t.name for t in HUEY._registry.periodic_tasks)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        env=env | {"DJANGO_SETTINGS_MODULE": "sellerdesk.config.settings"},
        capture_output=True, text=True, timeout=TIMEOUT, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    names = set(json.loads(result.stdout))
    assert {"send_messages", "request_reviews_daily", "email_restock_daily"} <= names
    assert any("sync" in name for name in names), names
