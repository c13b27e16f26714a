"""Shared pieces of the auth tests: fast password hashing, accounts, a submission."""

from __future__ import annotations

import bcrypt
import pytest
from sqlalchemy import Engine

from actions.accounts import create_account
from actions.base import Actor
from auth.permissions import ADMIN, ANALYST, EDITOR, VIEWER

PASSWORD = "mật-khẩu-đúng"
ACCOUNTS = (("lanhdao", VIEWER, None), ("chuyenvien", ANALYST, "TTKT"),
            ("vanphong", EDITOR, None), ("quantri", ADMIN, None))


@pytest.fixture(autouse=True)
def fast_bcrypt(monkeypatch: pytest.MonkeyPatch) -> None:
    """bcrypt at its lowest cost: the tests check behaviour, not hashing speed."""
    real = bcrypt.gensalt
    monkeypatch.setattr(bcrypt, "gensalt", lambda rounds=12, prefix=b"2b": real(4, prefix))


def make_accounts(engine: Engine) -> None:
    for name, role, unit in ACCOUNTS:
        create_account(engine, Actor("test", ADMIN), name, PASSWORD, role, name.title(), unit)


@pytest.fixture
def accounts(sqlite_engine: Engine) -> Engine:
    make_accounts(sqlite_engine)
    return sqlite_engine
