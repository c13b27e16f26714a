"""What the report is made of: the submission that counts per unit and month, and its
bullets, footnotes, tasks and figures.

The report's rule (ARCHITECTURE.md) differs from the dashboard's switch in
``store.queries``: the newest *approved* version of a unit's month counts; without one the
newest version counts and its content is marked "chưa duyệt". Read-only; the rows come from
``store.report_sources`` and, being few per period (units × months), are chosen here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

import pandas as pd
from sqlalchemy import Connection

from core.months import Month
from store.report_sources import activities_of, month_versions, plan_items_of, values_of
from store.submissions import MONTH_HORIZON


@dataclass(frozen=True)
class Source:
    """The submission that counts for one unit and month."""

    id: int
    unit: str
    month: Month
    version: int
    status: str

    @property
    def approved(self) -> bool:
        return self.status == "approved"


class Figure(NamedTuple):
    """One figure of a counting submission. A named tuple, not a dataclass: a report's
    history holds a hundred thousand of them at province scale, and a frozen dataclass
    takes ten times as long to make."""

    unit: str
    month: Month
    indicator: str
    value: float
    qualifier: str | None
    approved: bool


@dataclass(frozen=True)
class SourceActivity:
    submission_id: int
    section: str
    position: int
    text: str
    footnotes: tuple[str, ...]


def counting_sources(conn: Connection, months: Iterable[Month]) -> dict[tuple[str, Month], Source]:
    """``(unit, month) → Source`` for every unit and month in ``months`` with any version."""
    chosen: dict[tuple[str, Month], Source] = {}
    for row in month_versions(conn, months):
        src = Source(row.id, row.unit_code, row.period, row.version, row.status)
        key = (src.unit, src.month)
        best = chosen.get(key)
        # Approved beats not approved; among equals the newer version wins.
        if best is None or (src.approved, src.version) > (best.approved, best.version):
            chosen[key] = src
    return chosen


def activities(conn: Connection, ids: Iterable[int]) -> dict[int, list[SourceActivity]]:
    """Bullets of the given submissions, by submission, in their written order."""
    id_list = sorted(set(ids))
    out: dict[int, list[SourceActivity]] = {i: [] for i in id_list}
    for r in activities_of(conn, id_list):
        out[r.submission_id].append(SourceActivity(
            r.submission_id, r.section_code, r.position, r.text, tuple(r.footnotes or ())))
    return out


def plan_items(conn: Connection, ids: Iterable[int], horizon: str = MONTH_HORIZON
               ) -> dict[int, list[str]]:
    """Tasks of the given submissions for ``horizon`` (next month, or next period), by
    submission, in their written order."""
    id_list = sorted(set(ids))
    out: dict[int, list[str]] = {i: [] for i in id_list}
    for r in plan_items_of(conn, id_list, horizon):
        out[r.submission_id].append(r.text)
    return out


def figures(conn: Connection, months: Iterable[Month]) -> list[Figure]:
    """Every figure of the counting submissions of ``months``. A unit and month without a
    submission has no figures: missing, never zero."""
    sources = counting_sources(conn, months)
    by_id = {src.id: (src.unit, src.month, src.approved) for src in sources.values()}
    found = []
    for submission_id, code, value, qualifier in values_of(conn, sorted(by_id)):
        unit, month, approved = by_id[submission_id]
        found.append(Figure(unit, month, code, float(value), qualifier, approved))
    return found


def as_frame(found: Iterable[Figure]) -> pd.DataFrame:
    """Figures in the columns ``analytics.series`` expects (unit, period, indicator, value)."""
    rows = [(f.unit, str(f.month), f.indicator, f.value) for f in found]
    return pd.DataFrame(rows, columns=["unit", "period", "indicator", "value"])
