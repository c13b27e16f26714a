"""Benchmark of the month report: January 2023 of the sample history as a Word file.

Figures (seconds, median of several runs, recorded with their parameters):

- ``report.docx_build.month``: ``build_docx`` of the assembled January 2023 report
  (target ≤ 1 s);
- ``report.assemble.month``: ``assemble_report`` (database → ReportDocument, summary
  included);
- ``report.month_to_docx.total``: both, as ``python -m report build`` does them.

The sample history (2021-01 … 2023-12, loaded through the real loader) goes into a
temporary SQLite file first; loading is not measured. Run: ``python -m bench --only report``.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from actions.database import migrate_database
from bench import quick, record
from core.months import ReportPeriod
from demo.load import load_sample
from report.assemble import assemble_report
from report.docx_export import build_docx
from store.database import open_database

PERIOD = ReportPeriod.parse("2023-01")


def _median_seconds(fn, runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def run(results: dict) -> None:
    """Add the report figures to ``results``."""
    runs = 3 if quick() else 10
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'sample.db'}"
        migrate_database(url)
        engine = open_database(url)
        files = load_sample(engine, Path(tmp) / "files")
        doc = assemble_report(engine, PERIOD)  # warm-up: imports, catalogue, caches
        build_docx(doc)
        assemble_s, doc = _median_seconds(lambda: assemble_report(engine, PERIOD), runs)
        docx_s, content = _median_seconds(lambda: build_docx(doc), runs)
        total_s, _ = _median_seconds(lambda: build_docx(assemble_report(engine, PERIOD)), runs)
        engine.dispose()
    params = {
        "period": str(PERIOD), "database": "sqlite file", "data": "sample history 2021-01…2023-12",
        "sample_files": files, "runs": runs, "bullets": sum(len(s.bullets) for s in doc.sections),
        "footnotes": len(doc.footnotes()), "docx_bytes": len(content),
    }
    record(results, "report.docx_build.month", round(docx_s, 4), "s", target="≤ 1 s", **params)
    record(results, "report.assemble.month", round(assemble_s, 4), "s", **params)
    record(results, "report.month_to_docx.total", round(total_s, 4), "s", **params)


if __name__ == "__main__":
    import json

    out: dict = {}
    run(out)
    print(json.dumps(out, ensure_ascii=False, indent=2))
