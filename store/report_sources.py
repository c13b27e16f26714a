"""What the report reads of the submissions: every version of some months, and the
bullets, tasks and figures of chosen versions. Which version counts is ``report.sources``'s
rule (the newest approved, else the newest); the tables are small per period."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Connection, select

from core.months import Month
from store.periods import month_of, month_text
from store.schema import activity, plan_item, plan_progress, submission, value
from store.submissions import MONTH_HORIZON


@dataclass(frozen=True)
class Version:
    """One submission version as the report's choice of sources needs it."""

    id: int
    unit_code: str
    period: Month
    version: int
    status: str


def month_versions(conn: Connection, months: Iterable[Month]) -> list[Version]:
    """Every version of the given months."""
    keys = sorted({month_text(m) for m in months})
    if not keys:
        return []
    rows = conn.execute(
        select(submission.c.id, submission.c.unit_code, submission.c.period,
               submission.c.version, submission.c.status)
        .where(submission.c.period.in_(keys))
    ).all()
    return [Version(r.id, r.unit_code, month_of(r.period), r.version, r.status) for r in rows]


def activities_of(conn: Connection, ids: list[int]) -> list:
    """Bullets of the given submissions in their written order: rows of (submission_id,
    section_code, position, text, footnotes)."""
    if not ids:
        return []
    return conn.execute(
        select(activity.c.submission_id, activity.c.section_code, activity.c.position,
               activity.c.text, activity.c.footnotes)
        .where(activity.c.submission_id.in_(ids))
        .order_by(activity.c.submission_id, activity.c.position)
    ).all()


def plan_items_of(conn: Connection, ids: list[int], horizon: str = MONTH_HORIZON) -> list:
    """Tasks of the given submissions for ``horizon`` (the next month, or the next
    period), in order: rows of (submission_id, text)."""
    if not ids:
        return []
    return conn.execute(
        select(plan_item.c.submission_id, plan_item.c.text)
        .where(plan_item.c.submission_id.in_(ids), plan_item.c.horizon == horizon)
        .order_by(plan_item.c.submission_id, plan_item.c.position)
    ).all()


def progress_of(conn: Connection, ids: list[int]) -> list:
    """The units' progress rows of the given submissions, in order: rows of
    (submission_id, position, task, status, note)."""
    if not ids:
        return []
    return conn.execute(
        select(plan_progress.c.submission_id, plan_progress.c.position, plan_progress.c.task,
               plan_progress.c.status, plan_progress.c.note)
        .where(plan_progress.c.submission_id.in_(ids))
        .order_by(plan_progress.c.submission_id, plan_progress.c.position)
    ).all()


def values_of(conn: Connection, ids: list[int]) -> list:
    """Figures of the given submissions: rows of (submission_id, indicator_code, value,
    qualifier)."""
    if not ids:
        return []
    return conn.execute(
        select(value.c.submission_id, value.c.indicator_code, value.c.value, value.c.qualifier)
        .where(value.c.submission_id.in_(ids))
    ).all()
