"""ETL benchmarks (figures, not test asserts): ``run(results)`` fills ``results["etl"]``.

1. End-to-end ingest of a 200-row submission, in-process, on a SQLite file: median of N
   runs (target ≤ 100 ms).
2. A 50,000-row history sheet (12 month columns): the raw calamine read against
   ``pandas.read_excel(engine="openpyxl")`` in the same run (target ≥ 5× faster), and the
   full ``validate_content`` of that file against the raw read (target ≤ 2×).

Synthetic indicators (``BENCH_00001`` …) are added to the real catalogue so every row is a
valid figure. Run alone with ``python -m bench.etl_bench``.
"""

from __future__ import annotations

import dataclasses
import io
import os
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import Workbook
from python_calamine import CalamineWorkbook

from actions.base import Actor
from actions.submissions import ingest
from auth.permissions import EDITOR
from core.catalog import Catalog, load_catalog
from etl.pipeline import Context, validate_content
from store.catalog_store import seed_catalog
from store.engine import make_engine, write_transaction
from store.migrate import upgrade

ROWS_SUBMISSION = 200
RUNS_INGEST = 15
ROWS_HISTORY = 50_000
HISTORY_MONTHS = 12
RUNS_VALIDATE = 3
UNIT = "TTKT"


def _catalog_with(count: int) -> Catalog:
    base = load_catalog()
    model = base.indicators_for(UNIT)[0]
    extra = [dataclasses.replace(model, code=f"BENCH_{i:05d}", name=f"Chỉ tiêu thử {i:05d}",
                                 aliases=(), successor=None) for i in range(1, count + 1)]
    return Catalog(base.units, base.sections, [*base.indicators, *extra], base.targets)


def _submission_file(rows: int, month_text: str, seed: int) -> bytes:
    wb = Workbook(write_only=True)
    info = wb.create_sheet("Thông tin")
    info.append(["Mã đơn vị", UNIT])
    info.append(["Tháng báo cáo", month_text])
    values = wb.create_sheet("Chỉ tiêu")
    values.append(["Mã chỉ tiêu", "Tên chỉ tiêu", "Đơn vị tính", "Giá trị", "Ghi chú"])
    for i in range(1, rows + 1):
        values.append([f"BENCH_{i:05d}", f"Chỉ tiêu thử {i:05d}", "lượt", seed * 1000 + i, None])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _history_file(rows: int) -> bytes:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Lịch sử")
    ws.append([f"Đơn vị: {UNIT}"])
    ws.append(["Mã chỉ tiêu", "Tên chỉ tiêu", *[f"T{m}/2022" for m in range(1, 13)]])
    for i in range(1, rows + 1):
        ws.append([f"BENCH_{i:05d}", f"Chỉ tiêu thử {i:05d}",
                   *[float(i % 997 + m) for m in range(HISTORY_MONTHS)]])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _timed(fn, *args) -> tuple[float, Any]:
    start = time.perf_counter()
    value = fn(*args)
    return (time.perf_counter() - start) * 1000, value


def bench_ingest() -> dict[str, Any]:
    catalog = _catalog_with(ROWS_SUBMISSION)
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{Path(tmp) / 'bench.db'}")
        upgrade(engine)
        with write_transaction(engine) as conn:
            seed_catalog(conn, catalog)
        files = [_submission_file(ROWS_SUBMISSION, "01/2023", n) for n in range(RUNS_INGEST + 1)]
        bench = Actor("bench", EDITOR)
        ingest(engine, bench, files[0], "warm.xlsx", today=date(2024, 1, 1))  # warm-up
        times = []
        for n, content in enumerate(files[1:], start=1):
            ms, done = _timed(lambda c=content, n=n: ingest(engine, bench, c, f"b{n}.xlsx",
                                                            today=date(2024, 1, 1)))
            assert len(done.value.loaded) == 1, done.value.validation.problems[:3]
            times.append(ms)
        engine.dispose()
    return {"params": {"rows": ROWS_SUBMISSION, "runs": RUNS_INGEST, "database": "sqlite file",
                       "note": "validate + database checks + one write transaction"},
            "median_ms": round(statistics.median(times), 1), "target_ms": 100,
            "meets_target": statistics.median(times) <= 100}


def bench_history() -> dict[str, Any]:
    content = _history_file(ROWS_HISTORY)
    catalog = _catalog_with(ROWS_HISTORY)

    def raw_read() -> int:
        book = CalamineWorkbook.from_filelike(io.BytesIO(content))
        return len(book.get_sheet_by_index(0).to_python())

    calamine_ms = statistics.median(_timed(raw_read)[0] for _ in range(RUNS_VALIDATE))
    pandas_ms, _ = _timed(lambda: pd.read_excel(io.BytesIO(content), engine="openpyxl"))
    ctx = Context(unit=UNIT, today=date(2024, 1, 1))
    validate_times = []
    for _ in range(RUNS_VALIDATE):
        ms, result = _timed(validate_content, content, "history.xlsx", catalog, ctx)
        assert result.ok and len(result.submissions) == HISTORY_MONTHS, result.problems[:3]
        validate_times.append(ms)
    validate_ms = statistics.median(validate_times)
    return {
        "params": {"rows": ROWS_HISTORY, "month_columns": HISTORY_MONTHS,
                   "file_mb": round(len(content) / 1024 / 1024, 2), "runs": RUNS_VALIDATE},
        "calamine_read_ms": round(calamine_ms, 1),
        "pandas_openpyxl_ms": round(pandas_ms, 1),
        "speedup_vs_pandas": round(pandas_ms / calamine_ms, 1), "speedup_target": 5,
        "validate_ms": round(validate_ms, 1),
        "validate_over_read": round(validate_ms / calamine_ms, 2), "validate_target": 2,
    }


def run(results: dict) -> None:
    """Add the ETL figures to ``results["etl"]``."""
    results["etl"] = {"ingest_200_rows": bench_ingest(), "history_50k_rows": bench_history(),
                      "machine": {"cpus": os.cpu_count(),
                                  "load_average_1m": round(os.getloadavg()[0], 2)}}


if __name__ == "__main__":
    import json

    out: dict = {}
    run(out)
    print(json.dumps(out, ensure_ascii=False, indent=2))
