"""The office's wording edits: saved as draft versions, applied over the assembled report.

A draft belongs to one period (``2023-01``, ``2023-H1`` …) and one part: ``summary`` or a
section code (``2.1``). Every save adds a version (who, when) and an audit row; the source
submissions are never touched, and the newest version of each part wins when the report
is assembled with drafts.

Section text format (what the page's text box shows and saves): **one bullet per line**,
empty lines ignored, a leading ``- `` optional. Footnotes cannot be typed; they follow the
source bullets:

1. a line whose text equals a source bullet's text keeps that bullet's footnotes (and its
   unit and "chưa duyệt" mark), wherever the line moved;
2. when the line count is unchanged, a changed line keeps the footnotes of the source
   bullet at the same position (a wording fix in place), unless rule 1 already gave that
   bullet to another line;
3. any other line is the office's own text: no footnotes, no unit, approved.

A part is shown as edited ("đã chỉnh sửa") only when its draft differs from the wording
the sources give today.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, func, insert, select

from auth.roles import require
from core.months import ReportPeriod
from core.timezone import utc_now
from report.model import Bullet, ReportDocument, ReportSection
from store import audit
from store.periods import period_of, period_text
from store.schema import report_draft

SUMMARY_PART = "summary"
MAX_PART_LENGTH = 32


@dataclass(frozen=True)
class Draft:
    period: ReportPeriod
    part: str
    version: int
    text: str
    created_by: str
    created_at: datetime


def _draft(row) -> Draft:
    return Draft(period_of(row.period), row.part, row.version, row.text,
                 row.created_by, row.created_at)


def save_draft(conn: Connection, period: ReportPeriod, part: str, text: str, *, actor: str,
               role: str | None) -> Draft:
    """Save ``text`` as the next draft version of ``part`` of ``period``'s report.

    Editors only (``report.edit``); runs in the caller's write transaction with an audit
    row holding the previous and the new text.
    """
    require(role, "report.edit")
    if not part or len(part) > MAX_PART_LENGTH:
        raise ValueError(f"bad report part {part!r}")
    previous = latest_draft(conn, period, part)
    version = (previous.version if previous else 0) + 1
    now = utc_now()
    clean = text.replace("\r\n", "\n").strip()
    conn.execute(insert(report_draft).values(
        period=period_text(period), part=part, version=version, text=clean, created_by=actor,
        created_at=now,
    ))
    audit.record(
        conn, actor, "report.draft_save", "report_draft", f"{period}/{part}",
        {"version": previous.version, "text": previous.text} if previous else None,
        {"version": version, "text": clean},
    )
    return Draft(period, part, version, clean, actor, now)


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


# --- pure: text ↔ bullets -------------------------------------------------------------


def section_text(section: ReportSection) -> str:
    """The section's bullets as editable text, one a line."""
    return "\n".join(b.text for b in section.bullets)


def _clean_line(line: str) -> str:
    line = line.strip()
    if line[:2] in ("- ", "– ", "• "):
        line = line[2:].strip()
    return line


def parse_section_text(text: str, source: list[Bullet]) -> list[Bullet]:
    """Bullets from edited text, footnotes carried over by the rules of the module doc."""
    lines = [c for c in (_clean_line(line) for line in text.splitlines()) if c]
    by_text: dict[str, int] = {}
    for index, bullet in enumerate(source):
        by_text.setdefault(bullet.text.strip(), index)
    matched = [by_text.get(line) for line in lines]
    used = {i for i in matched if i is not None}
    same_count = len(lines) == len(source)
    out: list[Bullet] = []
    for pos, (line, index) in enumerate(zip(lines, matched, strict=True)):
        if index is None and same_count and pos not in used:
            index = pos
            used.add(pos)
        if index is None:
            out.append(Bullet(line))
        else:
            src = source[index]
            out.append(Bullet(line, list(src.footnotes), src.unit, src.approved, src.dash))
    return out


def apply_drafts(doc: ReportDocument, drafts: dict[str, Draft]) -> None:
    """Replace the summary and section wording by the newest drafts, marking what changed."""
    summary = drafts.get(SUMMARY_PART)
    if summary is not None and summary.text != (doc.summary or ""):
        doc.summary = summary.text or None
        doc.summary_edited = True
    for section in doc.sections:
        draft = drafts.get(section.number)
        if draft is None or draft.text == section_text(section):
            continue
        section.bullets = parse_section_text(draft.text, section.bullets)
        section.edited = True


def edits_stamp(conn: Connection, period: ReportPeriod) -> str:
    """Changes whenever a draft or a follow-up status of ``period`` is saved: caches of the
    assembled report key on it beside the data version (drafts do not bump that)."""
    from store.schema import plan_followup

    drafts = conn.execute(select(func.count(), func.max(report_draft.c.id))
                          .where(report_draft.c.period == period_text(period))).one()
    followups = conn.execute(select(func.count(), func.max(plan_followup.c.updated_at))).one()
    return f"{drafts[0]}:{drafts[1]}:{followups[0]}:{followups[1]}"
