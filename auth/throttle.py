"""Slowing down password guessing: a growing delay per account and per source.

After ``threshold`` failures in a row an account (or a source address) waits one minute,
then two, four … up to a cap, so a guesser is slowed to a crawl while a colleague who
mistyped is never locked out for long. A success clears the account's count; an admin can
clear it too. The clock is a parameter so tests need no sleeping.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, func, insert, select, update

from core.timezone import as_utc, utc_now
from store import audit
from store.schema import login_attempt

NAME_LIMIT = 64  # the width of login_attempt.username / source


@dataclass(frozen=True)
class Policy:
    """How many failures are free and how the wait grows after that."""

    account_threshold: int = 3
    # A whole office may sit behind one address: the source gets more free failures.
    source_threshold: int = 10
    first_delay: timedelta = timedelta(minutes=1)
    max_delay: timedelta = timedelta(minutes=15)
    # Failures older than this no longer count (bounds the work and forgives old typos).
    window: timedelta = timedelta(hours=24)


DEFAULT_POLICY = Policy()


def delay_after(failures: int, threshold: int, policy: Policy = DEFAULT_POLICY) -> timedelta:
    """The wait after ``failures`` consecutive failures (zero below the threshold).

    >>> [int(delay_after(n, 3).total_seconds() // 60) for n in (2, 3, 4, 5, 9)]
    [0, 1, 2, 4, 15]
    """
    if failures < threshold:
        return timedelta(0)
    doublings = min(failures - threshold, 16)  # 2**16 minutes is far beyond any cap
    return min(policy.first_delay * (2 ** doublings), policy.max_delay)


def minutes_left(wait: timedelta) -> int:
    """A wait as whole minutes for the message, rounded up (never 0 while locked)."""
    return max(1, math.ceil(wait.total_seconds() / 60))


def _clip(text: str) -> str:
    return (text or "")[:NAME_LIMIT]


def _failures(conn: Connection, column, key: str, since: datetime) -> tuple[int, datetime | None]:
    """Uncleared failures of one account or source since ``since``: (count, the latest)."""
    row = conn.execute(
        select(func.count(), func.max(login_attempt.c.at)).where(
            column == key, login_attempt.c.success.is_(False),
            login_attempt.c.cleared.is_(False), login_attempt.c.at >= since)
    ).one()
    latest = as_utc(row[1]) if row[1] is not None else None
    return int(row[0] or 0), latest


def _last_success(conn: Connection, username: str) -> datetime | None:
    found = conn.execute(
        select(func.max(login_attempt.c.at)).where(
            login_attempt.c.username == username, login_attempt.c.success.is_(True))
    ).scalar()
    return as_utc(found) if found is not None else None


def wait_for(conn: Connection, username: str, source: str, now: datetime | None = None,
             policy: Policy = DEFAULT_POLICY) -> timedelta:
    """How long ``username`` signing in from ``source`` must still wait (zero: go ahead)."""
    now = as_utc(now or utc_now())
    username, source = _clip(username), _clip(source)
    since = now - policy.window
    success = _last_success(conn, username)
    account_since = max(since, success) if success else since
    waits = [timedelta(0)]
    for column, key, start, threshold in (
        (login_attempt.c.username, username, account_since, policy.account_threshold),
        (login_attempt.c.source, source, since, policy.source_threshold),
    ):
        count, latest = _failures(conn, column, key, start)
        if latest is not None:
            waits.append(latest + delay_after(count, threshold, policy) - now)
    return max(waits)


def record_attempt(conn: Connection, username: str, source: str, success: bool,
                   now: datetime | None = None, policy: Policy = DEFAULT_POLICY) -> timedelta:
    """Store one attempt; a failure is audited, and so is the lockout it starts.

    Returns the wait that now applies (zero after a success). Never stores the password.
    """
    now = as_utc(now or utc_now())
    username, source = _clip(username), _clip(source)
    conn.execute(insert(login_attempt).values(
        username=username, source=source, at=now, success=success, cleared=False))
    if success:
        return timedelta(0)
    audit.record(conn, username or "?", "auth.failure", "user", username, None,
                 {"source": source}, None)
    wait = wait_for(conn, username, source, now, policy)
    if wait > timedelta(0):
        audit.record(conn, username or "?", "auth.lockout", "user", username, None,
                     {"source": source, "minutes": minutes_left(wait)}, None)
    return wait


def unlock(conn: Connection, username: str, actor: str, actor_role: str,
           source: str | None = None) -> int:
    """Admin: forget the failures of ``username`` (and of ``source`` if given); audited.

    Returns how many failures were cleared.
    """
    from auth.roles import require

    require(actor_role, "admin.accounts")
    cond = login_attempt.c.username == _clip(username)
    if source:
        cond = cond | (login_attempt.c.source == _clip(source))
    cleared = conn.execute(
        update(login_attempt)
        .where(cond, login_attempt.c.success.is_(False), login_attempt.c.cleared.is_(False))
        .values(cleared=True)
    ).rowcount
    audit.record(conn, actor, "user.unlock", "user", username, None,
                 {"cleared": cleared, "source": source})
    return int(cleared or 0)


def locked_accounts(conn: Connection, now: datetime | None = None,
                    policy: Policy = DEFAULT_POLICY) -> dict[str, int]:
    """Accounts waiting right now → minutes left (for the admin's accounts tab)."""
    now = as_utc(now or utc_now())
    names = conn.execute(
        select(login_attempt.c.username).distinct().where(
            login_attempt.c.success.is_(False), login_attempt.c.cleared.is_(False),
            login_attempt.c.at >= now - policy.window)
    ).scalars().all()
    out: dict[str, int] = {}
    for name in names:
        success = _last_success(conn, name)
        start = max(now - policy.window, success) if success else now - policy.window
        count, latest = _failures(conn, login_attempt.c.username, name, start)
        if latest is not None:
            wait = latest + delay_after(count, policy.account_threshold, policy) - now
            if wait > timedelta(0):
                out[name] = minutes_left(wait)
    return out
