"""ETL benchmarks (figures, never test asserts): ``run(results)`` adds ``etl.*`` figures.

1. ``etl.ingest_200.*``: the action ``actions.submissions.ingest`` of the real template
   (``etl.template.build_template``) with 200 indicator rows filled in, in process, on a
   SQLite file, against ``pandas.read_excel`` of the same bytes, every sheet (default
   engine, openpyxl), measured in turn in the same loop; medians. Target: ingest ≤ 1,5×
   the pandas read. The pandas read of the first sheet only (``pd.read_excel(f)`` with no
   arguments: the template's guide sheet) is recorded beside it.
2. ``etl.history_50k.*``: a 50.000-row history sheet (12 month columns): the raw calamine
   read of it (``CalamineWorkbook`` → ``to_python``) and the full ``validate_content``,
   measured in pairs (read, then validate) so both see the same machine; the ratio of each
   pair, its median and its worst. Target: ≤ 2× the read, every pair. Also calamine against
   ``pandas.read_excel(engine="openpyxl")`` (target calamine ≥ 5× faster).
3. ``etl.validate_json_50k.*``: ``python -m etl validate FILE --unit TTKT --json`` of that
   sheet, in process (``cli.etl.main``, stdout into a file), against the raw read, in
   pairs; target ≤ 3×. The same command as a separate process (interpreter start and
   imports included) is recorded too, without a target.

Synthetic indicators (``BENCH_00001`` …) are added to the real catalogue so every row is a
valid figure. Run alone with ``python -m bench --only etl`` (``--quick``: fewer runs).
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
from openpyxl import Workbook
from python_calamine import CalamineWorkbook

from actions.base import Actor
from actions.submissions import ingest
from auth.permissions import EDITOR
from bench import quick, record
from cli.etl import main as etl_main
from core.catalog import Catalog, load_catalog
from core.months import Month
from etl.pipeline import Context, validate_content
from etl.template import build_template
from store.catalog_store import seed_catalog
from store.engine import make_engine, write_transaction
from store.migrate import upgrade

ROWS_TEMPLATE = 200
ROWS_HISTORY = 50_000
HISTORY_MONTHS = 12
UNIT = "TTKT"
TODAY = date(2024, 1, 1)
ROOT = Path(__file__).resolve().parent.parent


def _runs(full: int, small: int) -> int:
    return small if quick() else full


def _catalog_with(count: int) -> Catalog:
    base = load_catalog()
    model = base.indicators_for(UNIT)[0]
    extra = [dataclasses.replace(model, code=f"BENCH_{i:05d}", name=f"Chỉ tiêu thử {i:05d}",
                                 aliases=(), successor=None) for i in range(1, count + 1)]
    return Catalog(base.units, base.sections, [*base.indicators, *extra], base.targets,
                   base.abbreviations, base.measure_synonyms)


def _template_catalog() -> Catalog:
    """The real catalogue with the unit's indicators made up to ROWS_TEMPLATE."""
    return _catalog_with(ROWS_TEMPLATE - len(load_catalog().indicators_for(UNIT)))


def _filled_template(catalog: Catalog, seed: int) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(build_template(catalog, UNIT, Month(2023, 1))))
    sheet = book["Chỉ tiêu"]
    for row in range(2, sheet.max_row + 1):
        sheet.cell(row=row, column=4, value=seed * 1000 + row)
    out = io.BytesIO()
    book.save(out)
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


