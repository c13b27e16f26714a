"""The growing delay after failed sign-ins, per account and per source (clock injected)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, select

from actions.accounts import unlock
from actions.base import FORBIDDEN, ActionError, Done
from actions.signin import LOCKED, WRONG, sign_in, wait_for
from auth.throttle import DEFAULT_POLICY, Policy, delay_after, minutes_left
from store.schema import audit_log, login_attempt
from tests.actors import ADMINISTRATOR, OFFICE
from tests.auth.conftest import PASSWORD

T0 = datetime(2024, 3, 1, 2, 0, tzinfo=UTC)


@pytest.mark.parametrize(("failures", "minutes"), [
    (0, 0), (2, 0), (3, 1), (4, 2), (5, 4), (6, 8), (7, 15), (30, 15), (10_000, 15)])
def test_delay_grows_and_is_capped(failures: int, minutes: int) -> None:
    assert delay_after(failures, 3) == timedelta(minutes=minutes)


def test_the_stated_policy() -> None:
    """The numbers docs/security.md states."""
    assert Policy(account_threshold=5, device_threshold=5,
                                    source_threshold=20, first_delay=timedelta(minutes=1),
                                    max_delay=timedelta(minutes=15),
                                    window=timedelta(hours=24)) == DEFAULT_POLICY


def test_minutes_left_rounds_up() -> None:
    assert minutes_left(timedelta(seconds=61)) == 2
    assert minutes_left(timedelta(seconds=1)) == 1


def _try(engine: Engine, user: str, password: str, source: str, now: datetime,
         policy: Policy | None = None) -> Done | ActionError:
    """The sign-in's outcome: Done, or the refusal."""
    try:
        return sign_in(engine, user, password, source, now=now,
                       **({"policy": policy} if policy else {}))
    except ActionError as refused:
        return refused


def _minutes(outcome: Done | ActionError) -> int | None:
    """The wait a refusal names (None: not locked)."""
    if isinstance(outcome, ActionError) and outcome.key == LOCKED:
        return outcome.params["minutes"]
    return None


def _fail(engine: Engine, n: int, user: str = "vanphong", source: str = "10.0.0.1",
          start: datetime = T0) -> list:
    return [_try(engine, user, "sai", source, start + timedelta(seconds=i)) for i in range(n)]


def test_fifth_failure_slows_unknown_devices_for_a_minute(accounts: Engine) -> None:
    results = _fail(accounts, 5)
    assert [_minutes(r) for r in results] == [None, None, None, None, 1]
    assert [r.key for r in results] == [WRONG, WRONG, WRONG, WRONG, LOCKED]
    assert "tạm dừng" in results[-1].message() and "1 phút" in results[-1].message()
    # Even the right password is not checked while locked.
    locked = _try(accounts, "vanphong", PASSWORD, "10.0.0.9", T0 + timedelta(seconds=30))
    assert isinstance(locked, ActionError) and _minutes(locked) == 1
    # After the minute it works, and the success clears the count.
    ok = sign_in(accounts, "vanphong", PASSWORD, "10.0.0.9", now=T0 + timedelta(minutes=2))
    assert ok.value.user.username == "vanphong" and ok.value.token
    again = _try(accounts, "vanphong", "sai", "10.0.0.9", T0 + timedelta(minutes=3))
    assert isinstance(again, ActionError) and _minutes(again) is None


def test_delay_doubles_with_each_further_failure(accounts: Engine) -> None:
    _fail(accounts, 5)
    late = T0 + timedelta(minutes=5)
    fourth = _try(accounts, "vanphong", "sai", "10.0.0.1", late)
    assert _minutes(fourth) == 2
    with accounts.connect() as conn:
        assert wait_for(conn, "vanphong", "10.0.0.2", late + timedelta(seconds=119)) > timedelta(0)
        assert wait_for(conn, "vanphong", "10.0.0.2", late + timedelta(seconds=121)) == timedelta(0)


def test_a_source_guessing_many_accounts_is_slowed(accounts: Engine) -> None:
    policy = Policy(source_threshold=4)
    for i, name in enumerate(["a", "b", "c", "d"]):
        _try(accounts, name, "x", "6.6.6.6", T0 + timedelta(seconds=i), policy)
    with accounts.connect() as conn:
        later = T0 + timedelta(seconds=10)
        assert wait_for(conn, "lanhdao", "6.6.6.6", later, policy) > timedelta(0)
        assert wait_for(conn, "lanhdao", "7.7.7.7", later, policy) == timedelta(0)


def test_failures_and_lockouts_are_audited_without_the_password(accounts: Engine) -> None:
    _fail(accounts, 5)
    with accounts.connect() as conn:
        actions = conn.execute(select(audit_log.c.action, audit_log.c.after)
                               .where(audit_log.c.entity_id == "vanphong")).all()
        attempts = conn.execute(select(login_attempt)).all()
    assert [a for a, _ in actions].count("auth.failure") == 5
    assert all(after == {"source": "10.0.0.1", "network": "10.0.0.1", "device": False}
               for a, after in actions if a == "auth.failure")
    assert [a for a, _ in actions].count("auth.lockout") == 1
    assert "sai" not in repr(actions) + repr(attempts)


def test_admin_unlocks_and_others_may_not(accounts: Engine) -> None:
    _fail(accounts, 7)
    with pytest.raises(ActionError) as refused:
        unlock(accounts, OFFICE, "vanphong")
    assert refused.value.key == FORBIDDEN
    done = unlock(accounts, ADMINISTRATOR, "vanphong")
    assert done.value == 5  # refused tries while waiting are not attempts
    # The success text counts what was cleared (it once said "( lần sai được xóa)").
    assert done.message() == "Đã gỡ tạm khóa cho 'vanphong' (5 lần sai được xóa)."
    ok = sign_in(accounts, "vanphong", PASSWORD, "10.0.0.1", now=T0 + timedelta(seconds=10))
    assert ok.value.user is not None
