"""The job queue on Redis, worked by a separate `sellerdesk worker` process."""

import json
import socket
import subprocess
import sys
import time

import pytest

from .cli_harness import SELLERDESK, TIMEOUT

REDIS = ("127.0.0.1", 6379)
QUEUE_URL = "redis://127.0.0.1:6379/15"  # a database of its own, emptied by the test


def redis_is_up() -> bool:
    try:
        with socket.create_connection(REDIS, timeout=1):
            return True
    except OSError:
        return False


pytestmark = pytest.mark.skipif(not redis_is_up(), reason="no Redis on 127.0.0.1:6379")

ENQUEUE = """
import django
django.setup()
from huey.contrib.djhuey import HUEY
HUEY.flush()
from sellerdesk.channels.amazon.tasks import sync_amazon_now
sync_amazon_now("US")
print(HUEY.pending_count())
"""
STATE = """
import json
import django
django.setup()
from huey.contrib.djhuey import HUEY
from sellerdesk.channels.amazon.models import MarketplaceSync
state = MarketplaceSync.objects.filter(marketplace__code="US").first()
print(json.dumps({"pending": HUEY.pending_count(),
                  "error": state.last_error if state else None}))
"""


def python(code: str, env: dict[str, str]) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        cwd=env["SELLERDESK_DATA_DIR"],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_a_job_put_on_redis_is_run_by_a_separate_worker(migrated_env, tmp_path):
    env = {
        **migrated_env,
        "SELLERDESK_QUEUE_URL": QUEUE_URL,
        "DJANGO_SETTINGS_MODULE": "sellerdesk.config.settings",
    }
    assert python(ENQUEUE, env) == "1"
    log = tmp_path / "worker.log"
    with log.open("w") as out:
        worker = subprocess.Popen(
            [*SELLERDESK, "worker", "--workers", "1"],
            env=env,
            cwd=env["SELLERDESK_DATA_DIR"],
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            state = json.loads(python(STATE, env))
            if state["error"] is not None:
                break
            time.sleep(0.5)
        else:
            raise AssertionError(f"the worker never ran the job:\n{log.read_text()}")
    finally:
        worker.terminate()
        worker.wait(timeout=TIMEOUT)
    # The job ran the real sync: with no credentials it records how to connect Amazon.
    assert state["pending"] == 0
    assert "enter your Selling Partner API credentials" in state["error"]
