"""Accounts (``app_user``): reading them, and the plain writes the account actions make.

Roles, password rules and audit rows belong to ``actions.accounts``; here only rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, Engine, func, insert, select, update

from core.timezone import utc_now
from store.schema import app_user


@dataclass(frozen=True)
class User:
    """A signed-in person: who, their name, role and (an analyst's) own unit."""

    username: str
    display_name: str
    role: str
    unit: str | None  # the analyst's own unit


@dataclass(frozen=True)
class Account:
    """One ``app_user`` row without its password hash (active or not)."""

    username: str
    display_name: str
    role: str
    unit: str | None
    active: bool


def _user(row) -> User:
    return User(row.username, row.display_name, row.role, row.unit_code)


def get_user(bind: Engine | Connection, username: str) -> User | None:
    """The active account ``username``, or None (unknown or disabled)."""
    if isinstance(bind, Engine):
        with bind.connect() as conn:
            return get_user(conn, username)
    row = bind.execute(
        select(app_user).where(app_user.c.username == username, app_user.c.active.is_(True))
    ).first()
    return _user(row) if row else None


def sign_in_record(conn: Connection, username: str) -> tuple[User, str | None] | None:
    """An active account with its password hash (only the sign-in action needs it)."""
    row = conn.execute(
        select(app_user).where(app_user.c.username == username, app_user.c.active.is_(True))
    ).first()
    return (_user(row), row.password_hash) if row else None


def find_account(conn: Connection, username: str) -> Account | None:
    """The account ``username`` whatever its state, or None."""
    row = conn.execute(select(app_user).where(app_user.c.username == username)).first()
    if row is None:
        return None
    return Account(row.username, row.display_name, row.role, row.unit_code, bool(row.active))


def insert_user(conn: Connection, username: str, display_name: str, password_hash: str | None,
                role: str, unit: str | None) -> User:
    """Add an account (the caller checked the name is free)."""
    now = utc_now()
    conn.execute(insert(app_user).values(
        username=username, display_name=display_name, password_hash=password_hash, role=role,
        unit_code=unit, active=True, created_at=now, password_changed_at=now,
    ))
    return User(username, display_name, role, unit)


def update_password_hash(conn: Connection, username: str, password_hash: str,
                         at: datetime | None = None) -> None:
    conn.execute(update(app_user).where(app_user.c.username == username).values(
        password_hash=password_hash, password_changed_at=at or utc_now()))


def replace_password_hash(conn: Connection, username: str, password_hash: str) -> None:
    """The same password under a new hash (argon2id replacing bcrypt at sign-in): the
    password did not change, so sessions stay valid (``password_changed_at`` kept)."""
    conn.execute(update(app_user).where(app_user.c.username == username)
                 .values(password_hash=password_hash))


def update_role(conn: Connection, username: str, role: str, unit: str | None) -> None:
    conn.execute(update(app_user).where(app_user.c.username == username)
                 .values(role=role, unit_code=unit))


def update_active(conn: Connection, username: str, active: bool) -> None:
    conn.execute(update(app_user).where(app_user.c.username == username).values(active=active))


def list_users(bind: Engine | Connection) -> list[dict]:
    """Every account (active or not) without its password hash, by username."""
    if isinstance(bind, Engine):
        with bind.connect() as conn:
            return list_users(conn)
    cols = [c for c in app_user.c if c.name != "password_hash"]
    rows = bind.execute(select(*cols).order_by(app_user.c.username)).mappings()
    return [dict(r) for r in rows]


def count_accounts(conn: Connection) -> int:
    """Every account, active or not (the demo refuses a database that has any of its own)."""
    return int(conn.execute(select(func.count()).select_from(app_user)).scalar() or 0)


def count_active_with_role(conn: Connection, role: str) -> int:
    """Active accounts holding ``role`` (``python -m admin init`` refuses when an admin is)."""
    return int(conn.execute(
        select(func.count()).select_from(app_user)
        .where(app_user.c.role == role, app_user.c.active.is_(True))
    ).scalar() or 0)
