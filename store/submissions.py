"""Submissions: versions of one unit's month, with their values, activities and plan items.

A month is a ``core.months.Month`` in and out (``store.periods`` turns it into the text of
the ``period`` column and back); submission rows come back as dicts whose ``period`` is a
``Month``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, func, insert, select, text

from core.months import Month
from core.timezone import utc_now
from store.blobs import put_blob
from store.meta import bump_data_version
from store.periods import month_of, month_text
from store.schema import activity, plan_item, plan_progress, submission, value

STATUSES = ("submitted", "approved", "returned")
SOURCES = ("upload", "history", "imported", "sample", "typed")


@dataclass
class NewValue:
    indicator: str
    value: float
    qualifier: str | None = None
    note: str | None = None
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    carried_from: int | None = None  # the value row this figure was kept from
    source_text: str | None = None  # the sentence of a narrative report it was read from


@dataclass
class NewActivity:
    section: str
    text: str
    footnotes: list[str] = field(default_factory=list)
    sheet: str | None = None
    row: int | None = None


MONTH_HORIZON, PERIOD_HORIZON = "month", "period"  # what a plan item plans for
DONE, IN_PROGRESS, NOT_STARTED = "done", "in_progress", "not_started"
PROGRESS_STATUSES = (DONE, IN_PROGRESS, NOT_STARTED)  # a task's progress, unit's or office's


@dataclass
class NewPlanItem:
    text: str
    sheet: str | None = None
    row: int | None = None
    horizon: str = MONTH_HORIZON  # MONTH_HORIZON (next month) or PERIOD_HORIZON


@dataclass
class NewProgress:
    """A unit's progress on one of the tasks it planned for the month."""

    task: str
    status: str  # one of PROGRESS_STATUSES
    note: str | None = None
    sheet: str | None = None
    row: int | None = None


@dataclass
class NewSubmission:
    unit: str
    period: Month
    source: str
    submitted_by: str
    values: list[NewValue]
    activities: list[NewActivity] = field(default_factory=list)
    plan_items: list[NewPlanItem] = field(default_factory=list)
    submitted_at: datetime | None = None  # None: now
    file_name: str | None = None
    sheet: str | None = None
    status: str = "submitted"
    progress: list[NewProgress] = field(default_factory=list)  # on last month's tasks


def submission_row(row) -> dict[str, Any]:
    """A ``submission`` row as a dict, its ``period`` parsed to a ``Month``."""
    out = dict(row)
    out["period"] = month_of(out["period"])
    return out


