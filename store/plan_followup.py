"""The office's status of last month's key tasks (``plan_followup``), keyed by (month the
tasks were planned for, position); each row keeps the task text it was saved for."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert, select, update

from core.months import Month
from store.periods import month_of, month_text
from store.schema import plan_followup


def saved_followups(conn: Connection, month: Month) -> dict[int, dict[str, Any]]:
    """The saved rows of the tasks planned for ``month``, by position (``period`` a Month)."""
    rows = conn.execute(
        select(plan_followup).where(plan_followup.c.period == month_text(month))
    ).mappings()
    return {row["position"]: {**row, "period": month_of(row["period"])} for row in rows}


def save_followup(conn: Connection, month: Month, position: int, task: str, status: str,
                  comment: str, updated_by: str, updated_at: datetime,
                  existing_id: int | None = None) -> None:
    """Write the status of one task: a new row, or over the row ``existing_id``."""
    values = dict(task=task, status=status, comment=comment, updated_by=updated_by,
                  updated_at=updated_at)
    if existing_id is None:
        conn.execute(insert(plan_followup).values(period=month_text(month), position=position,
                                                  **values))
    else:
        conn.execute(update(plan_followup).where(plan_followup.c.id == existing_id)
                     .values(**values))
