"""bench.run's results as Markdown, written between two markers in docs/benchmarks.md.

Only the text between the markers is rewritten, so the notes around it stay as written.
"""

from __future__ import annotations

from pathlib import Path

BEGIN = "<!-- bench.run: generated from here -->"
END = "<!-- bench.run: generated to here -->"
TITLE = "## Dashboard pages at 10k and 1M demo orders"
DATABASES = {"sqlite": "SQLite", "postgres": "PostgreSQL"}

# The goals: these list pages under 100 ms p95 at the largest size; home within 1.5x.
LIST_GOAL_MS = 100
LIST_PAGES = (
    "orders, first page",
    "orders, status Shipped",
    "orders, UK and seller-fulfilled",
    "orders, status Shipped (htmx partial)",
)
HOME = "home"
HOME_GOAL_RATIO = 1.5
# Issue 7's: Performance and Analytics at the largest size within 1.5x of the smallest, p95
# under 200 ms.
INSIGHT_PAGES = (
    "home, early warnings (htmx)",
    "performance",
    "performance, Late Shipment Rate history (htmx)",
    "performance, Order Defect Rate history (htmx)",
    "analytics, 30 days",
)
INSIGHT_GOAL_MS = 200


def section(results: dict, command: str) -> str:
    machine = results["machine"]
    runs = results["runs"]
    versions = f"Python {machine['python']}, Django {machine['django']}, SQLite {machine['sqlite']}"
    if "postgresql" in machine:
        versions += f", PostgreSQL {machine['postgresql']}"
    lines = [
        f"Measured {machine['date']} on {machine['cores']} cores: {versions}. In each of "
        f"{results['rounds']} rounds, taking turns over the databases, every page is fetched "
        f"5 times to warm up, then timed {results['requests']} times. p50 and p95 are the "
        f"medians of the rounds' own (p95 by nearest rank); max is over all requests.",
        "",
        "```",
        f".venv/bin/{command}",
        "```",
        "",
        "The machine is shared: the highest 1-minute load average seen while timing was "
        + ", ".join(
            f"{run['load_average']:.1f} ({DATABASES[run['database']]} {_size(run['size'])})"
            for run in runs
        )
        + " (2 cores; the benchmark itself accounts for about 1, more means other work competed).",
    ]
    for database, name in DATABASES.items():
        mine = [run for run in runs if run["database"] == database]
        if mine:
            lines += ["", f"### {name}", "", *_table(mine)]
    lines += ["", "### Loading the demo shop", ""]
    lines += ["| database | orders | load | peak RSS |", "|---|---:|---:|---:|"]
    for run in runs:
        load = run["load"]
        lines.append(
            f"| {DATABASES[run['database']]} | {run['size']:,} | {load['seconds']:.0f} s "
            f"| {load['peak_rss_mib']:,} MiB |"
        )
    lines += ["", "### Goals", "", *_verdicts(runs)]
    return "\n".join(lines)


def _table(runs: list[dict]) -> list[str]:
    runs = sorted(runs, key=lambda run: run["size"])
    stats = ("p50", "p95", "max")
    head = "".join(f" {_size(run['size'])} {stat} |" for run in runs for stat in stats)
    rows = [f"| page |{head} queries |", "|---|" + "---:|" * (len(runs) * len(stats) + 1)]
    for label in runs[0]["pages"]:
        cells = "".join(f" {_ms(run['pages'][label][s])} |" for run in runs for s in stats)
        counts = [str(run["pages"][label]["queries"]) for run in runs]
        queries = counts[0] if len(set(counts)) == 1 else " / ".join(counts)
        rows.append(f"| {label} |{cells} {queries} |")
    return rows


def _verdicts(runs: list[dict]) -> list[str]:
    lines = []
    for database, name in DATABASES.items():
        mine = sorted((r for r in runs if r["database"] == database), key=lambda r: r["size"])
        if not mine:
            continue
        small, large = mine[0], mine[-1]
        worst = max(LIST_PAGES, key=lambda label: large["pages"][label]["p95"])
        p95 = large["pages"][worst]["p95"]
        met = "met" if p95 < LIST_GOAL_MS else "**missed**"
        lines.append(
            f"- {name}, orders list (first page and filtered) p95 under {LIST_GOAL_MS} ms at "
            f"{_size(large['size'])}: {met}; the slowest is {worst!r} at {_ms(p95)} ms."
        )
        if small is not large:
            before, after = small["pages"][HOME], large["pages"][HOME]
            ratio = after["p50"] / before["p50"]
            met = "met" if ratio <= HOME_GOAL_RATIO else "**missed**"
            lines.append(
                f"- {name}, home at {_size(large['size'])} within {HOME_GOAL_RATIO}x of "
                f"{_size(small['size'])}: {met}; p50 {_ms(before['p50'])} -> "
                f"{_ms(after['p50'])} ms is {ratio:.2f}x (p95 {after['p95'] / before['p95']:.2f}x)."
            )
        for label in INSIGHT_PAGES:
            if label not in large["pages"]:
                continue
            before, after = small["pages"][label], large["pages"][label]
            ratio = after["p50"] / before["p50"]
            met = (
                "met" if ratio <= HOME_GOAL_RATIO and after["p95"] < INSIGHT_GOAL_MS
                else "**missed**"
            )  # fmt: skip
            lines.append(
                f"- {name}, {label} at {_size(large['size'])}: within {HOME_GOAL_RATIO}x of "
                f"{_size(small['size'])} and p95 under {INSIGHT_GOAL_MS} ms: {met}; p50 "
                f"{_ms(before['p50'])} -> {_ms(after['p50'])} ms ({ratio:.2f}x), p95 "
                f"{_ms(after['p95'])} ms."
            )
    return lines


def _size(orders: int) -> str:
    if orders >= 1_000_000 and orders % 1_000_000 == 0:
        return f"{orders // 1_000_000}M"
    if orders >= 1_000 and orders % 1_000 == 0:
        return f"{orders // 1_000}k"
    return f"{orders:,}"


def _ms(value: float) -> str:
    return f"{value:.0f}" if value >= 10 else f"{value:.1f}"


def update(path: Path, generated: str) -> None:
    """Replace the generated block; the first time, add the section above all the others."""
    text = path.read_text() if path.exists() else "# Benchmarks\n"
    block = f"{BEGIN}\n{generated}\n{END}"
    if BEGIN in text and END in text:
        before, rest = text.split(BEGIN, 1)
        text = before + block + rest.split(END, 1)[1]
    else:
        new = f"{TITLE}\n\n{block}\n\n"
        at = text.find("\n## ")
        text = text.rstrip("\n") + "\n\n" + new if at < 0 else text[: at + 1] + new + text[at + 1 :]
    path.write_text(text.rstrip("\n") + "\n")
