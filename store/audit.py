"""The audit log: one row for every write, with who, when, what, before and after."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, insert

from core.timezone import utc_now
from store.schema import audit_log


def record(
    conn: Connection,
    actor: str,
    action: str,
    entity: str,
    entity_id: object = None,
    before: Any = None,
    after: Any = None,
    detail: str | None = None,
) -> None:
    """Add an audit row inside the caller's transaction (so it commits with the write)."""
    conn.execute(
        insert(audit_log).values(
            at=utc_now(), actor=actor, action=action, entity=entity,
            entity_id=None if entity_id is None else str(entity_id),
            before=before, after=after, detail=detail,
        )
    )
