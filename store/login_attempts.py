"""Sign-in attempts (``login_attempt``): what the throttle counts. Never the password.

Usernames and sources arrive already cut to the column width (``auth.throttle.clip``);
``source`` is the counted network (``auth.throttle.source_key``), ``device`` the nonce of a
valid device cookie (None: an unknown device). An attempt is written *before* its password
is checked, as a failure, and turned into a success afterwards: so a burst of parallel
guesses is counted while it is being checked (``lock_attempts`` serialises the counting).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, func, insert, select, text, update

from core.timezone import as_utc
from store.schema import login_attempt

# pg_advisory_xact_lock key of the sign-in bookkeeping (any constant of our own).
_PG_LOCK_KEY = 0x534B48434E01


def lock_attempts(conn: Connection) -> None:
    """Serialise the counting of attempts until the end of the caller's write transaction.

    SQLite's writers already queue (``BEGIN IMMEDIATE``, see ``store.engine``); PostgreSQL
    takes a transaction-scoped advisory lock, so two sign-ins never both count the same
    failures and both go ahead.
    """
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK_KEY})


def insert_attempt(conn: Connection, username: str, source: str, success: bool,
                   at: datetime, device: str | None = None) -> int:
    """Record one attempt; returns its id."""
    result = conn.execute(insert(login_attempt).values(
        username=username, source=source, device=device, at=as_utc(at), success=success,
        cleared=False))
    return int(result.inserted_primary_key[0])


def mark_success(conn: Connection, attempt_id: int) -> None:
    """The attempt's password was right after all."""
    conn.execute(update(login_attempt).where(login_attempt.c.id == attempt_id)
                 .values(success=True))


def _failures(conn: Connection, since: datetime, *conditions) -> tuple[int, datetime | None]:
    row = conn.execute(
        select(func.count(), func.max(login_attempt.c.at)).where(
            login_attempt.c.success.is_(False), login_attempt.c.cleared.is_(False),
            login_attempt.c.at >= since, *conditions)
    ).one()
    return int(row[0] or 0), (as_utc(row[1]) if row[1] is not None else None)


def account_failures(conn: Connection, username: str,
                     since: datetime) -> tuple[int, datetime | None]:
    """Uncleared failures of an account from unknown devices since ``since``."""
    return _failures(conn, since, login_attempt.c.username == username,
                     login_attempt.c.device.is_(None))


def device_failures(conn: Connection, username: str, device: str,
                    since: datetime) -> tuple[int, datetime | None]:
    """Uncleared failures of one known device of an account since ``since``."""
    return _failures(conn, since, login_attempt.c.username == username,
                     login_attempt.c.device == device)


def source_failures(conn: Connection, source: str,
                    since: datetime) -> tuple[int, datetime | None]:
    """Uncleared failures from unknown devices of one network since ``since``."""
    return _failures(conn, since, login_attempt.c.source == source,
                     login_attempt.c.device.is_(None))


def last_success(conn: Connection, username: str,
                 device: str | None = None) -> datetime | None:
    """The latest success of an account from an unknown device (``device`` None) or from
    that known device."""
    which = (login_attempt.c.device.is_(None) if device is None
             else login_attempt.c.device == device)
    found = conn.execute(
        select(func.max(login_attempt.c.at)).where(
            login_attempt.c.username == username, login_attempt.c.success.is_(True), which)
    ).scalar()
    return as_utc(found) if found is not None else None


def failing_accounts(conn: Connection, since: datetime) -> list[str]:
    """Accounts with an uncleared failure from an unknown device since ``since``."""
    return list(conn.execute(
        select(login_attempt.c.username).distinct().where(
            login_attempt.c.success.is_(False), login_attempt.c.cleared.is_(False),
            login_attempt.c.device.is_(None), login_attempt.c.at >= since)
    ).scalars())


def clear_failures(conn: Connection, username: str, source: str | None = None) -> int:
    """Forget the failures of ``username`` (every device) and of ``source`` if given; how
    many."""
    cond = login_attempt.c.username == username
    if source:
        cond = cond | (login_attempt.c.source == source)
    cleared = conn.execute(
        update(login_attempt)
        .where(cond, login_attempt.c.success.is_(False), login_attempt.c.cleared.is_(False))
        .values(cleared=True)
    ).rowcount
    return int(cleared or 0)
