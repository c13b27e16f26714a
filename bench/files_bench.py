"""Hostile and heavy files (figures, not test asserts): ``run(results)`` adds ``files.*``.

Each bounded bad file of ``tests/security/hostile.py`` (the same builders the security tests
use) goes through the worker exactly as an upload does (``etl.worker.run_limited`` of
``validate_content`` for a workbook, ``parse_in_worker`` for a report): seconds from fork to
answer in the server process, and the worker's own peak resident memory (its ``ru_maxrss``,
which includes the ~100 MB of readers it is forked with). Also: a 100.000-row sheet of
unrecognised indicators (issue #11: 74 s before the problem list was capped and suggestions
made lazy), and what one job costs (an empty job). Run alone with
``python -m bench.files_bench``.
"""

from __future__ import annotations

import io
import statistics
from datetime import date
from typing import Any

from bench import quick, record
from core.catalog import Catalog, load_catalog
from etl.narrative.intake import parse_in_worker
from etl.pipeline import Context, validate_content
from etl.worker import run_limited
from tests.security.hostile import (
    docx,
    docx_bomb,
    far_corner_xlsx,
    huge_xls,
    ods,
    ods_cell,
    ods_row,
    raw_xlsx,
    unknown_rows,
    word_document,
)

UNKNOWN_ROWS = 100_000
TODAY = date(2024, 1, 1)


def _many_pages_pdf(pages: int) -> bytes:
    from pypdf import PdfWriter  # only the hostile-PDF case needs it: the other cases start faster

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _workbooks() -> dict[str, tuple[bytes, str]]:
    one = '<row r="1"><c r="A1"><v>1</v></c></row>'
    return {
        "far_corner_xlsx": (far_corner_xlsx(), "declared_range_too_large"),
        "far_cell_no_dimension_xlsx": (raw_xlsx({"S": one + '<row r="1048576"><c r="XFD1048576">'
                                                 '<v>1</v></c></row>'}), "sheet_too_large"),
        "ods_repeats": (ods(ods_row(ods_cell(1, repeat=1000), repeat=100_000)),
                        "sheet_too_large"),
        "many_sheets_xlsx": (raw_xlsx({f"S{i}": one for i in range(101)}), "too_many_sheets"),
        "shared_strings_xlsx": (raw_xlsx({"S": one}, stored=True, shared_strings=b"<sst>" + (
            b"<si><t>x</t></si>" * 1_000_001) + b"</sst>"), "too_many_strings"),
        "huge_xls": (huge_xls(), "declared_range_too_large"),
    }


def _reports() -> dict[str, tuple[bytes, str]]:
    return {
        "docx_bomb": (docx_bomb(megabytes=100), "narrative.xml_too_complex"),
        "docx_many_elements": (docx(word_document(b"<w:p/>" * 2_100_000), stored=True),
                               "narrative.xml_too_complex"),
        "docx_deep": (docx(word_document(b"<w:p>" * 5000 + b"</w:p>" * 5000)),
                      "narrative.xml_too_complex"),
        "pdf_3000_pages": (_many_pages_pdf(3000), "narrative.too_many_pages"),
        "txt_huge": (("Kết quả công tác tháng 01 năm 2023.\n" * 70_000).encode(),
                     "narrative.text_too_long"),
    }


def _measure(results: dict[str, Any], name: str, fn: Any, args: tuple, size: int,
             expected: str, runs: int) -> None:
    seconds, peaks, outcome = [], [], ""
    for _ in range(runs):
        done = run_limited(fn, *args)
        seconds.append(done.seconds)
        peaks.append(done.peak_rss_mb)
        value = done.value
        outcome = (value[0] if isinstance(value, tuple) else
                   ",".join(sorted({p.code for p in value.problems})) if hasattr(value, "problems")
                   else "read")
    record(results, f"files.{name}.seconds", round(statistics.median(seconds), 3), "s",
           target="≤ 2 s", file_bytes=size, runs=runs, answer=outcome, expected=expected,
           path="etl.worker.run_limited (as every upload)")
    record(results, f"files.{name}.peak_rss", round(max(peaks), 1), "MB",
           target="≤ 400 MB", file_bytes=size, runs=runs,
           note="the worker's own ru_maxrss, readers included")


def run(results: dict[str, Any]) -> None:
    """Add the hostile-file and heavy-sheet figures to ``results``."""
    catalog = load_catalog()
    plain = Catalog(catalog.units, catalog.sections, catalog.indicators, catalog.targets)
    runs = 1 if quick() else 3
    run_limited(len, b"")  # the fork server starts (its imports take seconds) before timing
    empty = [run_limited(len, b"").seconds for _ in range(10 if not quick() else 3)]
    record(results, "files.worker_job_overhead", round(statistics.median(empty), 3), "s",
           target="≤ 0.1 s", runs=len(empty), note="fork from the warm fork server, pickle, answer")
    ctx = Context(today=TODAY, max_bytes=64 * 1024 * 1024)
    for name, (content, expected) in _workbooks().items():
        _measure(results, name, validate_content, (content, name, plain, ctx), len(content),
                 expected, runs)
    for name, (content, expected) in _reports().items():
        _measure(results, name, parse_in_worker, (content, name, None, plain), len(content),
                 expected, runs)
    rows = 10_000 if quick() else UNKNOWN_ROWS
    content = unknown_rows(rows)
    _measure(results, f"unknown_rows_{rows}", validate_content,
             (content, "la.xlsx", plain, Context(today=TODAY)), len(content),
             "unknown_indicator,more_problems", runs)
    results[f"files.unknown_rows_{rows}.seconds"]["target"] = "≤ 10 s (was 74 s)"
    results[f"files.unknown_rows_{rows}.peak_rss"]["target"] = "≤ 1.124 MB (job limit)"


if __name__ == "__main__":
    import json

    figures: dict[str, Any] = {}
    run(figures)
    print(json.dumps(figures, ensure_ascii=False, indent=1))
