"""Loads from separate processes, of different units and of the same unit, all land in order."""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from datetime import date

from etl_files import filled_template

from core.catalog import load_catalog
from core.months import Month
from core.processes import plain_main
from store.engine import make_engine
from store.submissions import list_submissions
from tests.actors import upload

TODAY = date(2024, 6, 15)
MONTH = Month(2023, 1)
SAME_UNIT_FILES = 8
FIRST = {"TTKT": "TTKT_KD_PTD", "TTUD": "TTUD_TINBAI", "VP": "VP_VB_DEN", "TTRA": "TTRA_TIEPDAN"}


def _load(args: tuple[str, str, int]) -> tuple[str, bool, list[int]]:
    """Run in a child process: build one file and ingest it on its own engine."""
    url, unit, n = args
    catalog = load_catalog()
    content = filled_template(catalog, unit, MONTH, {FIRST[unit]: 1000 + n})
    engine = make_engine(url)
    try:
        outcome = upload(engine, content, f"{unit}-{n}.xlsx", f"user{n}", today=TODAY)
        return unit, outcome.ok, [x.version for x in outcome.loaded]
    finally:
        engine.dispose()


def test_parallel_loads_from_processes_all_land_with_versions_in_order(engine, db_url):
    jobs = [(db_url, "TTKT", n) for n in range(SAME_UNIT_FILES)]
    jobs += [(db_url, unit, 0) for unit in ("TTUD", "VP", "TTRA")]
    ctx = multiprocessing.get_context("spawn")
    # Not multiprocessing.Pool: its workers are daemons, and a daemon may not start the
    # validation worker (etl.worker) that every load goes through.
    with plain_main(), ProcessPoolExecutor(4, mp_context=ctx) as pool:
        # A bounded wait: a worker that cannot start must fail the test, not hang it.
        results = list(pool.map(_load, jobs, timeout=300))
    assert all(ok for _unit, ok, _v in results), results
    with engine.connect() as conn:
        same = list_submissions(conn, unit="TTKT", period=MONTH)
        others = [list_submissions(conn, unit=u) for u in ("TTUD", "VP", "TTRA")]
    assert sorted(s["version"] for s in same) == list(range(1, SAME_UNIT_FILES + 1))
    assert len({s["file_name"] for s in same}) == SAME_UNIT_FILES
    # Versions follow the order the loads committed in.
    by_time = sorted(same, key=lambda s: (s["created_at"], s["version"]))
    assert [s["version"] for s in by_time] == list(range(1, SAME_UNIT_FILES + 1))
    assert [[s["version"] for s in subs] for subs in others] == [[1], [1], [1]]
