"""Session tokens (``session_token``): stored by their hash, expiring, revocable.

The raw token never reaches the database; callers pass ``auth.sessions.token_hash(token)``.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Connection, insert, select, update

from core.timezone import as_utc, utc_now
from store.schema import app_user, session_token
from store.users import User, get_user


def insert_session(conn: Connection, token_hash: str, username: str, now: datetime,
                   lifetime: timedelta) -> None:
    now = as_utc(now)
    conn.execute(insert(session_token).values(
        token_hash=token_hash, username=username, created_at=now, expires_at=now + lifetime,
        revoked_at=None))


def session_user(conn: Connection, token_hash: str | None,
                 now: datetime | None = None) -> User | None:
    """The active user of a live session; None when unknown, expired, revoked or disabled."""
    if not token_hash:
        return None
    now = as_utc(now or utc_now())
    row = conn.execute(
        select(session_token, app_user.c.password_changed_at)
        .join(app_user, app_user.c.username == session_token.c.username)
        .where(session_token.c.token_hash == token_hash)
    ).first()
    if row is None or row.revoked_at is not None or as_utc(row.expires_at) <= now:
        return None
    changed = row.password_changed_at
    # Belt and braces: a token older than the last password change is dead even if the
    # revocation was missed (e.g. a password set by hand in the database).
    if changed is not None and as_utc(changed) > as_utc(row.created_at):
        return None
    return get_user(conn, row.username)


def session_username(conn: Connection, token_hash: str) -> str | None:
    """Whose session ``token_hash`` is (live or not), or None when unknown."""
    return conn.execute(select(session_token.c.username)
                        .where(session_token.c.token_hash == token_hash)).scalar()


def revoke_session(conn: Connection, token_hash: str, now: datetime | None = None) -> bool:
    """End one session; True when a live one was revoked."""
    result = conn.execute(
        update(session_token)
        .where(session_token.c.token_hash == token_hash, session_token.c.revoked_at.is_(None))
        .values(revoked_at=as_utc(now or utc_now())))
    return bool(result.rowcount)


def revoke_all(conn: Connection, username: str, now: datetime | None = None) -> int:
    """End every session of ``username``; returns how many."""
    result = conn.execute(
        update(session_token)
        .where(session_token.c.username == username, session_token.c.revoked_at.is_(None))
        .values(revoked_at=as_utc(now or utc_now())))
    return int(result.rowcount or 0)
