"""docs/security.md states every upload limit with the number the code enforces."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from core.formatting import fmt_number
from etl import catalog_file, containers, problems, safety, worker

DOC = Path(__file__).resolve().parents[2] / "docs" / "security.md"
MB = 1024 * 1024

# (module, constant, how the document writes its value)
LIMITS = [
    (safety, "DEFAULT_MAX_UPLOAD_MB", lambda v: f"{v} MB"),
    (containers, "MAX_ZIP_ENTRIES", fmt_number),
    (containers, "MAX_UNCOMPRESSED_BYTES", lambda v: f"{fmt_number(v // MB)} MB"),
    (containers, "MAX_PART_BYTES", lambda v: f"{fmt_number(v // MB)} MB"),
    (containers, "MAX_COMPRESSION_RATIO", fmt_number),
    (containers, "MAX_SHEETS", fmt_number),
    (containers, "MAX_SHEET_CELLS", lambda v: f"{fmt_number(v)} cells"),
    (containers, "MAX_BOOK_CELLS", lambda v: f"{fmt_number(v)} cells"),
    (containers, "MAX_SHARED_STRINGS", fmt_number),
    (containers, "MAX_XLS_RECORDS", fmt_number),
    (containers, "MAX_XML_ELEMENTS", fmt_number),
    (containers, "MAX_XML_DEPTH", fmt_number),
    (containers, "MAX_PDF_PAGES", fmt_number),
    (containers, "MAX_TEXT_CHARS", lambda v: f"{fmt_number(v)} characters"),
    (catalog_file, "MAX_YAML_NODES", lambda v: f"{fmt_number(v)} nodes"),
    (catalog_file, "MAX_YAML_DEPTH", lambda v: f"{v} levels"),
    (worker, "JOB_CPU_SECONDS", lambda v: f"{v} s"),
    (worker, "JOB_WALL_SECONDS", lambda v: f"{v} s"),
    (worker, "JOB_MEMORY_MB", lambda v: f"{fmt_number(v)} MB"),
    (worker, "MAX_JOBS", str),
    (worker, "QUEUE_SECONDS", lambda v: f"{v} s"),
    (problems, "MAX_PROBLEMS_PER_CODE", lambda v: f"at most {v} problems of one kind"),
    (problems, "MAX_PROBLEMS_PER_FILE", lambda v: f"{v} in all"),
]


def _section() -> str:
    text = DOC.read_text(encoding="utf-8")
    start = text.index("## Uploads and imports cannot exhaust the server")
    return text[start:text.index("\n## ", start + 5)]


@pytest.mark.parametrize("module,name,shown", LIMITS, ids=[n for _, n, _ in LIMITS])
def test_each_limit_is_stated_with_its_number(module, name, shown) -> None:
    section = " ".join(_section().split())
    value = getattr(module, name)
    lines = [line for line in re.split(r"\n|\|\n", _section()) if name in line]
    assert lines, f"{name} is not named in docs/security.md"
    assert any(shown(value) in " ".join(line.split()) for line in lines) or \
        shown(value) in section, f"{name} = {value} is not stated as «{shown(value)}»"


def test_every_limit_constant_is_listed_here() -> None:
    """A new MAX_… constant in the bounds' modules must be documented (and added above)."""
    named = {n for _, n, _ in LIMITS}
    for module in (containers, catalog_file, worker):
        constants = {n for n in vars(module) if n.startswith(("MAX_", "JOB_"))}
        assert constants <= named, sorted(constants - named)
