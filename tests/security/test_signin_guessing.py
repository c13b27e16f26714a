"""Guessing passwords is slowed; the owner is never locked out (issue #11, "Sign-in").

The class behind the reported cases: failures from anywhere used to lock the account for
everyone, the right password included, and a trickle of guesses kept it locked for good.
Now (``auth.throttle``, ``auth.device``): a browser that signed in before carries a device
cookie and waits only for its own failures; strangers' failures slow strangers; a network
(IPv4 address, IPv6 /64) slows only its unknown devices; parallel guesses are counted while
they are checked, on SQLite and PostgreSQL alike. Clock injected: no sleeping.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, func, select

from actions.base import ActionError, Done
from actions.signin import LOCKED, WRONG, sign_in
from auth import device as devices
from auth.throttle import DEFAULT_POLICY, source_key
from store.audit_queries import audit_rows
from store.schema import login_attempt
from tests.auth.conftest import PASSWORD, make_accounts

T0 = datetime(2024, 3, 1, 2, 0, tzinfo=UTC)
SECRET = b"s" * 40
OWNER = "vanphong"


@pytest.fixture
def db(engine: Engine) -> Engine:
    """Both databases (tests/conftest.py ``engine``), with the four accounts."""
    make_accounts(engine)
    return engine


def _try(engine: Engine, password: str, at: datetime, source: str = "198.51.100.7",
         cookie: str | None = None, user: str = OWNER) -> Done | ActionError:
    try:
        return sign_in(engine, user, password, source, now=at, device_cookie=cookie,
                       secret=SECRET)
    except ActionError as refused:
        return refused


def _key(outcome: Done | ActionError) -> str:
    return outcome.key if isinstance(outcome, ActionError) else "ok"


def _owner_device(engine: Engine, at: datetime = T0 - timedelta(days=3)) -> str:
    """The owner signs in once from their own browser: its device cookie."""
    done = _try(engine, PASSWORD, at, source="203.0.113.10")
    assert isinstance(done, Done)
    return done.value.device_cookie


def test_owner_signs_in_during_a_guessing_attack(db: Engine) -> None:
    cookie = _owner_device(db)
    # A stranger guesses until strangers must wait, from many addresses.
    outcomes = [_try(db, f"doan-{i}", T0 + timedelta(seconds=i), source=f"192.0.2.{i}")
                for i in range(12)]
    assert [_key(o) for o in outcomes][:4] == [WRONG] * 4
    assert {_key(o) for o in outcomes[4:]} == {LOCKED}  # the 5th failure starts the wait
    # The stranger's right guess is not even checked while strangers wait...
    assert _key(_try(db, PASSWORD, T0 + timedelta(seconds=20), source="192.0.2.99")) == LOCKED
    # ... but the owner's browser gets in with the right password, at once, from anywhere.
    done = _try(db, PASSWORD, T0 + timedelta(seconds=21), source="100.64.0.1", cookie=cookie)
    assert isinstance(done, Done) and done.value.user.username == OWNER
    # The owner's success does not forgive the stranger.
    assert _key(_try(db, PASSWORD, T0 + timedelta(seconds=22), source="192.0.2.99")) == LOCKED


def test_a_trickle_of_guesses_never_keeps_the_owner_out(db: Engine) -> None:
    """One guess every 15 minutes for a day (the reported "admin out forever")."""
    cookie = _owner_device(db)
    at = T0
    for _ in range(96):
        _try(db, "doan", at, source="192.0.2.1")
        at += timedelta(minutes=15)
        assert _key(_try(db, PASSWORD, at + timedelta(seconds=1), cookie=cookie,
                         source="203.0.113.10")) == "ok"


def test_the_owner_mistyping_on_their_own_device_is_slowed_on_that_device_only(
        db: Engine) -> None:
    cookie = _owner_device(db)
    typos = [_try(db, "go-nham", T0 + timedelta(seconds=i), cookie=cookie)
             for i in range(DEFAULT_POLICY.device_threshold)]
    assert [_key(o) for o in typos] == [WRONG] * 4 + [LOCKED]
    # That device waits (even with the right password) ...
    assert _key(_try(db, PASSWORD, T0 + timedelta(seconds=30), cookie=cookie)) == LOCKED
    # ... strangers (unknown devices) were not slowed by the owner's typos ...
    assert _key(_try(db, PASSWORD, T0 + timedelta(seconds=31), source="192.0.2.5")) == "ok"
    # ... and after the minute the device gets in.
    assert _key(_try(db, PASSWORD, T0 + timedelta(minutes=2), cookie=cookie)) == "ok"


@pytest.mark.parametrize("tamper", [
    lambda c: c[:-2] + ("AA" if not c.endswith("AA") else "BB"),  # signature changed
    lambda c: c.replace(c.split(".")[0], devices._b64(b"lanhdao"), 1),  # other account
    lambda c: "",  # none
    lambda c: "~".join(["x.y.z.w"] * 50),  # junk, many entries
])
def test_a_forged_or_foreign_device_cookie_is_an_unknown_device(db: Engine, tamper) -> None:
    cookie = _owner_device(db)
    for i in range(5):
        _try(db, "doan", T0 + timedelta(seconds=i), source=f"192.0.2.{i}")
    assert _key(_try(db, PASSWORD, T0 + timedelta(seconds=10), cookie=tamper(cookie))) == LOCKED


def test_a_device_cookie_of_another_secret_or_expired_is_unknown(db: Engine) -> None:
    entry, _ = devices.issue(OWNER, b"another-secret" * 3, T0)
    assert devices.known_device(entry, OWNER, SECRET, T0) is None
    old, _ = devices.issue(OWNER, SECRET, T0 - devices.LIFETIME - timedelta(days=1))
    assert devices.known_device(old, OWNER, SECRET, T0) is None
    fresh, nonce = devices.issue(OWNER, SECRET, T0 - devices.LIFETIME + timedelta(days=1))
    assert devices.known_device(fresh, OWNER, SECRET, T0) == nonce


def test_one_cookie_carries_several_accounts_of_a_shared_computer(db: Engine) -> None:
    first = _try(db, PASSWORD, T0, user="lanhdao").value.device_cookie
    both = _try(db, PASSWORD, T0 + timedelta(seconds=1), user=OWNER, cookie=first)
    cookie = both.value.device_cookie
    now = T0 + timedelta(seconds=2)
    assert devices.known_device(cookie, "lanhdao", SECRET, now)
    assert devices.known_device(cookie, OWNER, SECRET, now)
    # Many accounts: the cookie stays bounded, newest first.
    for i in range(20):
        entry, _ = devices.issue(f"u{i}", SECRET, now)
        cookie = devices.with_entry(cookie, entry, f"u{i}", SECRET)
    assert len(cookie.split("~")) == devices.MAX_ENTRIES and len(cookie) < 4000
    assert devices.known_device(cookie, "u19", SECRET, now)
    assert devices.known_device(cookie, "lanhdao", SECRET, now) is None


def test_an_office_behind_one_address_is_not_locked_out_by_one_guesser(db: Engine) -> None:
    colleague = _try(db, PASSWORD, T0 - timedelta(days=1), user="lanhdao",
                     source="203.0.113.50").value.device_cookie
    office = "203.0.113.50"
    names = [f"khong-co-{i}" for i in range(DEFAULT_POLICY.source_threshold + 3)]
    outcomes = [_try(db, "x", T0 + timedelta(seconds=i), source=office, user=name)
                for i, name in enumerate(names)]
    assert _key(outcomes[-1]) == LOCKED  # the guesser's address is slowed for strangers
    # A colleague whose browser signed in before gets in from the same address.
    assert _key(_try(db, PASSWORD, T0 + timedelta(minutes=1), source=office,
                     user="lanhdao", cookie=colleague)) == "ok"
    # Another address is not slowed at all.
    assert _key(_try(db, PASSWORD, T0 + timedelta(minutes=1), source="198.51.100.1",
                     user="chuyenvien")) == "ok"


@pytest.mark.parametrize(("guesser", "neighbour", "same"), [
    ("2001:db8:1:2::1", "2001:db8:1:2:ffff:ffff:ffff:fffe", True),  # same /64
    ("2001:db8:1:2::1", "2001:db8:1:3::1", False),  # the next /64
    ("2001:DB8:0001:0002:0000::0001", "[2001:db8:1:2::9]", True),  # spelled otherwise
    ("::ffff:192.0.2.7", "192.0.2.7", True),  # IPv4-mapped is the IPv4 address
    ("192.0.2.7", "192.0.2.8", False),  # IPv4 counts per address
    ("fe80::1%eth0", "fe80::2", True),  # a zone id does not hide the network
])
def test_ipv6_sources_are_counted_per_64(db: Engine, guesser: str, neighbour: str,
                                         same: bool) -> None:
    """Rotating addresses inside one /64 does not buy more guesses."""
    assert (source_key(guesser) == source_key(neighbour)) is same
    n = DEFAULT_POLICY.source_threshold
    # Every guess from a different address of the network, at a different account.
    for i in range(n):
        _try(db, "x", T0 + timedelta(seconds=i), source=guesser, user=f"khong-co-{i}")
    slowed = _try(db, "x", T0 + timedelta(seconds=n), source=neighbour, user="khong-co-x")
    assert (_key(slowed) == LOCKED) is same


def test_nobody_waits_longer_than_the_cap_after_the_last_failure(db: Engine) -> None:
    """A guess every 30 s for three hours: the wait grows to the cap and no further."""
    for i in range(360):
        _try(db, "x", T0 + timedelta(seconds=30 * i), source=f"192.0.2.{i % 250}")
    with db.connect() as conn:
        failures, last = conn.execute(select(func.count(), func.max(login_attempt.c.at))
                                      .where(login_attempt.c.success.is_(False))).one()
    last = last if last.tzinfo else last.replace(tzinfo=UTC)
    assert 9 < failures < 360  # slowed (most guesses refused unchecked), yet never locked
    cap = DEFAULT_POLICY.max_delay
    assert _key(_try(db, PASSWORD, last + cap - timedelta(seconds=5))) == LOCKED
    assert _key(_try(db, PASSWORD, last + cap + timedelta(seconds=1))) == "ok"


def test_lockout_and_failures_are_audited_with_where_from(db: Engine) -> None:
    cookie = _owner_device(db)
    _try(db, "x", T0, cookie=cookie, source="2001:db8:5:6::7")
    rows = audit_rows(db, actions=["auth.failure"])
    assert rows[0]["after"] == {"source": "2001:db8:5:6::7", "network": "2001:db8:5:6::/64",
                                "device": True}


@pytest.mark.parametrize("known", [False, True], ids=["unknown-device", "known-device"])
def test_parallel_guesses_are_counted_while_checked(db: Engine, known: bool) -> None:
    """Twelve simultaneous guesses: only as many as the threshold get their password
    checked; the others are told to wait (on both databases)."""
    cookie = _owner_device(db) if known else None
    threshold = (DEFAULT_POLICY.device_threshold if known
                 else DEFAULT_POLICY.account_threshold)
    barrier = threading.Barrier(12)
    outcomes: list = []
    lock = threading.Lock()

    def guess(i: int) -> None:
        barrier.wait()
        outcome = _try(db, f"doan-{i}", T0, source=f"192.0.2.{i}", cookie=cookie)
        with lock:
            outcomes.append(_key(outcome))

    threads = [threading.Thread(target=guess, args=(i,)) for i in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert len(outcomes) == 12
    with db.connect() as conn:
        checked = conn.execute(select(func.count()).select_from(login_attempt).where(
            login_attempt.c.success.is_(False))).scalar()
    # Exactly the threshold's worth were checked (the last of them starts the wait);
    # every other guess was refused unchecked.
    assert checked == threshold
    assert "ok" not in outcomes and outcomes.count(WRONG) + outcomes.count(LOCKED) == 12
    assert outcomes.count(LOCKED) >= 12 - threshold
