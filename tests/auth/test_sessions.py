"""Session tokens: stored hashed, expiring, revoked by sign-out and by a password change."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, select

from auth.accounts import AccountError, check_password, set_active, set_password
from auth.roles import EDITOR, PermissionDenied
from auth.sessions import create_session, revoke, token_hash, user_for_token
from store.engine import write_transaction
from store.schema import app_user, audit_log, session_token
from tests.auth.conftest import PASSWORD


def _token(engine: Engine, user: str = "vanphong", now: datetime | None = None) -> str:
    with write_transaction(engine) as conn:
        return create_session(conn, user, now)


def _who(engine: Engine, token: str, now: datetime | None = None):
    with engine.connect() as conn:
        found = user_for_token(conn, token, now)
    return found.username if found else None


def test_token_is_stored_only_as_its_hash(accounts: Engine) -> None:
    token = _token(accounts)
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
    with write_transaction(accounts) as conn:
        assert revoke(conn, token)
    assert _who(accounts, token) is None


def test_password_change_revokes_every_session_and_is_audited(accounts: Engine) -> None:
    first, second = _token(accounts), _token(accounts)
    other = _token(accounts, "lanhdao")
    with write_transaction(accounts) as conn:
        set_password(conn, "vanphong", "mới-hơn-123", "vanphong", EDITOR)  # own password
    assert _who(accounts, first) is None and _who(accounts, second) is None
    assert _who(accounts, other) == "lanhdao"
    with accounts.connect() as conn:
        assert check_password(conn, "vanphong", "mới-hơn-123") is not None
        assert check_password(conn, "vanphong", PASSWORD) is None
        row = conn.execute(select(audit_log).where(audit_log.c.action == "user.password")).one()
    assert "mới-hơn-123" not in repr(dict(row._mapping))


def test_passwords_are_never_stored_in_plain_text(accounts: Engine) -> None:
    with accounts.connect() as conn:
        hashes = conn.execute(select(app_user.c.password_hash)).scalars().all()
        audit = repr(conn.execute(select(audit_log)).all())
    assert all(h.startswith("$2b$") and PASSWORD not in h for h in hashes)
    assert PASSWORD not in audit


def test_only_admin_changes_someone_elses_password(accounts: Engine) -> None:
    with write_transaction(accounts) as conn, pytest.raises(PermissionDenied):
        set_password(conn, "lanhdao", "abcdefg", "vanphong", EDITOR)
    with write_transaction(accounts) as conn, pytest.raises(AccountError):
        set_password(conn, "lanhdao", "abc", "quantri", "admin")  # too short


def test_disabling_ends_sessions(accounts: Engine) -> None:
    token = _token(accounts, "lanhdao")
    with write_transaction(accounts) as conn:
        set_active(conn, "lanhdao", False, "quantri", "admin")
    assert _who(accounts, token) is None
