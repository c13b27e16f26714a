"""Signing in and out: the throttle's bookkeeping, the session, and their audit rows.

The one place both the HTML sign-in route (``web.signin``) and any other front end go
through, so the same rules hold everywhere. Unlike other refusals, a refused sign-in is
itself written down (the attempt, ``auth.failure`` and, when it starts a wait,
``auth.lockout``) before the ``ActionError`` is raised: that record is what slows the next
guess.

A sign-in runs in three steps so that a burst of parallel guesses cannot all be checked:
1. one short write transaction (serialised by ``store.login_attempts.lock_attempts``)
   decides whether this browser must wait and, if not, records the attempt as a failure;
2. the password is checked outside any transaction (hashing is slow on purpose);
3. a second transaction turns the attempt into a success (session, audit, a bcrypt hash
   replaced by argon2id) or audits the failure.
The throttle's policy is in ``auth.throttle``; device cookies in ``auth.device``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, Engine

from actions.base import ActionError, Done
from auth import device as devices
from auth.passwords import check_password, hash_password, scheme
from auth.sessions import SESSION_LIFETIME, new_token, token_hash
from auth.throttle import (
    DEFAULT_POLICY,
    Failures,
    Policy,
    account_wait,
    clip,
    count_since,
    known_device_wait,
    minutes_left,
    source_key,
    unknown_device_wait,
    window_start,
)
from core.timezone import as_utc, utc_now
from store import audit
from store.engine import write_transaction
from store.login_attempts import (
    account_failures,
    device_failures,
    failing_accounts,
    insert_attempt,
    last_success,
    lock_attempts,
    mark_success,
    source_failures,
)
from store.sessions import insert_session, revoke_session, session_username
from store.users import User, replace_password_hash, sign_in_record

LOCKED, WRONG = "auth.locked", "auth.wrong_credentials"


@dataclass(frozen=True)
class SignedIn:
    user: User
    token: str  # the raw session token for the cookie (kept nowhere else)
    device_cookie: str  # the new value of the device cookie (auth.device)


def wait_for(conn: Connection, username: str, source: str, now: datetime | None = None,
             policy: Policy = DEFAULT_POLICY, device: str | None = None) -> timedelta:
    """How long ``username`` signing in from ``source`` must still wait (zero: go ahead).

    ``device`` is the nonce of the browser's valid device cookie for this account: such a
    browser waits only for its own failures; any other waits for the account's failures
    from unknown devices and for its network's.
    """
    now = as_utc(now or utc_now())
    username = clip(username)
    if device is not None:
        since = count_since(now, last_success(conn, username, device), policy)
        own = Failures(*device_failures(conn, username, device, since))
        return known_device_wait(own, now, policy)
    since = count_since(now, last_success(conn, username), policy)
    account = Failures(*account_failures(conn, username, since))
    network = Failures(*source_failures(conn, source_key(source), window_start(now, policy)))
    return unknown_device_wait(account, network, now, policy)


def locked_accounts(conn: Connection, now: datetime | None = None,
                    policy: Policy = DEFAULT_POLICY) -> dict[str, int]:
    """Accounts unknown devices must wait for right now → minutes left (the admin's
    accounts tab)."""
    now = as_utc(now or utc_now())
    out: dict[str, int] = {}
    for name in failing_accounts(conn, window_start(now, policy)):
        since = count_since(now, last_success(conn, name), policy)
        left = account_wait(Failures(*account_failures(conn, name, since)), now, policy)
        if left > timedelta(0):
            out[name] = minutes_left(left)
    return out


def _locked(wait_time: timedelta) -> ActionError:
    return ActionError(LOCKED, minutes=minutes_left(wait_time))


def _where(source: str, network: str, device: str | None) -> dict[str, object]:
    """What the audit row says about where an attempt came from (never the password)."""
    return {"source": clip(source), "network": network, "device": device is not None}


def sign_in(engine: Engine, username: str, password: str, source: str,
            now: datetime | None = None, policy: Policy = DEFAULT_POLICY,
            device_cookie: str | None = None,
            secret: bytes | None = None) -> Done[SignedIn]:
    """Check ``password`` for ``username`` coming from ``source`` (the client address) in
    a browser showing ``device_cookie`` (or none).

    While this browser must wait the password is not even checked (``auth.locked``). A
    failure is recorded and audited (``auth.failure``, and ``auth.lockout`` when it starts a
    wait); a success starts a session, audited as ``auth.signin``, and returns its token
    with the browser's new device cookie. A bcrypt hash is replaced by an argon2id hash of
    the same password (``user.password_upgrade``).
    """
    now = as_utc(now or utc_now())
    username = (username or "").strip()
    secret = secret if secret is not None else devices.server_secret()
    name, network = clip(username), source_key(source)
    device = devices.known_device(device_cookie, username, secret, now) if username else None
    where = _where(source or "?", network, device)

    with write_transaction(engine) as conn:
        lock_attempts(conn)
        waiting = wait_for(conn, name, network, now, policy, device)
        if waiting > timedelta(0):
            raise _locked(waiting)  # nothing written: a refused wait is not an attempt
        attempt = insert_attempt(conn, name, network, False, now, device)
        found = sign_in_record(conn, username) if username else None

    checked = check_password(password or "", found[1] if found else None)
    user = found[0] if found and checked.ok else None

    with write_transaction(engine) as conn:
        if user is None:
            audit.record(conn, name or "?", "auth.failure", "user", name, None, where)
            lock_attempts(conn)
            waiting = wait_for(conn, name, network, now, policy, device)
            if waiting > timedelta(0):
                audit.record(conn, name or "?", "auth.lockout", "user", name, None,
                             {**where, "minutes": minutes_left(waiting)})
        else:
            mark_success(conn, attempt)
            if checked.upgrade:
                replace_password_hash(conn, user.username, hash_password(password))
                audit.record(conn, user.username, "user.password_upgrade", "user",
                             user.username, {"scheme": scheme(found[1])},
                             {"scheme": "argon2id"})
            token = new_token()
            insert_session(conn, token_hash(token), user.username, now, SESSION_LIFETIME)
            audit.record(conn, user.username, "auth.signin", "user", user.username, None,
                         {**where, "method": "password"})
    if user is None:
        raise _locked(waiting) if waiting > timedelta(0) else ActionError(WRONG)
    entry, _nonce = devices.issue(user.username, secret, now)
    cookie = devices.with_entry(device_cookie, entry, user.username, secret)
    return Done("auth.signed_in", {"name": user.display_name},
                SignedIn(user, token, cookie))


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
            audit.record(conn, who, "auth.signout", "user", who, None,
                         {"source": clip(source), "method": "password"})
    return Done("auth.signed_out", value=ended)


def sso_signed_in(engine: Engine, user: User, identity: tuple[str, str],
                  source: str = "?") -> Done[None]:
    """A single sign-on identity linked to ``user`` opened a session (``auth.signin``)."""
    issuer, subject = identity
    with write_transaction(engine) as conn:
        audit.record(conn, user.username, "auth.signin", "user", user.username, None,
                     {"source": clip(source), "method": "sso", "issuer": issuer,
                      "subject": subject})
    return Done("auth.signed_in", {"name": user.display_name})


def sso_refused(engine: Engine, claims: Mapping[str, object],
                identity: tuple[str, str] | None, source: str = "?") -> Done[None]:
    """A single sign-on identity that is linked to no active account was turned away
    (``auth.failure``, method ``sso``; the identity, never a token)."""
    issuer, subject = identity or ("", "")
    named = claims.get("preferred_username") or claims.get("email") or ""
    with write_transaction(engine) as conn:
        audit.record(conn, clip(f"sso:{subject}") if subject else "sso:?", "auth.failure",
                     "user", clip(str(named)) or None, None,
                     {"source": clip(source), "method": "sso", "issuer": issuer,
                      "subject": subject, "reason": "unlinked" if identity else "no_subject"})
    return Done("auth.sso_no_account")


def sso_signed_out(engine: Engine, user: User, source: str = "?") -> Done[None]:
    """A single sign-on session ended (``auth.signout``)."""
    with write_transaction(engine) as conn:
        audit.record(conn, user.username, "auth.signout", "user", user.username, None,
                     {"source": clip(source), "method": "sso"})
    return Done("auth.signed_out")
