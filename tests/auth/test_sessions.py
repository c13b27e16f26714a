"""Session tokens: stored hashed, expiring, revoked by sign-out and by a password change."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, select

from actions.accounts import disable, set_password
from actions.base import FORBIDDEN, ActionError
from actions.signin import sign_in, sign_out
from auth.passwords import verify_password
from auth.sessions import SESSION_LIFETIME, new_token, token_hash
from store.engine import write_transaction
from store.schema import app_user, audit_log, session_token
from store.sessions import insert_session, session_user
from store.users import sign_in_record
from tests.actors import ADMINISTRATOR, OFFICE
from tests.auth.conftest import PASSWORD


def _token(engine: Engine, user: str = "vanphong", now: datetime | None = None) -> str:
    token = new_token()
    with write_transaction(engine) as conn:
        insert_session(conn, token_hash(token), user, now or datetime.now(UTC),
                       SESSION_LIFETIME)
    return token


def _who(engine: Engine, token: str, now: datetime | None = None):
    with engine.connect() as conn:
        found = session_user(conn, token_hash(token) if token else None, now)
    return found.username if found else None


def _password_ok(engine: Engine, username: str, password: str) -> bool:
    with engine.connect() as conn:
        found = sign_in_record(conn, username)
    return found is not None and verify_password(password, found[1])


def test_token_is_stored_only_as_its_hash(accounts: Engine) -> None:
    token = sign_in(accounts, "vanphong", PASSWORD, "10.0.0.1").value.token
    with accounts.connect() as conn:
        stored = conn.execute(select(session_token.c.token_hash)).scalars().all()
    assert stored == [token_hash(token)] and token not in stored
    assert len(token) >= 40
    assert _who(accounts, token) == "vanphong"
    assert _who(accounts, token + "x") is None and _who(accounts, "") is None


def test_token_expires(accounts: Engine) -> None:
    start = datetime.now(UTC) + timedelta(seconds=1)  # after the account was made
    token = _token(accounts, now=start)
    assert _who(accounts, token, start + timedelta(hours=11)) == "vanphong"
    assert _who(accounts, token, start + timedelta(hours=13)) is None


def test_sign_out_revokes(accounts: Engine) -> None:
    token = _token(accounts)
    assert sign_out(accounts, token).value is True
    assert _who(accounts, token) is None
    assert sign_out(accounts, token).value is False  # already ended: nothing to do


def test_password_change_revokes_every_session_and_is_audited(accounts: Engine) -> None:
    first, second = _token(accounts), _token(accounts)
    other = _token(accounts, "lanhdao")
    done = set_password(accounts, OFFICE, "vanphong", "mới-hơn-123")  # own password
    assert done.value == 2
    assert _who(accounts, first) is None and _who(accounts, second) is None
    assert _who(accounts, other) == "lanhdao"
    assert _password_ok(accounts, "vanphong", "mới-hơn-123")
    assert not _password_ok(accounts, "vanphong", PASSWORD)
    with accounts.connect() as conn:
        row = conn.execute(select(audit_log).where(audit_log.c.action == "user.password")).one()
    assert "mới-hơn-123" not in repr(dict(row._mapping))


def test_passwords_are_never_stored_in_plain_text(accounts: Engine) -> None:
    with accounts.connect() as conn:
        hashes = conn.execute(select(app_user.c.password_hash)).scalars().all()
        audit = repr(conn.execute(select(audit_log)).all())
    assert all(h.startswith("$argon2id$") and PASSWORD not in h for h in hashes)
    assert PASSWORD not in audit


def test_only_admin_changes_someone_elses_password(accounts: Engine) -> None:
    with pytest.raises(ActionError) as refused:
        set_password(accounts, OFFICE, "lanhdao", "abcdefg")
    assert refused.value.key == FORBIDDEN
    with pytest.raises(ActionError) as refused:
        set_password(accounts, ADMINISTRATOR, "lanhdao", "abc")  # too short
    assert refused.value.key == "admin.password_too_short"


def test_disabling_ends_sessions(accounts: Engine) -> None:
    token = _token(accounts, "lanhdao")
    disable(accounts, ADMINISTRATOR, "lanhdao")
    assert _who(accounts, token) is None
