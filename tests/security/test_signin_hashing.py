"""Password hashing: the same work for every username (timing), long passphrases,
bcrypt hashes replaced by argon2id at the next sign-in (issue #11, "Sign-in")."""

from __future__ import annotations

import statistics
import time
from datetime import UTC, datetime, timedelta

import bcrypt
import pytest
from argon2 import PasswordHasher, extract_parameters
from sqlalchemy import Engine, select

import auth.passwords as passwords
from actions.accounts import create_account, disable, set_password
from actions.base import ActionError, Actor
from actions.signin import WRONG, sign_in
from auth.permissions import ADMIN, VIEWER
from auth.sessions import token_hash
from store.audit_queries import audit_rows
from store.engine import write_transaction
from store.schema import app_user
from store.sessions import session_user
from store.users import update_password_hash
from tests.auth.conftest import PASSWORD, make_accounts

T0 = datetime(2024, 3, 1, 2, 0, tzinfo=UTC)
ADMIN_ACTOR = Actor("test", ADMIN)
# 30 Vietnamese words: 170 bytes in UTF-8, far past bcrypt's 72.
PASSPHRASE = ("Trăm năm trong cõi người ta chữ tài chữ mệnh khéo là ghét nhau "
              "trải qua một cuộc bể dâu những điều trông thấy mà đau đớn lòng")


class CountingHasher(PasswordHasher):
    """argon2id that counts its checks and remembers the parameters of each."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.checks: list[tuple[int, int, int]] = []

    def verify(self, hash, password):
        p = extract_parameters(hash)
        self.checks.append((p.time_cost, p.memory_cost, p.parallelism))
        return super().verify(hash, password)


@pytest.fixture
def counting(monkeypatch: pytest.MonkeyPatch) -> CountingHasher:
    hasher = CountingHasher(time_cost=1, memory_cost=1024, parallelism=1)
    monkeypatch.setattr(passwords, "HASHER", hasher)
    return hasher


@pytest.fixture
def db(sqlite_engine: Engine) -> Engine:
    make_accounts(sqlite_engine)
    create_account(sqlite_engine, ADMIN_ACTOR, "sso.only", None, VIEWER, "Chỉ SSO")
    create_account(sqlite_engine, ADMIN_ACTOR, "da.khoa", PASSWORD, VIEWER, "Đã khóa")
    disable(sqlite_engine, ADMIN_ACTOR, "da.khoa")
    return sqlite_engine


def _attempt(engine: Engine, username: str, password: str, i: int = 0) -> str:
    try:
        sign_in(engine, username, password, f"192.0.2.{i % 250}",
                now=T0 + timedelta(hours=i))
    except ActionError as refused:
        return refused.key
    return "ok"


@pytest.mark.parametrize(("username", "password"), [
    ("lanhdao", "sai"),  # known, wrong
    ("lanhdao", PASSWORD),  # known, right
    ("khong.ton.tai", "sai"),  # unknown
    ("", "sai"),  # empty
    ("x" * 500, "sai"),  # longer than any username
    ("sso.only", "sai"),  # no password at all
    ("da.khoa", PASSWORD),  # disabled, right password
    ("lanhdao", "p" * 5000),  # longer than any password can be
    ("LANHDAO", PASSWORD),  # another spelling
])
def test_every_attempt_does_the_same_hash_work(db: Engine, counting: CountingHasher,
                                               username: str, password: str) -> None:
    """Exactly one argon2id check with the production parameters of the moment, whoever
    the username names: the answer's time tells nothing about which names exist."""
    _attempt(db, username, password)
    assert counting.checks == [(1, 1024, 1)]


@pytest.mark.real_hashing
def test_unknown_usernames_take_as_long_as_known_ones(db: Engine) -> None:
    """Medians of several real-cost attempts (argon2id, 64 MiB): an unknown username costs
    what a known one does (it was 5 ms against 300 ms). The bound is wide (×2) so a busy
    machine cannot make it flaky; the difference it guards against is ×60."""
    set_password(db, ADMIN_ACTOR, "lanhdao", PASSWORD)  # a real-cost argon2id hash

    def median(username: str) -> float:
        times = []
        for i in range(5):
            start = time.perf_counter()
            assert _attempt(db, username, f"sai-{i}", i) in (WRONG, "auth.locked")
            times.append(time.perf_counter() - start)
        return statistics.median(times)

    known, unknown, sso_only = median("lanhdao"), median("khong.ton.tai"), median("sso.only")
    assert 0.5 < unknown / known < 2.0, (known, unknown)
    assert 0.5 < sso_only / known < 2.0, (known, sso_only)


