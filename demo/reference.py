"""The reference report's content (January 2023) as the sample history must carry it.

The data lives in ``data/sample_reference.yaml`` (see its header for how the report's
PDF artefacts were undone); this module loads it into typed values for ``demo.sample``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from core.months import Month

REFERENCE_PATH = Path(__file__).resolve().parent.parent / "data" / "sample_reference.yaml"


@dataclass(frozen=True)
class SampleActivity:
    """One bullet of a unit's month: its section, text and footnote texts."""

    section: str
    text: str
    footnotes: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class ReferenceMonth:
    """What each unit reported in the reference month."""

    month: Month
    values: dict[str, dict[str, float]]  # unit → indicator code → value
    activities: dict[str, tuple[SampleActivity, ...]]  # unit → bullets in report order
    tasks: tuple[str, ...]  # part II, held by the office's (VP) submission
    task_unit: str = "VP"


@lru_cache(maxsize=1)
def reference_month(path: Path = REFERENCE_PATH) -> ReferenceMonth:
    """The reference month as loaded from ``data/sample_reference.yaml``."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    activities = {
        unit: tuple(
            SampleActivity(str(item["section"]), item["text"], tuple(item.get("footnotes") or ()))
            for item in items
        )
        for unit, items in data["activities"].items()
    }
    values = {
        unit: {code: float(v) for code, v in figures.items()}
        for unit, figures in data["values"].items()
    }
    return ReferenceMonth(Month.parse(str(data["month"])), values, activities,
                          tuple(data["tasks"]))