def lock_unit_period(conn: Connection, unit: str, month: Month) -> None:
    """Serialise writers of one unit and month (SQLite's BEGIN IMMEDIATE already does)."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(hashtext(:k))"),
                     {"k": f"{unit}/{month_text(month)}"})


def next_version(conn: Connection, unit: str, month: Month) -> int:
    found = conn.execute(
        select(func.max(submission.c.version))
        .where(submission.c.unit_code == unit, submission.c.period == month_text(month))
    ).scalar()
    return int(found or 0) + 1


def latest_submission(conn: Connection, unit: str, month: Month) -> dict[str, Any] | None:
    row = conn.execute(
        select(submission)
        .where(submission.c.unit_code == unit, submission.c.period == month_text(month))
        .order_by(submission.c.version.desc()).limit(1)
    ).mappings().first()
    return submission_row(row) if row else None


def find_same_file(conn: Connection, unit: str, month: Month, digest: str) -> dict | None:
    """An earlier version of this unit and month loaded from identical bytes."""
    row = conn.execute(
        select(submission)
        .where(submission.c.unit_code == unit, submission.c.period == month_text(month),
               submission.c.sha256 == digest)
        .order_by(submission.c.version.desc()).limit(1)
    ).mappings().first()
    return submission_row(row) if row else None


@dataclass(frozen=True)
class Inserted:
    """What ``insert_submission`` wrote: the new row's id and version, the stored file's
    SHA-256 and the submission time it was given."""

    id: int
    version: int
    sha256: str | None
    submitted_at: datetime


def insert_submission(conn: Connection, new: NewSubmission,
                      content: bytes | None = None) -> Inserted:
    """Add one submission version with everything in it.

    Runs inside the caller's transaction, takes the unit-month lock first so versions are
    numbered in order under concurrent loads, stores the original bytes and bumps the data
    version. The caller writes the audit row.
    """
    period = month_text(new.period)
    lock_unit_period(conn, new.unit, new.period)
    version = next_version(conn, new.unit, new.period)
    digest = put_blob(conn, content) if content is not None else None
    now = utc_now()
    submitted_at = new.submitted_at or now
    sub_id = conn.execute(
        insert(submission).values(
            unit_code=new.unit, period=period, version=version, status=new.status,
            source=new.source, submitted_by=new.submitted_by,
            submitted_at=submitted_at, created_at=now, file_name=new.file_name,
            sha256=digest, sheet=new.sheet,
        ).returning(submission.c.id)
    ).scalar_one()
    if new.values:
        conn.execute(insert(value), [
            dict(submission_id=sub_id, indicator_code=v.indicator, value=v.value,
                 qualifier=v.qualifier, note=v.note, sheet=v.sheet, row=v.row, col=v.column,
                 carried_from=v.carried_from, source_text=v.source_text)
            for v in new.values
        ])
    if new.activities:
        conn.execute(insert(activity), [
            dict(submission_id=sub_id, section_code=a.section, position=i, text=a.text,
                 footnotes=list(a.footnotes), sheet=a.sheet, row=a.row)
            for i, a in enumerate(new.activities)
        ])
    if new.plan_items:
        conn.execute(insert(plan_item), [
            dict(submission_id=sub_id, position=i, text=p.text, sheet=p.sheet, row=p.row,
                 horizon=p.horizon)
            for i, p in enumerate(new.plan_items)
        ])
    if new.progress:
        conn.execute(insert(plan_progress), [
            dict(submission_id=sub_id, position=i, task=p.task, status=p.status, note=p.note,
                 sheet=p.sheet, row=p.row)
            for i, p in enumerate(new.progress)
        ])
    bump_data_version(conn)
    return Inserted(sub_id, version, digest, submitted_at)


def get_submission(conn: Connection, submission_id: int) -> dict[str, Any] | None:
    row = conn.execute(select(submission).where(submission.c.id == submission_id)).mappings()
    found = row.first()
    return submission_row(found) if found else None


def set_status(conn: Connection, submission_id: int, status: str, reviewer: str,
               comment: str | None = None) -> None:
    """Write a submission's review status (approve / return / reopen) and bump the data
    version; the decision's rules and audit row are ``actions.review``'s."""
    if status not in STATUSES:
        raise ValueError(status)
    conn.execute(
        submission.update().where(submission.c.id == submission_id).values(
            status=status, reviewed_by=reviewer, reviewed_at=utc_now(), review_comment=comment
        )
    )
    bump_data_version(conn)


def submission_values(conn: Connection, submission_id: int) -> list[dict[str, Any]]:
    """The value rows of one version, each with ``carried_from_version`` and
    ``carried_from_submission``: the version a carried-over figure was kept from (None
    for a figure read from this version's own file)."""
    origin = value.alias("origin")
    origin_sub = submission.alias("origin_submission")
    rows = conn.execute(
        select(value, origin_sub.c.version.label("carried_from_version"),
               origin_sub.c.id.label("carried_from_submission"))
        .select_from(value.outerjoin(origin, origin.c.id == value.c.carried_from)
                     .outerjoin(origin_sub, origin_sub.c.id == origin.c.submission_id))
        .where(value.c.submission_id == submission_id).order_by(value.c.id)
    ).mappings()
    return [dict(r) for r in rows]


def carry_over(conn: Connection, unit: str, month: Month, keep: set[str]
               ) -> list[NewValue]:
    """The figures of ``keep`` (indicator codes) in the newest version of ``unit`` and
    ``month``, as values of a new version carried over from it. Each points at the row it
    came from — the row read from a file, also when the newest version had carried it."""
    latest = latest_submission(conn, unit, month)
    if latest is None or not keep:
        return []
    return [NewValue(r["indicator_code"], r["value"], r["qualifier"], r["note"],
                     carried_from=r["carried_from"] or r["id"])
            for r in submission_values(conn, latest["id"]) if r["indicator_code"] in keep]


def carried_over_values(conn: Connection, submission_id: int) -> dict[str, int]:
    """Indicator code -> the version a figure of this submission was carried over from
    (a resubmission that left it out kept the earlier figure); empty while the schema has
    no carry-over column (``value.carried_from``, added by the values migration)."""
    if "carried_from" not in value.c:
        return {}
    origin = value.alias("origin")
    rows = conn.execute(
        select(value.c.indicator_code, submission.c.version)
        .join(origin, origin.c.id == value.c.carried_from)
        .join(submission, submission.c.id == origin.c.submission_id)
        .where(value.c.submission_id == submission_id)
    ).all()
    return {code: int(version) for code, version in rows}


def submission_activities(conn: Connection, submission_id: int) -> list[dict[str, Any]]:
    rows = conn.execute(
        select(activity).where(activity.c.submission_id == submission_id)
        .order_by(activity.c.position)
    ).mappings()
    return [dict(r) for r in rows]


def submission_plan_items(conn: Connection, submission_id: int) -> list[dict[str, Any]]:
    rows = conn.execute(
        select(plan_item).where(plan_item.c.submission_id == submission_id)
        .order_by(plan_item.c.position)
    ).mappings()
    return [dict(r) for r in rows]


def list_submissions(
    conn: Connection, unit: str | None = None, period: Month | None = None
) -> list[dict[str, Any]]:
    """Every version, newest first, optionally for one unit and/or month."""
    stmt = select(submission)
    if unit:
        stmt = stmt.where(submission.c.unit_code == unit)
    if period is not None:
        stmt = stmt.where(submission.c.period == month_text(period))
    stmt = stmt.order_by(submission.c.period.desc(), submission.c.unit_code,
                         submission.c.version.desc())
    return [submission_row(r) for r in conn.execute(stmt).mappings()]


def count_submissions(conn: Connection) -> int:
    return int(conn.execute(select(func.count()).select_from(submission)).scalar() or 0)
