"""Follow-up of last month's key tasks: the office sets a status and a comment per task.

The tasks are part II of the previous month's report (planned *for* this month); the
annex "Kết quả thực hiện nhiệm vụ trọng tâm tháng trước" of this month's report shows them
with their status. Rows of ``plan_followup`` are keyed by (month planned for, position) and
keep the task text, so a status saved for a task that has since been reworded or moved
no longer applies to it (it shows as not yet updated). Saving a status is the action
``actions.report.set_followups`` (audited).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection

from core.catalog import Catalog
from core.messages import t
from core.months import Month
from report.header import read_header
from report.model import FollowupRow
from report.sources import counting_sources
from report.tasks import next_period_tasks
from store.catalog_store import read_catalog
from store.plan_followup import saved_followups

DONE, IN_PROGRESS, NOT_STARTED = "done", "in_progress", "not_started"
STATUSES = (DONE, IN_PROGRESS, NOT_STARTED)


@dataclass(frozen=True)
class FollowupItem:
    """One task planned for a month with the office's status (None: not updated yet)."""

    position: int
    task: str
    status: str | None = None
    comment: str = ""
    updated_by: str | None = None
    updated_at: datetime | None = None


def status_label(status: str | None) -> str:
    """``Hoàn thành`` / ``Đang thực hiện`` / ``Chưa thực hiện`` / ``Chưa cập nhật``."""
    return t(f"report.status_{status}" if status in STATUSES else "report.status_unset")


def planned_tasks(conn: Connection, month: Month, catalog: Catalog | None = None) -> list[str]:
    """The key tasks planned for ``month``: part II of the previous month's report."""
    previous = month - 1
    sources = counting_sources(conn, [previous])
    if not sources:
        return []
    header = read_header(conn, previous.last_day)
    return next_period_tasks(conn, catalog or read_catalog(conn), previous, sources,
                             header.tasks_unit)


def followup_items(conn: Connection, month: Month,
                   catalog: Catalog | None = None) -> list[FollowupItem]:
    """Every task planned for ``month`` with its saved status where the task is unchanged."""
    saved = saved_followups(conn, month)
    items = []
    for position, task in enumerate(planned_tasks(conn, month, catalog)):
        row = saved.get(position)
        if row is None or row["task"] != task:
            items.append(FollowupItem(position, task))
        else:
            items.append(FollowupItem(position, task, row["status"], row["comment"] or "",
                                      row["updated_by"], row["updated_at"]))
    return items


def followup_rows(conn: Connection, month: Month,
                  catalog: Catalog | None = None) -> list[FollowupRow]:
    """The annex rows of ``month``'s report (status as text)."""
    return [FollowupRow(item.task, status_label(item.status), item.comment)
            for item in followup_items(conn, month, catalog)]
