"""Names a unit's analyst mapped to an indicator once (table ``remembered_name``).

Plain reads and writes; the rules (who may, audit rows) are ``actions.names``'.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Engine, delete, insert, select

from core.timezone import utc_now
from store.schema import indicator, org_unit, remembered_name


def remembered_names(bind: Engine | Connection) -> dict[str, dict[str, str]]:
    """Unit → normalised name → indicator code, for validation."""
    if isinstance(bind, Engine):
        with bind.connect() as conn:
            return remembered_names(conn)
    found: dict[str, dict[str, str]] = {}
    stmt = select(remembered_name.c.unit_code, remembered_name.c.label_key,
                  remembered_name.c.indicator_code)
    for unit, key, code in bind.execute(stmt):
        found.setdefault(unit, {})[key] = code
    return found


def list_remembered(bind: Engine | Connection) -> list[dict[str, Any]]:
    """Every remembered name with its unit's and indicator's names, for the admin page."""
    if isinstance(bind, Engine):
        with bind.connect() as conn:
            return list_remembered(conn)
    r, u, i = remembered_name, org_unit, indicator
    stmt = (select(r.c.id, r.c.unit_code, u.c.name.label("unit_name"), r.c.label,
                   r.c.label_key, r.c.indicator_code, i.c.name.label("indicator_name"),
                   r.c.created_by, r.c.created_at)
            .join(u, u.c.code == r.c.unit_code)
            .join(i, i.c.code == r.c.indicator_code)
            .order_by(r.c.unit_code, r.c.label_key, r.c.id))
    return [dict(row) for row in bind.execute(stmt).mappings()]


def find_remembered(conn: Connection, unit: str, key: str) -> dict[str, Any] | None:
    row = conn.execute(select(remembered_name).where(remembered_name.c.unit_code == unit,
                                                     remembered_name.c.label_key == key)
                       ).mappings().first()
    return dict(row) if row else None


def get_remembered(conn: Connection, name_id: int) -> dict[str, Any] | None:
    row = conn.execute(select(remembered_name).where(remembered_name.c.id == name_id)
                       ).mappings().first()
    return dict(row) if row else None


def insert_remembered(conn: Connection, unit: str, key: str, label: str, code: str,
                      user: str) -> int:
    result = conn.execute(insert(remembered_name).values(
        unit_code=unit, label_key=key, label=label, indicator_code=code, created_by=user,
        created_at=utc_now()))
    return int(result.inserted_primary_key[0])


def update_remembered(conn: Connection, name_id: int, label: str, code: str,
                      user: str) -> None:
    conn.execute(remembered_name.update().where(remembered_name.c.id == name_id).values(
        label=label, indicator_code=code, created_by=user, created_at=utc_now()))


def delete_remembered(conn: Connection, name_id: int) -> None:
    conn.execute(delete(remembered_name).where(remembered_name.c.id == name_id))
