"""``python -m bench``: run every benchmark, write bench/results.json, print a short table.

Options: ``--only etl,report`` picks benchmarks by name (the ``<name>`` of
``bench/<name>_bench.py``); ``--quick`` asks every benchmark for small scales (environment
``BENCH_QUICK=1``); ``-o FILE`` writes somewhere else than bench/results.json.
A benchmark that fails is reported with its error and the others still run.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import sqlite3
import subprocess
import sys
import time
import traceback
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import QUICK_ENV

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
RESULTS_PATH = BENCH_DIR / "results.json"
PREFERRED_ORDER = ("etl", "dashboard", "report", "memory")


def available() -> list[str]:
    """Benchmark names found as ``bench/<name>_bench.py``, in a stable order."""
    names = sorted(p.stem.removesuffix("_bench") for p in BENCH_DIR.glob("*_bench.py"))
    return [n for n in PREFERRED_ORDER if n in names] + [
        n for n in names if n not in PREFERRED_ORDER]


def _memory_bytes() -> int | None:
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return None


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


def _git_commit() -> str | None:
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                             capture_output=True, text=True, timeout=5, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None


def machine() -> dict[str, Any]:
    """What the figures ran on."""
    memory = _memory_bytes()
    return {
        "platform": platform.platform(),
        "machine": platform.machine(),
        "cpu": _cpu_model(),
        "cpu_count": os.cpu_count(),
        "memory_gb": round(memory / 1024**3, 1) if memory else None,
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "commit": _git_commit(),
    }


def run_one(name: str, figures: dict[str, Any]) -> dict[str, Any]:
    """Run ``bench/<name>_bench.py``; returns its status (time taken, keys added, error)."""
    before = set(figures)
    started = time.perf_counter()
    status: dict[str, Any] = {"ok": True}
    try:
        module = importlib.import_module(f"bench.{name}_bench")
        module.run(figures)
    except Exception as exc:  # one failing benchmark must not stop the rest
        status = {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
        traceback.print_exc(file=sys.stderr)
    status["seconds"] = round(time.perf_counter() - started, 1)
    status["figures"] = sorted(set(figures) - before)
    return status


def rows(figures: dict[str, Any], prefix: str = "") -> Iterator[tuple[str, str, str, str]]:
    """(name, value, unit, target) for every figure, nested dicts flattened with ``/``."""
    for key, entry in figures.items():
        name = f"{prefix}{key}"
        if isinstance(entry, dict) and "value" in entry:
            value = entry["value"]
            shown = f"{value:.4g}" if isinstance(value, float) else str(value)
            yield name, shown, str(entry.get("unit", "")), str(entry.get("target", ""))
        elif isinstance(entry, dict):
            inner = {k: v for k, v in entry.items() if k not in ("params", "parameters")}
            yield from rows(inner, prefix=f"{name}/")
        elif isinstance(entry, int | float) and not isinstance(entry, bool):
            yield name, f"{entry:.4g}", "", ""


def table(figures: dict[str, Any]) -> str:
    """A plain-text table of the figures (Markdown pipe table, README-ready)."""
    lines = ["| benchmark | value | unit | target |", "|---|---:|---|---|"]
    lines += [f"| {n} | {v} | {u} | {t} |" for n, v, u, t in rows(figures)]
    return "\n".join(lines)


def _load(path: Path) -> dict[str, Any] | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def merge(previous: dict[str, Any] | None, current: dict[str, Any]) -> dict[str, Any]:
    """``current`` (some benchmarks) laid over ``previous`` (an earlier full run).

    The figures of the benchmarks run now replace theirs; the others are kept with their
    own run record, so ``--only report`` refreshes one part of the results file.
    """
    if not previous or previous.get("machine", {}).get("cpu") != current["machine"]["cpu"]:
        return current
    runs = {**previous.get("runs", {}), **current["runs"]}
    stale = {key for name in current["runs"]
             for key in previous.get("runs", {}).get(name, {}).get("figures", [])}
    figures = {k: v for k, v in previous.get("figures", {}).items() if k not in stale}
    figures.update(current["figures"])
    return {**current, "options": {**current["options"], "merged_with": previous.get(
        "generated_at")}, "runs": runs, "figures": figures}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="comma-separated names, e.g. etl,report "
                        f"(available: {', '.join(available())})")
    parser.add_argument("--quick", action="store_true", help="small scales, few repetitions")
    parser.add_argument("-o", "--output", type=Path, default=RESULTS_PATH)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    names = available()
    if args.only:
        wanted = [n.strip() for n in args.only.split(",") if n.strip()]
        unknown = [n for n in wanted if n not in names]
        if unknown:
            print(f"unknown benchmark(s): {', '.join(unknown)}; available: {', '.join(names)}",
                  file=sys.stderr)
            return 2
        names = wanted
    if args.quick:
        os.environ[QUICK_ENV] = "1"
    figures: dict[str, Any] = {}
    runs: dict[str, Any] = {}
    for name in names:
        print(f"== {name}", file=sys.stderr, flush=True)
        runs[name] = run_one(name, figures)
    document = {
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "options": {"quick": args.quick, "only": names},
        "runs": runs,
        "figures": figures,
    }
    if args.only:
        document = merge(_load(args.output), document)
    args.output.write_text(json.dumps(document, ensure_ascii=False, indent=2, default=str) + "\n",
                           encoding="utf-8")
    print(table(figures))
    failed = [n for n, r in runs.items() if not r["ok"]]
    for name in failed:
        print(f"{name}: {runs[name]['error']}", file=sys.stderr)
    print(f"-> {args.output}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
