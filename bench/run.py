"""Benchmark the dashboard pages over demo shops of several sizes, on SQLite and PostgreSQL.

    .venv/bin/python -m bench.run --orders 10000,1000000 --databases sqlite,postgres \\
        --requests 50 --rounds 5 --keep --output docs/benchmarks.md

For each database and size it loads the demo shop through the real commands (`sellerdesk
migrate`, then `sellerdesk demo --orders N --seed 1 --today 2026-03-01`) into
var/bench/orders-N.sqlite3 or the PostgreSQL database sellerdesk_bench_N, timing the load and
taking its peak RSS. Then bench.pages times the pages in a subprocess per database, --rounds
times over all of them in turn.

The seed and the day are fixed, so a loaded database is always the same one and the pages,
timed with the clock pinned to that day, show the same orders whenever they are measured.
--keep reuses a database (a million orders take minutes to load) when
var/bench/orders-N-DB.json says it loaded completely with the same seed, day and demo source;
without --keep every database is loaded afresh. --output rewrites the generated part of the
section on these pages in that Markdown file.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench import report
from bench.pages import stats

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
VAR = ROOT / "var" / "bench"
SEED = 1
TODAY = dt.date(2026, 3, 1)
POSTGRES = "postgres://postgres@127.0.0.1:5432"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--orders", type=_sizes, default=[10_000, 1_000_000], metavar="N,N")
    parser.add_argument(
        "--databases", type=_databases, default=["sqlite", "postgres"], metavar="DB,DB"
    )
    parser.add_argument("--requests", type=int, default=50, help="timed requests per page")
    parser.add_argument("--rounds", type=int, default=5, help="times over every database")
    parser.add_argument("--keep", action="store_true", help="reuse databases already loaded")
    parser.add_argument("--postgres", default=POSTGRES, help=f"server URL (default: {POSTGRES})")
    parser.add_argument("--output", type=Path, help="Markdown file whose section to rewrite")
    args = parser.parse_args()

    VAR.mkdir(parents=True, exist_ok=True)
    runs = []
    for database in args.databases:
        for size in args.orders:
            url = database_url(database, size, args.postgres)
            print(f"== {database}, {size:,} orders: load", flush=True)
            load = ensure_loaded(database, size, url, args.postgres, keep=args.keep)
            runs.append({"database": database, "size": size, "url": url, "load": load})
    # Rounds take turns over the databases, so a busy spell on this shared machine falls on
    # one round of each rather than on all of one database's.
    for number in range(1, args.rounds + 1):
        for run in runs:
            print(f"== round {number}: {run['database']}, {run['size']:,} orders", flush=True)
            add_round(run, time_pages(run["url"], args.requests))
    results = {
        "machine": machine(args.postgres, args.databases),
        "rounds": args.rounds,
        "requests": args.requests,
        "runs": runs,
    }
    (VAR / "results.json").write_text(json.dumps(results, indent=2))
    if args.output:
        command = " ".join(["python -m bench.run", *sys.argv[1:]])
        report.update(args.output, report.section(results, command))
        print(f"wrote {args.output}")


def database_url(database: str, size: int, server: str) -> str:
    if database == "sqlite":
        return f"sqlite:///{VAR / f'orders-{size}.sqlite3'}"
    return f"{server}/sellerdesk_bench_{size}"


def ensure_loaded(database: str, size: int, url: str, server: str, *, keep: bool) -> dict:
    """The load's record: read back when --keep finds the database complete, else loaded now."""
    marker = VAR / f"orders-{size}-{database}.json"
    log = VAR / f"orders-{size}-{database}.log"  # the commands' output
    wanted = {"orders": size, "seed": SEED, "today": TODAY.isoformat(), "demo": demo_fingerprint()}
    if keep and marker.exists() and database_exists(database, url, server):
        record = json.loads(marker.read_text())
        if all(record.get(key) == value for key, value in wanted.items()):
            print(f"  reusing the database loaded on {record['loaded_on']}", flush=True)
            sellerdesk(["migrate", "--no-input"], url, log)  # a kept database gets new indexes
            return record
    marker.unlink(missing_ok=True)  # until the load below completes
    log.unlink(missing_ok=True)
    recreate(database, url, server)
    sellerdesk(["migrate", "--no-input"], url, log)
    demo = ["demo", "--orders", str(size), "--seed", str(SEED), "--today", TODAY.isoformat()]
    seconds, peak_kib = sellerdesk(demo, url, log)
    record = {
        **wanted,
        "seconds": round(seconds, 1),
        "peak_rss_mib": round(peak_kib / 1024),
        "loaded_on": dt.date.today().isoformat(),  # noqa: DTZ011 - a label, local is right
    }
    marker.write_text(json.dumps(record, indent=2))
    print(f"  loaded in {seconds:.0f} s, peak RSS {peak_kib / 1024:.0f} MiB", flush=True)
    return record


