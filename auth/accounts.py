"""Built-in accounts in the database."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, Engine, insert, select

from auth.passwords import hash_password, verify_password
from auth.roles import ANALYST, ROLES
from core.timezone import utc_now
from store import audit
from store.schema import app_user


@dataclass(frozen=True)
class User:
    username: str
    display_name: str
    role: str
    unit: str | None  # the analyst's own unit


def _user(row) -> User:
    return User(row.username, row.display_name, row.role, row.unit_code)


def get_user(bind: Engine | Connection, username: str) -> User | None:
    if isinstance(bind, Engine):
        with bind.connect() as conn:
            return get_user(conn, username)
    row = bind.execute(
        select(app_user).where(app_user.c.username == username, app_user.c.active.is_(True))
    ).first()
    return _user(row) if row else None


def create_user(conn: Connection, username: str, password: str, role: str,
                display_name: str = "", unit: str | None = None, actor: str = "system") -> User:
    if role not in ROLES:
        raise ValueError(role)
    if role == ANALYST and not unit:
        raise ValueError("an analyst needs a unit")
    conn.execute(insert(app_user).values(
        username=username, display_name=display_name or username,
        password_hash=hash_password(password), role=role, unit_code=unit, active=True,
        created_at=utc_now(), password_changed_at=utc_now(),
    ))
    audit.record(conn, actor, "user.create", "user", username, None,
                 {"role": role, "unit": unit, "display_name": display_name})
    return User(username, display_name or username, role, unit)


def check_password(conn: Connection, username: str, password: str) -> User | None:
    """The user when the password is right and the account active; None otherwise."""
    row = conn.execute(
        select(app_user).where(app_user.c.username == username, app_user.c.active.is_(True))
    ).first()
    if row is None or not verify_password(password, row.password_hash):
        return None
    return _user(row)
