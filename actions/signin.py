"""Signing in and out: the throttle's bookkeeping, the session, and their audit rows.

The one place both the HTML sign-in route (``web.signin``) and any other front end go
through, so the same rules hold everywhere. Unlike other refusals, a refused sign-in is
itself written down (the attempt, ``auth.failure`` and, when it starts one, ``auth.lockout``)
before the ``ActionError`` is raised: that record is what slows the next guess.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, Engine

from actions.base import ActionError, Done
from auth.passwords import verify_password
from auth.sessions import SESSION_LIFETIME, new_token, token_hash
from auth.throttle import (
    DEFAULT_POLICY,
    Failures,
    Policy,
    account_since,
    account_wait,
    clip,
    minutes_left,
    wait,
    window_start,
)
from core.timezone import as_utc, utc_now
from store import audit
from store.engine import write_transaction
from store.login_attempts import (
    account_failures,
    failing_accounts,
    insert_attempt,
    last_success,
    source_failures,
)
from store.sessions import insert_session, revoke_session, session_username
from store.users import User, sign_in_record

LOCKED, WRONG = "auth.locked", "auth.wrong_credentials"


@dataclass(frozen=True)
class SignedIn:
    user: User
    token: str  # the raw session token for the cookie (kept nowhere else)


def wait_for(conn: Connection, username: str, source: str, now: datetime | None = None,
             policy: Policy = DEFAULT_POLICY) -> timedelta:
    """How long ``username`` signing in from ``source`` must still wait (zero: go ahead)."""
    now = as_utc(now or utc_now())
    username, source = clip(username), clip(source)
    since = account_since(now, last_success(conn, username), policy)
    account = Failures(*account_failures(conn, username, since))
    from_source = Failures(*source_failures(conn, source, window_start(now, policy)))
    return wait(account, from_source, now, policy)


def locked_accounts(conn: Connection, now: datetime | None = None,
                    policy: Policy = DEFAULT_POLICY) -> dict[str, int]:
    """Accounts waiting right now → minutes left (the admin's accounts tab)."""
    now = as_utc(now or utc_now())
    out: dict[str, int] = {}
    for name in failing_accounts(conn, window_start(now, policy)):
        since = account_since(now, last_success(conn, name), policy)
        left = account_wait(Failures(*account_failures(conn, name, since)), now, policy)
        if left > timedelta(0):
            out[name] = minutes_left(left)
    return out


def _locked(wait_time: timedelta) -> ActionError:
    return ActionError(LOCKED, minutes=minutes_left(wait_time))


def sign_in(engine: Engine, username: str, password: str, source: str,
            now: datetime | None = None, policy: Policy = DEFAULT_POLICY) -> Done[SignedIn]:
    """Check ``password`` for ``username`` coming from ``source`` (the client address).

    While the account or the source must wait, the password is not even checked
    (``auth.locked``). A failure is recorded and audited (``auth.failure``, and
    ``auth.lockout`` when it starts a wait); a success starts a session, audited as
    ``auth.signin``, and returns its token.
    """
    now = as_utc(now or utc_now())
    username = (username or "").strip()
    source = source or "?"
    # Reading only: bcrypt is slow on purpose and must not hold SQLite's write lock.
    with engine.connect() as conn:
        waiting = wait_for(conn, username, source, now, policy)
        if waiting > timedelta(0):
            raise _locked(waiting)
        found = sign_in_record(conn, username) if username else None
    user = found[0] if found and verify_password(password or "", found[1]) else None
    name, where = clip(username), clip(source)
    # The attempt is written in its own transaction so that a failure is kept for certain.
    with write_transaction(engine) as conn:
        insert_attempt(conn, name, where, user is not None, now)
        if user is None:
            audit.record(conn, name or "?", "auth.failure", "user", name, None,
                         {"source": where})
            waiting = wait_for(conn, name, where, now, policy)
            if waiting > timedelta(0):
                audit.record(conn, name or "?", "auth.lockout", "user", name, None,
                             {"source": where, "minutes": minutes_left(waiting)})
        else:
            token = new_token()
            insert_session(conn, token_hash(token), user.username, now, SESSION_LIFETIME)
            audit.record(conn, user.username, "auth.signin", "user", user.username, None,
                         {"source": where})
    if user is None:
        raise _locked(waiting) if waiting > timedelta(0) else ActionError(WRONG)
    return Done("auth.signed_in", {"name": user.display_name}, SignedIn(user, token))


def sign_out(engine: Engine, token: str | None, source: str = "?",
             now: datetime | None = None) -> Done[bool]:
    """End the session of ``token`` (the sign-out route), audited as ``auth.signout``.

    Anyone holding the cookie may end its session, so there is no permission to check; a
    token that is unknown or already ended changes nothing (value False, no audit row).
    """
    if not token:
        return Done("auth.signed_out", value=False)
    now = as_utc(now or utc_now())
    digest = token_hash(token)
    with write_transaction(engine) as conn:
        ended = revoke_session(conn, digest, now)
        if ended:
            who = session_username(conn, digest) or "?"
            audit.record(conn, who, "auth.signout", "user", who, None, {"source": clip(source)})
    return Done("auth.signed_out", value=ended)
