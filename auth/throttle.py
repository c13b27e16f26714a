"""Slowing down password guessing without locking out the owner (the maths).

OWASP's "device cookie" pattern: a browser that has signed in to an account before carries a
signed device cookie (``auth.device``). Failures are counted in three buckets:

- a **known device** (a valid device cookie for the account being signed in to) counts its
  own failures only; after ``device_threshold`` of them that device waits;
- **unknown devices** of an account: after ``account_threshold`` failures from browsers
  without the account's device cookie, every unknown device waits for that account — the
  owner's known devices do not;
- a **source network** (an IPv4 address, an IPv6 /64): after ``source_threshold`` failures
  from unknown devices there, unknown devices from that network wait.

A wait is one minute after the latest failure, then two, four … capped at ``max_delay``:
nobody waits longer than that after the last failure, and failures older than ``window``
no longer count. A success clears its bucket (an unknown device's success the unknown-device
bucket, a device's success that device's); an admin clears an account's buckets. The
attempts live in ``store.login_attempts``; ``actions.signin`` counts them atomically and asks
:func:`unknown_device_wait` / :func:`known_device_wait` here. The clock is a parameter so
tests need no sleeping.
"""

from __future__ import annotations

import ipaddress
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

NAME_LIMIT = 64  # the width of login_attempt.username / source


@dataclass(frozen=True)
class Policy:
    """How many failures are free and how the wait grows after that."""

    # Failures from unknown devices an account allows before unknown devices wait.
    account_threshold: int = 5
    # Failures one known device (a valid device cookie) allows before it waits.
    device_threshold: int = 5
    # A whole office may sit behind one address: a network gets more free failures.
    source_threshold: int = 20
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


def count_since(now: datetime, last_success: datetime | None,
                policy: Policy = DEFAULT_POLICY) -> datetime:
    """Where a bucket's count starts: the window, or its last success if later."""
    start = window_start(now, policy)
    return max(start, last_success) if last_success else start


def _wait_one(failures: Failures, threshold: int, now: datetime, policy: Policy) -> timedelta:
    if failures.latest is None:
        return timedelta(0)
    return failures.latest + delay_after(failures.count, threshold, policy) - now


def unknown_device_wait(account: Failures, source: Failures, now: datetime,
                        policy: Policy = DEFAULT_POLICY) -> timedelta:
    """How long a browser without the account's device cookie must still wait, given the
    account's failures from unknown devices and its network's (zero: go ahead)."""
    return max(timedelta(0), _wait_one(account, policy.account_threshold, now, policy),
               _wait_one(source, policy.source_threshold, now, policy))


def known_device_wait(device: Failures, now: datetime,
                      policy: Policy = DEFAULT_POLICY) -> timedelta:
    """How long a known device must still wait, given its own failures only."""
    return max(timedelta(0), _wait_one(device, policy.device_threshold, now, policy))


def account_wait(account: Failures, now: datetime,
                 policy: Policy = DEFAULT_POLICY) -> timedelta:
    """How long unknown devices must still wait for one account, whatever the network."""
    return max(timedelta(0), _wait_one(account, policy.account_threshold, now, policy))


def source_key(address: str | None) -> str:
    """The network an address is counted in: an IPv4 address itself (/32), an IPv6 address's
    /64 (one household or office gets a whole /64), an IPv4-mapped IPv6 address as IPv4.
    Anything else (no address, a Unix socket) is counted as its text.

    >>> source_key("203.0.113.7"), source_key("2001:db8:1:2:aaaa::1")
    ('203.0.113.7', '2001:db8:1:2::/64')
    >>> source_key("::ffff:198.51.100.2"), source_key("[2001:DB8::1]")
    ('198.51.100.2', '2001:db8::/64')
    """
    text = (address or "").strip()
    try:
        ip = ipaddress.ip_address(text.strip("[]").split("%", 1)[0])
    except ValueError:
        return clip(text or "?")
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if isinstance(ip, ipaddress.IPv4Address):
        return str(ip)
    return str(ipaddress.IPv6Network((ip, 64), strict=False))
