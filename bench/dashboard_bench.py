"""Dashboard speed: AppTest runs of the overview and trends pages, cold and warm.

For each database (SQLite file, PostgreSQL test server when reachable) and each scale
(province, national — ``bench/synthetic.py``, parameters recorded beside every figure):

- cold: a fresh AppTest with every Streamlit cache cleared (the first visitor after a load);
- warm: the same AppTest run again (data cached by data version).

Targets: warm ≤ 0.5 s at province scale, ≤ 2 s at national scale; cold ≤ 3 s at province
scale. ``BENCH_SCALES=province`` limits the scales (the national database takes minutes to
generate); ``python -m bench --quick`` uses small scales. Not a test: figures only.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import streamlit as st
from streamlit.testing.v1 import AppTest

from admin.demo import ensure_demo_accounts
from bench import quick, record
from bench.synthetic import build_database
from store.database import open_database
from store.scratch import create_scratch_database, drop_scratch_database

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN = os.environ.get("TEST_DATABASE_URL",
                          "postgresql://sokhcn:sokhcn@localhost:5432/sokhcn_test")
TARGETS = {("province", "warm"): "≤ 0.5 s", ("national", "warm"): "≤ 2 s",
           ("province", "cold"): "≤ 3 s"}
REPEATS = 3


def _pg_database() -> str | None:
    """A fresh database on the PostgreSQL test server, or None when it is not reachable."""
    try:
        return create_scratch_database(PG_ADMIN, "bench")
    except Exception:  # no server: the PostgreSQL figures are skipped
        return None


def _app_test(page: str, params: dict[str, str]) -> AppTest:
    at = AppTest.from_file(str(ROOT / "pages" / f"{page}.py"), default_timeout=600)
    at.session_state["user"] = "lanhdao"
    for key, value in params.items():
        at.query_params[key] = value
    return at


def _time_page(page: str, params: dict[str, str]) -> tuple[float, float]:
    """(cold, warm) seconds, each the median of ``REPEATS`` runs."""
    colds, warms = [], []
    for _ in range(REPEATS):
        st.cache_data.clear()
        at = _app_test(page, params)
        started = time.perf_counter()
        at.run()
        colds.append(time.perf_counter() - started)
        if at.exception:
            raise RuntimeError(f"{page}: {at.exception[0].message}")
        started = time.perf_counter()
        at.run()
        warms.append(time.perf_counter() - started)
    return statistics.median(colds), statistics.median(warms)


def _measure(results: dict[str, Any], url: str, backend: str, scale: str) -> None:
    info = build_database(url, scale, quick=quick())
    info["scale"] = info.pop("name")
    engine = open_database(url)
    ensure_demo_accounts(engine)
    engine.dispose()
    os.environ["DATABASE_URL"] = url
    st.cache_resource.clear()
    try:
        pages = {
            "overview": {"so": "D01"},
            "trends": {"so": "D01", "chi_tieu": "D01I001,D01I002"},
        }
        for page, params in pages.items():
            cold, warm = _time_page(page, params)
            for kind, value in (("cold", cold), ("warm", warm)):
                record(results, f"dashboard.{page}.{kind}.{scale}.{backend}", round(value, 3),
                       "s", target=TARGETS.get((scale, kind)), page=page, run=kind,
                       database=backend, repeats=REPEATS, address=params, **info)
    finally:
        st.cache_resource.clear()


def run(results: dict[str, Any]) -> None:
    """Add the dashboard figures to ``results``."""
    scales = os.environ.get("BENCH_SCALES", "province,national").split(",")
    with tempfile.TemporaryDirectory() as tmp:
        for scale in scales:
            _measure(results, f"sqlite:///{Path(tmp) / f'{scale}.db'}", "sqlite", scale)
            pg = _pg_database()
            if pg is None:
                continue
            try:
                _measure(results, pg, "postgresql", scale)
            finally:
                st.cache_resource.clear()
                drop_scratch_database(PG_ADMIN, pg)


if __name__ == "__main__":
    import json

    out: dict[str, Any] = {}
    run(out)
    print(json.dumps(out, ensure_ascii=False, indent=1))
