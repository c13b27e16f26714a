"""Sign-in sessions: random tokens kept by the browser in a cookie, stored here hashed.

The browser holds the raw token (HttpOnly cookie set by the server route in ``auth.web``);
the database holds only its SHA-256, so a copy of the database cannot be replayed. A token
expires, and is revoked by sign-out and by any password change of its user.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import Connection, insert, select, update

from auth.accounts import User, get_user
from core.timezone import as_utc, utc_now
from store.schema import app_user, session_token

COOKIE_NAME = "skhcn_session"
SESSION_LIFETIME = timedelta(hours=12)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_session(conn: Connection, username: str, now: datetime | None = None,
                   lifetime: timedelta = SESSION_LIFETIME) -> str:
    """A new random token for ``username``; returns the raw token (store it nowhere else)."""
    now = as_utc(now or utc_now())
    token = secrets.token_urlsafe(32)
    conn.execute(insert(session_token).values(
        token_hash=token_hash(token), username=username, created_at=now,
        expires_at=now + lifetime, revoked_at=None))
    return token


def user_for_token(conn: Connection, token: str | None,
                   now: datetime | None = None) -> User | None:
    """The active user of a live token; None when unknown, expired, revoked or disabled."""
    if not token:
        return None
    now = as_utc(now or utc_now())
    row = conn.execute(
        select(session_token, app_user.c.password_changed_at)
        .join(app_user, app_user.c.username == session_token.c.username)
        .where(session_token.c.token_hash == token_hash(token))
    ).first()
    if row is None or row.revoked_at is not None or as_utc(row.expires_at) <= now:
        return None
    changed = row.password_changed_at
    # Belt and braces: a token older than the last password change is dead even if the
    # revocation was missed (e.g. a password set by hand in the database).
    if changed is not None and as_utc(changed) > as_utc(row.created_at):
        return None
    return get_user(conn, row.username)


def revoke(conn: Connection, token: str | None, now: datetime | None = None) -> bool:
    """End one session (sign-out); True when a live token was revoked."""
    if not token:
        return False
    result = conn.execute(
        update(session_token)
        .where(session_token.c.token_hash == token_hash(token),
               session_token.c.revoked_at.is_(None))
        .values(revoked_at=as_utc(now or utc_now())))
    return bool(result.rowcount)


def revoke_all(conn: Connection, username: str, now: datetime | None = None) -> int:
    """End every session of ``username`` (password change, disabling); returns how many."""
    result = conn.execute(
        update(session_token)
        .where(session_token.c.username == username, session_token.c.revoked_at.is_(None))
        .values(revoked_at=as_utc(now or utc_now())))
    return int(result.rowcount or 0)
