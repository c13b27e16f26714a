"""Settings as data with validity dates: the row valid on a day wins, else the default.

Defaults are declared once in ``core.settings_spec``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Connection, Engine, or_, select

from core.settings_spec import default
from core.timezone import vn_today
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


class SettingError(ValueError):
    """A refused setting change; ``key`` is the message-catalogue key of the reason."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


def _coerce(key: str, value: Any) -> Any:
    """``value`` in the type of the declared default (list of lines, int, bool, text)."""
    expected = default(key)
    if isinstance(expected, bool):
        if not isinstance(value, bool):
            raise SettingError("admin.setting_bad_value", name=key)
        return value
    if isinstance(expected, int):
        if isinstance(value, bool) or not isinstance(value, int | float) or value != int(value):
            raise SettingError("admin.setting_bad_value", name=key)
        if value < 0:
            raise SettingError("admin.setting_bad_value", name=key)
        return int(value)
    if isinstance(expected, list):
        if isinstance(value, str):
            value = [line.strip() for line in value.splitlines() if line.strip()]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise SettingError("admin.setting_bad_value", name=key)
        return value
    if not isinstance(value, str) or not value.strip():
        raise SettingError("admin.setting_bad_value", name=key)
    return value.strip()


def set_setting(conn: Connection, key: str, value: Any, valid_from: date | None,
                valid_to: date | None, actor: str, actor_role: str) -> Any:
    """Add a value of ``key`` valid from/to the given days (admin); audited; returns it.

    Nothing is overwritten: a new row wins over older ones on the days it covers, so the
    wording valid in 2023 stays what a 2023 report prints.
    """
    from sqlalchemy import insert

    from auth.roles import require
    from core.timezone import utc_now
    from store import audit

    require(actor_role, "admin.settings")
    default(key)  # KeyError for an undeclared setting
    if valid_from and valid_to and valid_to < valid_from:
        raise SettingError("admin.setting_bad_dates")
    value = _coerce(key, value)
    before = get_setting(conn, key, valid_from)
    conn.execute(insert(setting).values(
        key=key, value=value, valid_from=valid_from, valid_to=valid_to,
        updated_by=actor, updated_at=utc_now()))
    audit.record(conn, actor, "setting.change", "setting", key, {"value": before},
                 {"value": value, "valid_from": valid_from and valid_from.isoformat(),
                  "valid_to": valid_to and valid_to.isoformat()})
    return value


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
