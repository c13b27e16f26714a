"""Slowing down password guessing: a growing delay per account and per source (the maths).

After ``threshold`` failures in a row an account (or a source address) waits one minute,
then two, four … up to a cap, so a guesser is slowed to a crawl while a colleague who
mistyped is never locked out for long. A success clears the account's count; an admin can
clear it too. The attempts themselves live in ``store.login_attempts``; the sign-in action
(``actions.signin``) reads them and asks :func:`wait` here. The clock is a parameter so
tests need no sleeping.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

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


@dataclass(frozen=True)
class Failures:
    """Uncleared failures of one account or source in the window: how many, the latest."""

    count: int = 0
    latest: datetime | None = None


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


def clip(text: str | None) -> str:
    """A username or source cut to what the table stores."""
    return (text or "")[:NAME_LIMIT]


def window_start(now: datetime, policy: Policy = DEFAULT_POLICY) -> datetime:
    """The oldest failure that still counts."""
    return now - policy.window


def account_since(now: datetime, last_success: datetime | None,
                  policy: Policy = DEFAULT_POLICY) -> datetime:
    """Where an account's count starts: the window, or its last success if later."""
    start = window_start(now, policy)
    return max(start, last_success) if last_success else start


def _wait_one(failures: Failures, threshold: int, now: datetime, policy: Policy) -> timedelta:
    if failures.latest is None:
        return timedelta(0)
    return failures.latest + delay_after(failures.count, threshold, policy) - now


def wait(account: Failures, source: Failures, now: datetime,
         policy: Policy = DEFAULT_POLICY) -> timedelta:
    """How long a sign-in must still wait given the account's and the source's failures
    (zero: go ahead)."""
    return max(timedelta(0), _wait_one(account, policy.account_threshold, now, policy),
               _wait_one(source, policy.source_threshold, now, policy))


def account_wait(account: Failures, now: datetime,
                 policy: Policy = DEFAULT_POLICY) -> timedelta:
    """How long one account must still wait, whatever the source."""
    return max(timedelta(0), _wait_one(account, policy.account_threshold, now, policy))
