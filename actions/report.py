"""The office's report actions: save (or restore) a part's wording, set the follow-up of
last month's key tasks. Editors only (``report.edit``); each save is audited with the
previous and the new text or status."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Engine

from actions.base import Acting, ActionError, Done, require
from core.months import Month, ReportPeriod
from core.timezone import utc_now
from report.drafts import MAX_PART_LENGTH, clean_draft_text
from report.followup import STATUSES, FollowupItem, planned_tasks
from store import audit
from store.engine import write_transaction
from store.plan_followup import save_followup, saved_followups
from store.report_drafts import Draft, insert_draft, latest_draft

PERMISSION = "report.edit"


def _save(engine: Engine, actor: Acting, period: ReportPeriod, part: str, text: str) -> Draft:
    require(actor, PERMISSION)
    if not part or len(part) > MAX_PART_LENGTH:
        raise ActionError("report.draft_bad_part", part=part)
    clean = clean_draft_text(text)
    with write_transaction(engine) as conn:
        previous = latest_draft(conn, period, part)
        draft = Draft(period, part, (previous.version if previous else 0) + 1, clean,
                      actor.username, utc_now())
        insert_draft(conn, draft)
        audit.record(
            conn, actor.username, "report.draft_save", "report_draft", f"{period}/{part}",
            {"version": previous.version, "text": previous.text} if previous else None,
            {"version": draft.version, "text": clean},
        )
    return draft


def save_draft(engine: Engine, actor: Acting, period: ReportPeriod, part: str,
               text: str) -> Done[Draft]:
    """Save ``text`` as the next draft version of ``part`` of ``period``'s report."""
    draft = _save(engine, actor, period, part, text)
    return Done("report.page_edit_saved", {"version": draft.version}, draft)


def restore_wording(engine: Engine, actor: Acting, period: ReportPeriod, part: str,
                    source_text: str) -> Done[Draft]:
    """Go back to the wording the sources give (saved as a new version: history is kept)."""
    draft = _save(engine, actor, period, part, source_text)
    return Done("report.page_edit_restored", {"version": draft.version}, draft)


def set_followups(engine: Engine, actor: Acting, month: Month,
                  changes: Iterable[tuple[int, str, str]]) -> Done[list[FollowupItem]]:
    """Save (position, status, comment) of tasks planned for ``month``, in one transaction;
    one audit row per task. Refused whole for an unknown status or a position with no task."""
    require(actor, PERMISSION)
    changes = list(changes)
    for _position, status, _comment in changes:
        if status not in STATUSES:
            raise ActionError("report.followup_bad_status", status=status)
    saved: list[FollowupItem] = []
    with write_transaction(engine) as conn:
        tasks = planned_tasks(conn, month)
        for position, status, comment in changes:
            if not 0 <= position < len(tasks):
                raise ActionError("report.followup_no_task", number=position + 1)
            task, text, now = tasks[position], comment.strip(), utc_now()
            # Read again each time: the same task may come twice in one save.
            before = saved_followups(conn, month).get(position)
            save_followup(conn, month, position, task, status, text, actor.username, now,
                          before["id"] if before else None)
            audit.record(
                conn, actor.username, "report.followup_set", "plan_followup",
                f"{month}/{position}",
                {k: before[k] for k in ("task", "status", "comment")} if before else None,
                {"task": task, "status": status, "comment": text},
            )
            saved.append(FollowupItem(position, task, status, text, actor.username, now))
    return Done("report.page_followup_saved", {"count": len(saved)}, saved)
