"""Benchmarks: figures with their parameters, never pass/fail tests.

Each benchmark module (``bench/<name>_bench.py``) exposes ``run(results: dict) -> None`` and
adds its figures to ``results``; ``python -m bench`` runs them all and writes
``bench/results.json`` with the machine they ran on. A figure is best recorded with
:func:`record` so the table printer and the README read it the same way.
"""

from __future__ import annotations

import os
from typing import Any

QUICK_ENV = "BENCH_QUICK"


def quick() -> bool:
    """True when ``python -m bench --quick`` asked for small scales and few repetitions."""
    return os.environ.get(QUICK_ENV) == "1"


def record(results: dict[str, Any], name: str, value: float | None, unit: str, /, *,
           target: str | None = None, **params: Any) -> dict[str, Any]:
    """Add one figure to ``results`` under ``name``; returns the stored entry.

    ``params`` describe what was measured (data scale, rows, database, repetitions);
    ``target`` is the goal as text (e.g. ``"≤ 0.5 s"``).
    """
    entry: dict[str, Any] = {"value": value, "unit": unit, "params": params}
    if target is not None:
        entry["target"] = target
    results[name] = entry
    return entry
