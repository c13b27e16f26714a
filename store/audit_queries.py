"""Reading the audit log: filters by who, what and when (the audit page, the tests)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, select

from core.timezone import as_utc
from store.schema import audit_log

DEFAULT_LIMIT = 5000


def audit_rows(bind: Engine | Connection, actor: str | None = None,
               actions: list[str] | None = None, start: datetime | None = None,
               end: datetime | None = None, entity_id: str | None = None,
               limit: int = DEFAULT_LIMIT) -> list[dict[str, Any]]:
    """Audit rows newest first; ``start`` inclusive and ``end`` exclusive are UTC moments."""
    if isinstance(bind, Engine):
        with bind.connect() as conn:
            return audit_rows(conn, actor, actions, start, end, entity_id, limit)
    stmt = select(audit_log)
    if actor:
        stmt = stmt.where(audit_log.c.actor == actor)
    if actions:
        stmt = stmt.where(audit_log.c.action.in_(actions))
    if start is not None:
        stmt = stmt.where(audit_log.c.at >= as_utc(start))
    if end is not None:
        stmt = stmt.where(audit_log.c.at < as_utc(end))
    if entity_id is not None:
        stmt = stmt.where(audit_log.c.entity_id == entity_id)
    stmt = stmt.order_by(audit_log.c.at.desc(), audit_log.c.id.desc()).limit(limit)
    return [dict(r) for r in bind.execute(stmt).mappings()]


def audit_actors(bind: Engine | Connection) -> list[str]:
    if isinstance(bind, Engine):
        with bind.connect() as conn:
            return audit_actors(conn)
    return sorted(bind.execute(select(audit_log.c.actor).distinct()).scalars())


def audit_actions(bind: Engine | Connection) -> list[str]:
    if isinstance(bind, Engine):
        with bind.connect() as conn:
            return audit_actions(conn)
    return sorted(bind.execute(select(audit_log.c.action).distinct()).scalars())