def test_a_long_vietnamese_passphrase_works(db: Engine) -> None:
    assert len(PASSPHRASE.encode()) > 72
    set_password(db, ADMIN_ACTOR, "lanhdao", PASSPHRASE)
    assert _attempt(db, "lanhdao", PASSPHRASE) == "ok"
    # Every byte counts: the same first 72 bytes are not the password.
    assert _attempt(db, "lanhdao", PASSPHRASE[:60], 1) == WRONG
    assert _attempt(db, "lanhdao", PASSPHRASE + ".", 2) == WRONG
    # Composed and decomposed Vietnamese are different bytes: not the same password.
    import unicodedata

    assert _attempt(db, "lanhdao", unicodedata.normalize("NFD", PASSPHRASE), 3) == WRONG


@pytest.mark.parametrize("length", [passwords.MAX_BYTES + 1, 10_000])
def test_a_password_longer_than_the_limit_is_refused_with_a_reason(db: Engine,
                                                                   length: int) -> None:
    with pytest.raises(ActionError) as refused:
        set_password(db, ADMIN_ACTOR, "lanhdao", "đ" * (length // 2 + 1))
    assert refused.value.key == "admin.password_too_long"
    assert "1024" in refused.value.message()
    assert _attempt(db, "lanhdao", PASSWORD) == "ok"  # nothing changed


def _legacy_bcrypt(engine: Engine, username: str, password: str) -> str:
    hashed = bcrypt.hashpw(password.encode(), bcrypt.gensalt(4)).decode()
    with write_transaction(engine) as conn:
        update_password_hash(conn, username, hashed, at=T0 - timedelta(days=30))
    return hashed


def _hash_of(engine: Engine, username: str) -> str:
    with engine.connect() as conn:
        return conn.execute(select(app_user.c.password_hash)
                            .where(app_user.c.username == username)).scalar()


def test_a_bcrypt_hash_is_upgraded_at_the_next_sign_in(db: Engine) -> None:
    old = _legacy_bcrypt(db, "lanhdao", PASSWORD)
    # A wrong password changes nothing.
    assert _attempt(db, "lanhdao", "sai") == WRONG
    assert _hash_of(db, "lanhdao") == old
    done = sign_in(db, "lanhdao", PASSWORD, "192.0.2.1", now=T0 + timedelta(hours=1))
    new = _hash_of(db, "lanhdao")
    assert new.startswith("$argon2id$") and passwords.verify_password(PASSWORD, new)
    # The session of this very sign-in stays valid (the password did not change).
    with db.connect() as conn:
        assert session_user(conn, token_hash(done.value.token),
                            now=T0 + timedelta(hours=2)) is not None
    rows = audit_rows(db, actions=["user.password_upgrade"])
    assert [(r["actor"], r["before"], r["after"]) for r in rows] == [
        ("lanhdao", {"scheme": "bcrypt"}, {"scheme": "argon2id"})]
    # Upgraded once: the next sign-in writes no further upgrade.
    assert _attempt(db, "lanhdao", PASSWORD, 5) == "ok"
    assert len(audit_rows(db, actions=["user.password_upgrade"])) == 1


def test_argon2_with_older_parameters_is_upgraded_too(db: Engine,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    weak = PasswordHasher(time_cost=1, memory_cost=512, parallelism=1).hash(PASSWORD)
    with write_transaction(db) as conn:
        update_password_hash(conn, "lanhdao", weak, at=T0 - timedelta(days=1))
    assert _attempt(db, "lanhdao", PASSWORD) == "ok"
    assert _hash_of(db, "lanhdao") != weak
    assert "m=1024" in _hash_of(db, "lanhdao")


@pytest.mark.parametrize("password", [PASSPHRASE, "a" * 73])
def test_over_72_bytes_never_matches_a_bcrypt_hash(db: Engine, password: str) -> None:
    """bcrypt reads only 72 bytes: a longer password cannot be the one a bcrypt hash was
    made from (bcrypt 5 refused to make it), so it is wrong — never a crash."""
    _legacy_bcrypt(db, "lanhdao", password.encode()[:72].decode(errors="ignore"))
    assert _attempt(db, "lanhdao", password) == WRONG


@pytest.mark.parametrize("hashed", [None, "", "plain-text", "$2b$04$broken",
                                    "$argon2id$v=19$m=1,t=1,p=1$bad$bad", "$1$md5$x"])
def test_unreadable_hashes_are_wrong_not_errors(hashed) -> None:
    assert passwords.check_password(PASSWORD, hashed) == passwords.Checked(False, False)


def test_new_hashes_are_argon2id_with_the_stated_parameters() -> None:
    real = PasswordHasher()
    assert (real.time_cost, real.memory_cost, real.parallelism) == (3, 65536, 4)
    assert passwords.hash_password("mật khẩu").startswith("$argon2id$v=19$")