def demo_fingerprint() -> str:
    """A hash of the demo shop's source: a kept database is reloaded once the demo changes."""
    digest = hashlib.sha256()
    demo = ROOT / "src" / "sellerdesk" / "demo"
    for path in sorted(demo.rglob("*.py")):
        if "tests" not in path.relative_to(demo).parts:
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def sellerdesk(args: list[str], url: str, log: Path) -> tuple[float, int]:
    """Run a sellerdesk command; its wall time and peak RSS (KiB) from wait4's rusage."""
    start = time.perf_counter()
    with open(log, "ab") as out:
        process = subprocess.Popen(
            [BIN / "sellerdesk", *args], env=environment(url), stdout=out, stderr=subprocess.STDOUT
        )
        _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        tail = log.read_text(errors="replace").splitlines()[-30:]
        sys.exit("\n".join([f"sellerdesk {' '.join(args)} failed ({process.returncode})", *tail]))
    return seconds, usage.ru_maxrss


def time_pages(url: str, requests: int) -> dict:
    command = [sys.executable, "-m", "bench.pages", "--today", TODAY.isoformat()]
    command += ["--requests", str(requests)]
    done = subprocess.run(
        command, env=environment(url), cwd=ROOT, stdout=subprocess.PIPE, check=True
    )
    return json.loads(done.stdout)


def add_round(run: dict, timed: dict) -> None:
    """Add a round to the run: a page's p50 and p95 are the medians of its rounds' own.

    A round that shared the machine with other work then moves neither, where pooling every
    sample would let it. A page's query count must be the same in every round.
    """
    run["load_average"] = max(run.get("load_average", 0.0), *timed["load"])
    pages = run.setdefault("pages", {})
    for label, page in timed["pages"].items():
        pooled = pages.setdefault(label, {"queries": page["queries"], "rounds": []})
        if pooled["queries"] != page["queries"]:
            sys.exit(f"{label}: {page['queries']} queries, {pooled['queries']} before")
        pooled["rounds"].append(stats(page["samples"]))
        rounds = pooled["rounds"]
        pooled["p50"] = statistics.median(r["p50"] for r in rounds)
        pooled["p95"] = statistics.median(r["p95"] for r in rounds)
        pooled["max"] = max(r["max"] for r in rounds)


def environment(url: str) -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": url, "SELLERDESK_DATA_DIR": str(VAR)}


def recreate(database: str, url: str, server: str) -> None:
    if database == "sqlite":
        path = Path(url.removeprefix("sqlite:///"))
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    name = url.rsplit("/", 1)[1]
    with _postgres(server) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


def database_exists(database: str, url: str, server: str) -> bool:
    if database == "sqlite":
        return Path(url.removeprefix("sqlite:///")).exists()
    name = url.rsplit("/", 1)[1]
    with _postgres(server) as connection:
        found = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        return found.fetchone() is not None


def _postgres(server: str):
    import psycopg

    return psycopg.connect(f"{server}/postgres", autocommit=True)


def machine(server: str, databases: list[str]) -> dict[str, str]:
    import sqlite3

    import django

    versions = {
        "date": dt.date.today().isoformat(),  # noqa: DTZ011 - a label, local is right
        "cores": str(os.cpu_count()),
        "python": platform.python_version(),
        "django": django.get_version(),
        "sqlite": sqlite3.sqlite_version,
    }
    if "postgres" in databases:
        with _postgres(server) as connection:
            versions["postgresql"] = connection.execute("SHOW server_version").fetchone()[0]
    return versions


def _sizes(text: str) -> list[int]:
    return [int(part.replace("_", "")) for part in text.split(",") if part.strip()]


def _databases(text: str) -> list[str]:
    names = [part.strip() for part in text.split(",") if part.strip()]
    if unknown := set(names) - {"sqlite", "postgres"}:
        raise argparse.ArgumentTypeError(f"unknown database {', '.join(sorted(unknown))}")
    return names


if __name__ == "__main__":
    main()
