"""Follow-up of last month's key tasks: what the units reported, as the office corrects it.

The tasks are part II of the previous month's report (planned *for* this month); the
annex "Kết quả thực hiện nhiệm vụ trọng tâm tháng trước" of this month's report shows them
with their status. A task's status comes from, in order:

1. the office's correction on the report page (``plan_followup``, saved by the audited
   action ``actions.report.set_followups``), keyed by (month planned for, position) and
   kept with the task text, so it no longer applies once the task is reworded or moved;
2. the progress the unit that planned the task reported in its submission for the month
   (the «Kế hoạch» sheet's follow-up table, ``plan_progress``; the version that counts,
   approved else newest), matched by the task's text (case, accents and spacing ignored);
3. else "Chưa cập nhật".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection

from core.catalog import Catalog
from core.messages import t
from core.months import Month
from core.text import normalize
from report.header import read_header
from report.model import FollowupRow
from report.sources import counting_sources, plan_items
from report.tasks import PlannedTask, planned_in
from store.catalog_store import read_catalog
from store.plan_followup import saved_followups
from store.report_sources import progress_of
from store.submissions import PROGRESS_STATUSES

STATUSES = PROGRESS_STATUSES  # done, in_progress, not_started
OFFICE, UNIT = "office", "unit"  # where a status comes from


@dataclass(frozen=True)
class FollowupItem:
    """One task planned for a month with its status (None: not updated yet), where the
    status comes from (``OFFICE``, ``UNIT`` or None) and what the unit reported."""

    position: int
    task: str
    status: str | None = None
    comment: str = ""
    updated_by: str | None = None
    updated_at: datetime | None = None
    source: str | None = None
    unit: str | None = None
    reported_status: str | None = None
    reported_note: str = ""


def status_label(status: str | None) -> str:
    """``Hoàn thành`` / ``Đang thực hiện`` / ``Chưa thực hiện`` / ``Chưa cập nhật``."""
    return t(f"report.status_{status}" if status in STATUSES else "report.status_unset")


def _planned(conn: Connection, month: Month, catalog: Catalog | None) -> list[PlannedTask]:
    previous = month - 1
    sources = counting_sources(conn, [previous])
    if not sources:
        return []
    header = read_header(conn, previous.last_day)
    return planned_in(conn, catalog or read_catalog(conn), previous, sources,
                      header.tasks_unit)


def planned_tasks(conn: Connection, month: Month, catalog: Catalog | None = None) -> list[str]:
    """The key tasks planned for ``month``: part II of the previous month's report."""
    return [task.text for task in _planned(conn, month, catalog)]


def unit_planned_tasks(conn: Connection, unit: str, month: Month) -> list[str]:
    """The tasks ``unit`` planned for ``month`` (its next-month tasks of the previous
    month, from the version that counts): what its form for ``month`` asks progress on."""
    source = counting_sources(conn, [month - 1]).get((unit, month - 1))
    return plan_items(conn, [source.id])[source.id] if source else []


def _reported(conn: Connection, month: Month, units: set[str]
              ) -> dict[tuple[str, str], tuple[str, str]]:
    """``(unit, task key) → (status, note)`` the units reported for ``month``."""
    sources = {s.id: s.unit for (unit, _m), s in counting_sources(conn, [month]).items()
               if unit in units}
    out: dict[tuple[str, str], tuple[str, str]] = {}
    for row in progress_of(conn, sorted(sources)):
        out.setdefault((sources[row.submission_id], normalize(row.task)),
                       (row.status, row.note or ""))
    return out


def followup_items(conn: Connection, month: Month,
                   catalog: Catalog | None = None) -> list[FollowupItem]:
    """Every task planned for ``month`` with its status (see the module docstring)."""
    planned = _planned(conn, month, catalog)
    if not planned:
        return []
    saved = saved_followups(conn, month)
    reported = _reported(conn, month, {task.unit for task in planned})
    items = []
    for position, task in enumerate(planned):
        status, note = reported.get((task.unit, normalize(task.text)), (None, ""))
        unit_part = dict(unit=task.unit, reported_status=status, reported_note=note)
        row = saved.get(position)
        if row is not None and row["task"] == task.text:
            items.append(FollowupItem(position, task.text, row["status"], row["comment"] or "",
                                      row["updated_by"], row["updated_at"], OFFICE,
                                      **unit_part))
        elif status is not None:
            items.append(FollowupItem(position, task.text, status, note, source=UNIT,
                                      **unit_part))
        else:
            items.append(FollowupItem(position, task.text, **unit_part))
    return items


def followup_rows(conn: Connection, month: Month,
                  catalog: Catalog | None = None) -> list[FollowupRow]:
    """The annex rows of ``month``'s report (status as text)."""
    return [FollowupRow(item.task, status_label(item.status), item.comment)
            for item in followup_items(conn, month, catalog)]
