"""Drafts of a month typed in the browser (``entry_draft``): one per user, unit and month.

Plain rows: who may save, what a draft holds and the audit are ``actions.typing``'s.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, insert, select, update

from core.months import Month
from store.periods import month_text
from store.schema import entry_draft


@dataclass(frozen=True)
class EntryDraft:
    id: int
    username: str
    unit: str
    month: Month
    content: dict[str, Any]
    saved_at: datetime


def _where(username: str, unit: str, month: Month):
    return ((entry_draft.c.username == username) & (entry_draft.c.unit_code == unit)
            & (entry_draft.c.period == month_text(month)))


def get_draft(conn: Connection, username: str, unit: str, month: Month) -> EntryDraft | None:
    """``username``'s draft of ``unit`` and ``month``; None when there is none."""
    row = conn.execute(select(entry_draft).where(_where(username, unit, month))).first()
    if row is None:
        return None
    content = row.content if isinstance(row.content, dict) else {}
    return EntryDraft(row.id, row.username, row.unit_code, month, content, row.saved_at)


def save_draft(conn: Connection, username: str, unit: str, month: Month,
               content: dict[str, Any], saved_at: datetime) -> tuple[int, dict | None]:
    """Keep ``content`` as the draft (replacing the one before); (its id, the content it
    replaced or None)."""
    old = get_draft(conn, username, unit, month)
    if old is None:
        new_id = conn.execute(insert(entry_draft).values(
            username=username, unit_code=unit, period=month_text(month), content=content,
            saved_at=saved_at)).inserted_primary_key[0]
        return int(new_id), None
    conn.execute(update(entry_draft).where(entry_draft.c.id == old.id)
                 .values(content=content, saved_at=saved_at))
    return old.id, old.content


def delete_draft(conn: Connection, username: str, unit: str, month: Month) -> EntryDraft | None:
    """Remove the draft (after the month was sent); the draft that was removed, if any."""
    old = get_draft(conn, username, unit, month)
    if old is not None:
        conn.execute(delete(entry_draft).where(entry_draft.c.id == old.id))
    return old
