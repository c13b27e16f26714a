"""Sign-in attempts (``login_attempt``): what the throttle counts. Never the password.

Usernames and sources arrive already cut to the column width (``auth.throttle.clip``).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, func, insert, select, update

from core.timezone import as_utc
from store.schema import login_attempt


def insert_attempt(conn: Connection, username: str, source: str, success: bool,
                   at: datetime) -> None:
    conn.execute(insert(login_attempt).values(
        username=username, source=source, at=as_utc(at), success=success, cleared=False))


def _failures(conn: Connection, column, key: str, since: datetime) -> tuple[int, datetime | None]:
    row = conn.execute(
        select(func.count(), func.max(login_attempt.c.at)).where(
            column == key, login_attempt.c.success.is_(False),
            login_attempt.c.cleared.is_(False), login_attempt.c.at >= since)
    ).one()
    return int(row[0] or 0), (as_utc(row[1]) if row[1] is not None else None)


def account_failures(conn: Connection, username: str,
                     since: datetime) -> tuple[int, datetime | None]:
    """Uncleared failures of an account since ``since``: (count, the latest)."""
    return _failures(conn, login_attempt.c.username, username, since)


def source_failures(conn: Connection, source: str,
                    since: datetime) -> tuple[int, datetime | None]:
    """Uncleared failures from one client address since ``since``: (count, the latest)."""
    return _failures(conn, login_attempt.c.source, source, since)


def last_success(conn: Connection, username: str) -> datetime | None:
    found = conn.execute(
        select(func.max(login_attempt.c.at)).where(
            login_attempt.c.username == username, login_attempt.c.success.is_(True))
    ).scalar()
    return as_utc(found) if found is not None else None


def failing_accounts(conn: Connection, since: datetime) -> list[str]:
    """Accounts with an uncleared failure since ``since``."""
    return list(conn.execute(
        select(login_attempt.c.username).distinct().where(
            login_attempt.c.success.is_(False), login_attempt.c.cleared.is_(False),
            login_attempt.c.at >= since)
    ).scalars())


def clear_failures(conn: Connection, username: str, source: str | None = None) -> int:
    """Forget the failures of ``username`` (and of ``source`` if given); how many."""
    cond = login_attempt.c.username == username
    if source:
        cond = cond | (login_attempt.c.source == source)
    cleared = conn.execute(
        update(login_attempt)
        .where(cond, login_attempt.c.success.is_(False), login_attempt.c.cleared.is_(False))
        .values(cleared=True)
    ).rowcount
    return int(cleared or 0)
