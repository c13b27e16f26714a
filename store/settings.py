"""Settings as data with validity dates: the row valid on a day wins, else the default.

Defaults are declared once in ``core.settings_spec``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Connection, Engine, insert, or_, select

from core.settings_spec import default
from core.timezone import utc_now, vn_today
from store.schema import setting


def get_setting(bind: Engine | Connection, key: str, on_date: date | None = None) -> Any:
    """The value of ``key`` valid on ``on_date`` (default: today in Vietnam).

    Among rows whose validity covers the day the most recently updated wins; with no such
    row the declared default is returned (KeyError for an undeclared key).
    """
    fallback = default(key)
    if isinstance(bind, Engine):
        with bind.connect() as conn:
            return get_setting(conn, key, on_date)
    day = on_date or vn_today()
    row = bind.execute(
        select(setting.c.value)
        .where(setting.c.key == key,
               or_(setting.c.valid_from.is_(None), setting.c.valid_from <= day),
               or_(setting.c.valid_to.is_(None), setting.c.valid_to >= day))
        .order_by(setting.c.updated_at.desc(), setting.c.id.desc())
        .limit(1)
    ).first()
    return fallback if row is None else row.value


def insert_setting(conn: Connection, key: str, value: Any, valid_from: date | None,
                   valid_to: date | None, updated_by: str) -> None:
    """Add a value of ``key`` valid from/to the given days (``actions.settings`` checks it).

    Nothing is overwritten: a new row wins over older ones on the days it covers, so the
    wording valid in 2023 stays what a 2023 report prints.
    """
    conn.execute(insert(setting).values(
        key=key, value=value, valid_from=valid_from, valid_to=valid_to,
        updated_by=updated_by, updated_at=utc_now()))


def setting_history(bind: Engine | Connection, key: str | None = None) -> list[dict[str, Any]]:
    """Every stored row (newest first), optionally of one key."""
    if isinstance(bind, Engine):
        with bind.connect() as conn:
            return setting_history(conn, key)
    stmt = select(setting)
    if key:
        stmt = stmt.where(setting.c.key == key)
    stmt = stmt.order_by(setting.c.updated_at.desc(), setting.c.id.desc())
    return [dict(r) for r in bind.execute(stmt).mappings()]
