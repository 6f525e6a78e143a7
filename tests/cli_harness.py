"""Running the `sellerdesk` console script as a seller does: a subprocess on a fresh install.

Subprocesses get their own data directory and SQLite database, whatever DATABASE_URL the
suite runs with.
"""

import os
import subprocess
import sys
from pathlib import Path

# The installed console script; `python -m sellerdesk` where the package is not installed.
SCRIPT = Path(sys.executable).with_name("sellerdesk")
SELLERDESK = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "sellerdesk"]
TIMEOUT = 60  # seconds; no subprocess may hang the suite


def run(*args: str, env: dict[str, str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*SELLERDESK, *args],
        env=env,
        cwd=env["SELLERDESK_DATA_DIR"],
        stdin=subprocess.DEVNULL,  # never the developer's terminal
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        **kwargs,
    )


def fresh_install(directory: Path) -> dict[str, str]:
    """The environment of a new install: real settings, its own data directory and database."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("SELLERDESK_", "DJANGO_", "DATABASE_URL"))
    }
    data = directory / "data"
    data.mkdir()
    env["SELLERDESK_DATA_DIR"] = str(data)
    env["DATABASE_URL"] = f"sqlite:///{directory / 'sellerdesk.sqlite3'}"
    env["PYTHONWARNINGS"] = "error"  # as strict as the suite's filterwarnings
    return env


def migrated_install(directory: Path) -> dict[str, str]:
    env = fresh_install(directory)
    result = run("migrate", "--no-input", env=env)
    assert result.returncode == 0, result.stderr
    return env