def _seconds(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def _raw_read(content: bytes) -> int:
    book = CalamineWorkbook.from_filelike(io.BytesIO(content))
    return len(book.get_sheet_by_index(0).to_python())


def _ratios(pairs: list[tuple[float, float]]) -> dict[str, float]:
    ratios = [b / a for a, b in pairs]
    return {"median": round(statistics.median(ratios), 2), "worst": round(max(ratios), 2),
            "all": [round(r, 2) for r in ratios]}


def bench_ingest(results: dict) -> None:
    catalog = _template_catalog()
    runs = _runs(15, 4)
    files = [_filled_template(catalog, n) for n in range(runs + 1)]
    pandas_all, pandas_first, ingests = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{Path(tmp) / 'bench.db'}")
        upgrade(engine)
        with write_transaction(engine) as conn:
            seed_catalog(conn, catalog)
        actor = Actor("bench", EDITOR)
        ingest(engine, actor, files[0], "warm.xlsx", today=TODAY)  # imports, caches
        for n, content in enumerate(files[1:], start=1):
            pandas_all.append(_seconds(lambda c=content: pd.read_excel(
                io.BytesIO(c), sheet_name=None))[0])
            pandas_first.append(_seconds(lambda c=content: pd.read_excel(io.BytesIO(c)))[0])
            took, done = _seconds(lambda c=content, n=n: ingest(engine, actor, c,
                                                                f"b{n}.xlsx", today=TODAY))
            assert len(done.value.loaded) == 1 and done.value.validation.ok
            ingests.append(took)
        engine.dispose()
    rows = len(load_catalog().indicators_for(UNIT)) + sum(
        1 for i in catalog.indicators if i.code.startswith("BENCH_"))
    params = {"rows": rows, "runs": runs, "database": "sqlite file", "file_kb":
              round(len(files[1]) / 1024, 1), "file": "the real template, values filled in",
              "ingest": "validate + database checks + one write transaction, in process"}
    ingest_s, all_s = statistics.median(ingests), statistics.median(pandas_all)
    record(results, "etl.ingest_200.ingest", round(ingest_s * 1000, 1), "ms",
           target="≤ 100 ms", **params)
    record(results, "etl.ingest_200.pandas_all_sheets", round(all_s * 1000, 1), "ms",
           how="pd.read_excel(f, sheet_name=None)", **params)
    record(results, "etl.ingest_200.pandas_first_sheet",
           round(statistics.median(pandas_first) * 1000, 1), "ms",
           how="pd.read_excel(f): the first sheet only (the guide)", **params)
    record(results, "etl.ingest_200.ingest_over_pandas", round(ingest_s / all_s, 2), "×",
           target="≤ 1.5×", **params)


def bench_history(results: dict, content: bytes) -> None:
    catalog = _catalog_with(ROWS_HISTORY)
    runs = _runs(7, 3)
    ctx = Context(unit=UNIT, today=TODAY)
    validate_content(content, "warm.xlsx", catalog, ctx)  # imports, the matcher
    pairs = []
    for _ in range(runs):
        read_s, _ = _seconds(lambda: _raw_read(content))
        valid_s, result = _seconds(lambda: validate_content(content, "h.xlsx", catalog, ctx))
        assert result.ok and len(result.submissions) == HISTORY_MONTHS, result.problems[:3]
        pairs.append((read_s, valid_s))
    pandas_s, _ = _seconds(lambda: pd.read_excel(io.BytesIO(content), engine="openpyxl"))
    read_s = statistics.median(a for a, _ in pairs)
    params = {"rows": ROWS_HISTORY, "month_columns": HISTORY_MONTHS, "runs": runs,
              "file_mb": round(len(content) / 1024 / 1024, 2), "pairs": "read, then validate"}
    ratios = _ratios(pairs)
    record(results, "etl.history_50k.calamine_read", round(read_s, 3), "s", **params)
    record(results, "etl.history_50k.validate", round(statistics.median(b for _, b in pairs), 3),
           "s", **params)
    record(results, "etl.history_50k.validate_over_read", ratios["median"], "×",
           target="≤ 2×", worst=ratios["worst"], each=ratios["all"], **params)
    record(results, "etl.history_50k.validate_over_read_worst", ratios["worst"], "×",
           target="≤ 2×", **params)
    record(results, "etl.history_50k.pandas_over_calamine", round(pandas_s / read_s, 1), "×",
           target="≥ 5×", **params)


def bench_validate_json(results: dict, content: bytes) -> None:
    runs = _runs(9, 2)  # pairs: the median of more of them moves less with the machine
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        engine = make_engine(url)
        upgrade(engine)
        with write_transaction(engine) as conn:
            seed_catalog(conn, _catalog_with(ROWS_HISTORY))
        engine.dispose()
        path = Path(tmp) / "history.xlsx"
        path.write_bytes(content)
        out_path = Path(tmp) / "out.json"
        args = ["validate", str(path), "--unit", UNIT, "--json"]
        previous = os.environ.get("DATABASE_URL")
        os.environ["DATABASE_URL"] = url
        try:
            def command() -> int:
                with out_path.open("w", encoding="utf-8") as out, \
                        contextlib.redirect_stdout(out):
                    return etl_main(args)

            assert command() == 0  # warm-up
            pairs = []
            for _ in range(runs):
                read_s, _ = _seconds(lambda: _raw_read(content))
                json_s, code = _seconds(command)
                assert code == 0
                pairs.append((read_s, json_s))
            size = out_path.stat().st_size
            process = []
            for _ in range(_runs(2, 1)):
                with out_path.open("w", encoding="utf-8") as out:
                    took, done = _seconds(lambda out=out: subprocess.run(
                        [sys.executable, "-m", "etl", *args], stdout=out, cwd=ROOT,
                        env={**os.environ, "DATABASE_URL": url}, check=False))
                assert done.returncode == 0
                process.append(took)
        finally:
            if previous is None:
                os.environ.pop("DATABASE_URL", None)
            else:
                os.environ["DATABASE_URL"] = previous
    ratios = _ratios(pairs)
    params = {"rows": ROWS_HISTORY, "month_columns": HISTORY_MONTHS, "runs": runs,
              "database": "sqlite file, the catalogue with the 50.000 indicators",
              "output_mb": round(size / 1024 / 1024, 1), "stdout": "a file"}
    record(results, "etl.validate_json_50k.in_process", round(statistics.median(
        b for _, b in pairs), 3), "s", **params)
    record(results, "etl.validate_json_50k.over_read", ratios["median"], "×", target="≤ 3×",
           worst=ratios["worst"], each=ratios["all"], **params)
    record(results, "etl.validate_json_50k.process", round(statistics.median(process), 3),
           "s", note="python -m etl …: interpreter start and imports included", **params)


def run(results: dict) -> None:
    """Add the ETL figures to ``results``."""
    bench_ingest(results)
    content = _history_file(ROWS_HISTORY)
    bench_history(results, content)
    bench_validate_json(results, content)


if __name__ == "__main__":
    import json

    out: dict = {}
    run(out)
    print(json.dumps(out, ensure_ascii=False, indent=2))
