"""Signing in with a password: throttling, the password check and a new session, together.

The one function both the HTML sign-in route and any other front end call, so the same
rules hold everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine

from auth.accounts import User, check_password
from auth.sessions import create_session
from auth.throttle import DEFAULT_POLICY, Policy, minutes_left, record_attempt, wait_for
from core.messages import t
from core.timezone import as_utc, utc_now
from store.engine import write_transaction


@dataclass(frozen=True)
class SignInResult:
    user: User | None = None
    token: str | None = None  # the raw session token for the cookie
    message: str | None = None  # why not, in Vietnamese
    locked_minutes: int | None = None


def sign_in(engine: Engine, username: str, password: str, source: str,
            now: datetime | None = None, policy: Policy = DEFAULT_POLICY) -> SignInResult:
    """Check ``password`` for ``username`` coming from ``source`` (client address).

    While the account or the source must wait, the password is not even checked. A failure
    is recorded (and audited); a success starts a session and returns its token.
    """
    now = as_utc(now or utc_now())
    username = (username or "").strip()
    source = source or "?"
    # Reading only: bcrypt is slow on purpose and must not hold SQLite's write lock.
    with engine.connect() as conn:
        wait = wait_for(conn, username, source, now, policy)
        if wait > timedelta(0):
            minutes = minutes_left(wait)
            return SignInResult(message=t("auth.locked", minutes=minutes),
                                locked_minutes=minutes)
        user = check_password(conn, username, password or "") if username else None
    # The attempt is written in its own transaction so a failure is kept for certain.
    with write_transaction(engine) as conn:
        wait = record_attempt(conn, username, source, user is not None, now, policy)
        if user is None:
            if wait > timedelta(0):
                minutes = minutes_left(wait)
                return SignInResult(message=t("auth.locked", minutes=minutes),
                                    locked_minutes=minutes)
            return SignInResult(message=t("auth.wrong_credentials"))
        token = create_session(conn, user.username, now)
    return SignInResult(user=user, token=token)
