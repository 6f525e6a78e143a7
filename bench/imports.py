"""Benchmark `sellerdesk import` of a big All Orders report against the databases' own loaders.

    .venv/bin/python -m bench.imports --lines 1000000 --databases sqlite,postgres \\
        --output docs/benchmarks.md

Writes (once per size and seed) var/bench/all-orders-N.txt with bench.orders_file, then for
each database, side by side in one run:

- the database's own loader into a plain table of text columns: the sqlite3 command-line
  `.import` into a new SQLite file, `psql \\copy` into a new table;
- the floor under any order model: the report's rows, split beforehand, written by the
  database's loader into the lightest order tables an import could write (bench.import_bare);
- the floor under any import: the same rows written into sellerdesk's order tables by the
  database's shell alone (bench.import_floor);
- `sellerdesk import` of the same file into a freshly migrated sellerdesk database (wall
  time and peak RSS of the process), then the same file again (every order unchanged).

The goal (docs/benchmarks.md): the import within 3x the loader, peak RSS under 300 MB.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from bench import import_bare, import_floor, orders_file, report
from bench.run import BIN, POSTGRES, VAR, _postgres, machine, recreate

SEED = 1
END = dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC)
TITLE = "## Importing a 1,000,000-line All Orders report"
BEGIN = "<!-- bench.imports: generated from here -->"
END_MARK = "<!-- bench.imports: generated to here -->"
RATIO_GOAL = 3.0
RSS_GOAL_MIB = 300


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--postgres", default=POSTGRES)
    parser.add_argument("--output", type=Path)
    args = parser.parse_args()
    VAR.mkdir(parents=True, exist_ok=True)
    path = ensure_file(args.lines)
    runs = []
    for database in args.databases.split(","):
        print(f"== {database}: loader", flush=True)
        loader = sqlite_import(path) if database == "sqlite" else psql_copy(path, args.postgres)
        print(f"  {loader:.1f} s", flush=True)
        print(f"== {database}: the lightest order tables, written by the loader", flush=True)
        bare = lightest(database, path, args.postgres)
        print(f"  {bare:.1f} s", flush=True)
        print(f"== {database}: the same rows written by SQL alone", flush=True)
        floor = sql_alone(database, path, args.postgres)
        print(f"  {floor:.1f} s", flush=True)
        url = database_url(database, args.lines, args.postgres)
        recreate(database, url, args.postgres)
        log = VAR / f"import-{database}.log"
        log.unlink(missing_ok=True)
        sellerdesk(["migrate", "--no-input"], url, log)
        print(f"== {database}: sellerdesk import", flush=True)
        first, first_rss = sellerdesk(["import", str(path)], url, log)
        print(f"  {first:.1f} s, peak RSS {first_rss / 1024:.0f} MiB", flush=True)
        again, again_rss = sellerdesk(["import", str(path)], url, log)
        print(f"  again: {again:.1f} s, peak RSS {again_rss / 1024:.0f} MiB", flush=True)
        runs.append(
            {
                "database": database,
                "loader_s": round(loader, 2),
                "bare_s": round(bare, 2),
                "floor_s": round(floor, 2),
                "import_s": round(first, 2),
                "import_rss_mib": round(first_rss / 1024),
                "again_s": round(again, 2),
                "again_rss_mib": round(again_rss / 1024),
                "summary": log.read_text().strip().splitlines()[-2:],
            }
        )
    results = {
        "machine": machine(args.postgres, args.databases.split(",")),
        "lines": args.lines,
        "bytes": path.stat().st_size,
        "runs": runs,
    }
    (VAR / "imports.json").write_text(json.dumps(results, indent=2))
    if args.output:
        command = " ".join(["python -m bench.imports", *sys.argv[1:]])
        text = args.output.read_text()
        args.output.write_text(replace_section(text, section(results, command)))
        print(f"wrote {args.output}")


def ensure_file(lines: int) -> Path:
    path = VAR / f"all-orders-{lines}.txt"
    marker = path.with_suffix(".json")
    wanted = {"lines": lines, "seed": SEED, "end": END.isoformat(), "source": _source_hash()}
    if path.exists() and marker.exists() and json.loads(marker.read_text()) == wanted:
        return path
    print(f"== writing {path.name}", flush=True)
    orders_file.write(path, lines=lines, seed=SEED, end=END)
    marker.write_text(json.dumps(wanted))
    return path


def _source_hash() -> str:
    import hashlib

    return hashlib.sha256(Path(orders_file.__file__).read_bytes()).hexdigest()[:16]


def sqlite_import(path: Path) -> float:
    if shutil.which("sqlite3") is None:
        sys.exit("the sqlite3 command-line tool is missing: apt-get install sqlite3")
    target = VAR / "plain-import.sqlite3"
    target.unlink(missing_ok=True)
    start = time.perf_counter()
    subprocess.run(["sqlite3", str(target), ".mode tabs", f".import {path} all_orders"], check=True)
    seconds = time.perf_counter() - start
    target.unlink()
    return seconds


def psql_copy(path: Path, server: str) -> float:
    columns = ", ".join(f'"{name}" text' for name in orders_file.COLUMNS)
    with _postgres(server) as connection:
        connection.execute("DROP DATABASE IF EXISTS sellerdesk_bench_plain")
        connection.execute("CREATE DATABASE sellerdesk_bench_plain")
    url = f"{server}/sellerdesk_bench_plain"
    subprocess.run(["psql", url, "-qc", f"CREATE TABLE all_orders ({columns})"], check=True)
    copy = (
        f"\\copy all_orders FROM '{path}' WITH (FORMAT csv, DELIMITER E'\\t', "
        "QUOTE E'\\x01', NULL '', HEADER true)"
    )
    start = time.perf_counter()
    subprocess.run(["psql", url, "-qc", copy], check=True)
    seconds = time.perf_counter() - start
    with _postgres(server) as connection:
        connection.execute("DROP DATABASE sellerdesk_bench_plain")
    return seconds


def lightest(database: str, path: Path, server: str) -> float:
    """bench.import_bare in a database of its own."""
    if database == "sqlite":
        return import_bare.sqlite_bare(path, VAR / "bare.sqlite3")
    url = f"{server}/sellerdesk_bench_bare"
    recreate(database, url, server)
    try:
        return import_bare.postgres_bare(path, url, VAR)
    finally:
        with _postgres(server) as connection:
            connection.execute("DROP DATABASE sellerdesk_bench_bare")


def sql_alone(database: str, path: Path, server: str) -> float:
    """bench.import_floor on a freshly migrated database of its own."""
    url = (
        f"sqlite:///{VAR / 'floor.sqlite3'}"
        if database == "sqlite"
        else f"{server}/sellerdesk_bench_floor"
    )
    recreate(database, url, server)
    log = VAR / f"floor-{database}.log"
    sellerdesk(["migrate", "--no-input"], url, log)
    if database == "sqlite":
        return import_floor.sqlite_floor(path, Path(url.removeprefix("sqlite:///")))
    return import_floor.postgres_floor(path, url)


def database_url(database: str, lines: int, server: str) -> str:
    if database == "sqlite":
        return f"sqlite:///{VAR / f'import-{lines}.sqlite3'}"
    return f"{server}/sellerdesk_bench_import_{lines}"


def sellerdesk(args: list[str], url: str, log: Path) -> tuple[float, int]:
    start = time.perf_counter()
    env = {**os.environ, "DATABASE_URL": url, "SELLERDESK_DATA_DIR": str(VAR)}
    with open(log, "ab") as out:
        process = subprocess.Popen(
            [BIN / "sellerdesk", *args], env=env, stdout=out, stderr=subprocess.STDOUT
        )
        _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"sellerdesk {' '.join(args)} failed; see {log}")
    return seconds, usage.ru_maxrss


def section(results: dict, command: str) -> str:
    m = results["machine"]
    lines = [
        f"Measured {m['date']} on {m['cores']} cores (Python {m['python']}, SQLite "
        f"{m['sqlite']}" + (f", PostgreSQL {m['postgresql']}" if "postgresql" in m else "") + "): "
        f"a {results['lines']:,}-line report of {results['bytes'] / 1e6:.0f} MB written by "
        "bench.orders_file, imported into a freshly migrated database.",
        "",
        "```",
        f".venv/bin/{command}",
        "```",
        "",
        "| database | loader into a plain table | the lightest order tables, rows split "
        "beforehand, by the loader "
        "| the same rows written by SQL alone "
        "| sellerdesk import | ratio (goal <= 3) | peak RSS (goal < 300 MB) | same file again |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for run in results["runs"]:
        loader = "sqlite3 `.import`" if run["database"] == "sqlite" else "psql `\\copy`"
        ratio = run["import_s"] / run["loader_s"]
        lines.append(
            f"| {report.DATABASES[run['database']]} | {loader} {run['loader_s']:.1f} s "
            f"| {run['bare_s']:.1f} s ({run['bare_s'] / run['loader_s']:.1f}x) "
            f"| {run['floor_s']:.1f} s ({run['floor_s'] / run['loader_s']:.1f}x) "
            f"| {run['import_s']:.1f} s | {ratio:.1f}x {'met' if ratio <= RATIO_GOAL else 'NOT met'} "
            f"| {run['import_rss_mib']} MiB | {run['again_s']:.1f} s |"
        )
    return "\n".join(lines)


def replace_section(text: str, body: str) -> str:
    block = f"{BEGIN}\n{body}\n{END_MARK}"
    if BEGIN in text and END_MARK in text:
        head, rest = text.split(BEGIN, 1)
        return head + block + rest.split(END_MARK, 1)[1]
    return f"{text.rstrip()}\n\n{TITLE}\n\n{block}\n"


if __name__ == "__main__":
    main()
