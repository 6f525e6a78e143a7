"""Time the workbook export against XlsxWriter alone writing the same cells, and its memory.

    .venv/bin/python -m bench.workbook [--orders 10000,100000] [--databases sqlite,postgres]
        [--rounds 3]

For each database and size it loads the demo shop (`sellerdesk demo --orders N --seed 1
--today 2026-03-01`) into var/bench/workbook-N.sqlite3 or the PostgreSQL database
sellerdesk_workbook_N (kept while the demo's source is unchanged), then runs, each
in a process of its own so that its peak RSS is its own, --rounds times in turn:

- export: `export_workbook` of the year to the day, every order in it, as the download
  button and `sellerdesk export workbook` make it: the reads, the figures and the writing;
- xlsxwriter: the same Order Tracking and Inventory cells (values, formats, formulas), read
  into memory first and not timed, written by XlsxWriter in constant-memory mode alone.

The goal (issue 9): the export within 1.5x of XlsxWriter alone, its memory flat as orders grow.
Numbers go to docs/benchmarks.md by hand.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.run import BIN, POSTGRES, ROOT, demo_fingerprint, recreate

VAR = ROOT / "var" / "bench"
TODAY = dt.date(2026, 3, 1)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--orders", default="10000,100000")
    parser.add_argument("--databases", default="sqlite")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--child", choices=("export", "xlsxwriter"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args.child)
        return
    VAR.mkdir(parents=True, exist_ok=True)
    results = {}
    for database in args.databases.split(","):
        for size in (int(text) for text in args.orders.split(",")):
            url = _loaded(database, size)
            runs: dict[str, list[tuple[float, int]]] = {"export": [], "xlsxwriter": []}
            for _ in range(args.rounds):
                for what in runs:
                    runs[what].append(_measure(what, url))
            results[f"{database} {size}"] = runs
            _print(f"{database}, {size:,} orders", runs)
    print(json.dumps(results))


def _loaded(database: str, size: int) -> str:
    marker = VAR / f"workbook-{size}-{database}.json"
    if database == "sqlite":
        url = f"sqlite:///{VAR / f'workbook-{size}.sqlite3'}"
    else:
        url = f"{POSTGRES}/sellerdesk_workbook_{size}"
    fingerprint = demo_fingerprint()
    env = _env(url)
    migrate = [BIN / "sellerdesk", "migrate", "--no-input"]
    if marker.exists() and json.loads(marker.read_text()).get("demo") == fingerprint:
        # A kept shop takes the migrations that came since it was loaded.
        subprocess.run(migrate, env=env, check=True, stdout=subprocess.DEVNULL)
        return url
    recreate(database, url, POSTGRES)
    subprocess.run(migrate, env=env, check=True, stdout=subprocess.DEVNULL)
    started = time.perf_counter()
    subprocess.run(
        [BIN / "sellerdesk", "demo", "--orders", str(size), "--seed", "1", "--today",
         TODAY.isoformat()], env=env, check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    print(
        f"loaded {size:,} demo orders on {database} in {time.perf_counter() - started:.0f} s",
        flush=True,
    )
    marker.write_text(json.dumps({"demo": fingerprint}))
    return url


def _measure(what: str, url: str) -> tuple[float, int]:
    """(seconds the child timed, its peak RSS in MiB)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "bench.workbook", "--child", what],
        env=_env(url), cwd=ROOT, stdout=subprocess.PIPE,
    )  # fmt: skip
    assert process.stdout is not None
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{what} failed")
    return json.loads(output)["seconds"], usage.ru_maxrss // 1024


def _env(url: str) -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": url, "SELLERDESK_DATA_DIR": str(VAR),
            "DJANGO_SETTINGS_MODULE": "sellerdesk.config.settings"}  # fmt: skip


def _print(what: str, runs: dict[str, list[tuple[float, int]]]) -> None:
    export = statistics.median(seconds for seconds, _ in runs["export"])
    alone = statistics.median(seconds for seconds, _ in runs["xlsxwriter"])
    print(
        f"{what}: export {export:.2f} s (peak {max(m for _, m in runs['export'])} MiB), "
        f"XlsxWriter alone {alone:.2f} s (peak {max(m for _, m in runs['xlsxwriter'])} MiB), "
        f"ratio {export / alone:.2f}",
        flush=True,
    )


def _child(what: str) -> None:
    import django

    sys.path.insert(0, str(ROOT / "src"))
    django.setup()
    from sellerdesk.core import clock

    first = TODAY - dt.timedelta(days=364)
    with clock.pinned(dt.datetime.combine(TODAY, dt.time(12), tzinfo=dt.UTC)), \
            tempfile.TemporaryDirectory() as scratch:  # fmt: skip
        target = Path(scratch) / "shop.xlsx"
        if what == "export":
            from sellerdesk.workbook.export import export_workbook

            started = time.perf_counter()
            export_workbook(target, first=first, last=TODAY)
            seconds = time.perf_counter() - started
        else:
            from bench.workbook_cells import write_alone

            seconds = write_alone(target, first, TODAY)
    print(json.dumps({"seconds": seconds}))


if __name__ == "__main__":
    main()
