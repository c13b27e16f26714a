"""The office's wording edits of a report (``report_draft``): every save a new version.

A draft belongs to one report period (a ``ReportPeriod``; ``store.periods`` makes the stored
code ``2023-01``, ``2023-H1`` …) and one part (``summary`` or a section code). The rules of
saving and applying them are ``actions.report``'s and ``report.drafts``'s; here only rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, func, insert, select

from core.months import ReportPeriod
from store.periods import period_of, period_text
from store.schema import plan_followup, report_draft


@dataclass(frozen=True)
class Draft:
    period: ReportPeriod
    part: str
    version: int
    text: str
    created_by: str
    created_at: datetime


def _draft(row) -> Draft:
    return Draft(period_of(row.period), row.part, row.version, row.text, row.created_by,
                 row.created_at)


def insert_draft(conn: Connection, draft: Draft) -> None:
    conn.execute(insert(report_draft).values(
        period=period_text(draft.period), part=draft.part, version=draft.version,
        text=draft.text, created_by=draft.created_by, created_at=draft.created_at,
    ))


def latest_draft(conn: Connection, period: ReportPeriod, part: str) -> Draft | None:
    row = conn.execute(
        select(report_draft)
        .where(report_draft.c.period == period_text(period), report_draft.c.part == part)
        .order_by(report_draft.c.version.desc()).limit(1)
    ).first()
    return _draft(row) if row else None


def latest_drafts(conn: Connection, period: ReportPeriod) -> dict[str, Draft]:
    """The newest draft of every part of ``period``'s report, by part."""
    newest = (
        select(report_draft.c.part, func.max(report_draft.c.version).label("version"))
        .where(report_draft.c.period == period_text(period))
        .group_by(report_draft.c.part)
        .subquery()
    )
    rows = conn.execute(
        select(report_draft).join(
            newest, (report_draft.c.part == newest.c.part)
            & (report_draft.c.version == newest.c.version))
        .where(report_draft.c.period == period_text(period))
    ).all()
    return {row.part: _draft(row) for row in rows}


def draft_history(conn: Connection, period: ReportPeriod, part: str) -> list[Draft]:
    """Every version of one part, newest first."""
    rows = conn.execute(
        select(report_draft)
        .where(report_draft.c.period == period_text(period), report_draft.c.part == part)
        .order_by(report_draft.c.version.desc())
    ).all()
    return [_draft(r) for r in rows]


def drafts_stamp(conn: Connection, period: ReportPeriod) -> str:
    """Changes whenever a draft of ``period`` is saved (follow-up statuses aside: the page
    attaches those to the cached document each time, so saving one rebuilds nothing)."""
    drafts = conn.execute(select(func.count(), func.max(report_draft.c.id))
                          .where(report_draft.c.period == period_text(period))).one()
    return f"{drafts[0]}:{drafts[1]}"


def edits_stamp(conn: Connection, period: ReportPeriod) -> str:
    """Changes whenever a draft of ``period`` or any follow-up status is saved: caches of the
    assembled report key on it beside the data version (edits do not bump that)."""
    drafts = conn.execute(select(func.count(), func.max(report_draft.c.id))
                          .where(report_draft.c.period == period_text(period))).one()
    followups = conn.execute(select(func.count(), func.max(plan_followup.c.updated_at))).one()
    return f"{drafts[0]}:{drafts[1]}:{followups[0]}:{followups[1]}"
