"""``python -m admin``: first admin, account management (through admin.cli.main)."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import Engine, select

from admin.cli import main
from auth.passwords import verify_password
from store.database import head_revision, migrate, open_database
from store.schema import app_user, audit_log, login_attempt, org_unit
from store.users import get_user, sign_in_record


@pytest.fixture
def db(sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> Engine:
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    migrate(sqlite_url)
    engine = open_database(sqlite_url)
    yield engine
    engine.dispose()


def check_password(conn, username: str, password: str):
    """The account when ``password`` is its password (the sign-in's own check)."""
    found = sign_in_record(conn, username)
    return found[0] if found and verify_password(password, found[1]) else None


def run(monkeypatch: pytest.MonkeyPatch, args: list[str], stdin: str = "") -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    return main(args)


def test_init_creates_the_first_admin_once(db: Engine, monkeypatch, capsys) -> None:
    assert run(monkeypatch, ["init", "--password-stdin"], "bí-mật-dài\n") == 0
    with db.connect() as conn:
        admin = check_password(conn, "quantri", "bí-mật-dài")
        stored = conn.execute(select(app_user.c.password_hash)).scalar_one()
    assert admin is not None and admin.role == "admin" and "bí-mật-dài" not in stored
    out = capsys.readouterr()
    assert "bí-mật-dài" not in out.out + out.err
    assert run(monkeypatch, ["init", "--password-stdin"], "khac-nua-nhe\n") == 1
    assert "Đã có tài khoản quản trị" in capsys.readouterr().err


def test_init_refuses_a_short_password(db: Engine, monkeypatch, capsys) -> None:
    assert run(monkeypatch, ["init", "--password-stdin"], "abc\n") == 1
    assert "ít nhất" in capsys.readouterr().err
    with db.connect() as conn:
        assert conn.execute(select(app_user)).first() is None


def test_init_asks_twice_on_a_terminal(db: Engine, monkeypatch, capsys) -> None:
    answers = iter(["mot-mat-khau", "khac-mat-khau"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    assert main(["init"]) == 1
    assert "không khớp" in capsys.readouterr().err


def test_users_commands(db: Engine, monkeypatch, capsys) -> None:
    assert run(monkeypatch, ["users", "add", "an.nv", "--role", "analyst", "--unit", "TTKT",
                             "--name", "Nguyễn Văn An", "--password-stdin"], "mat-khau-1\n") == 0
    assert run(monkeypatch, ["users", "add", "an.nv", "--role", "viewer",
                             "--password-stdin"], "mat-khau-1\n") == 1  # taken
    assert run(monkeypatch, ["users", "add", "x", "--role", "analyst",
                             "--password-stdin"], "mat-khau-1\n") == 1  # analyst without unit
    assert run(monkeypatch, ["users", "add", "y", "--role", "analyst", "--unit", "NOPE",
                             "--password-stdin"], "mat-khau-1\n") == 1  # unknown unit
    assert run(monkeypatch, ["users", "set-role", "an.nv", "editor"]) == 0
    assert get_user(db, "an.nv").role == "editor" and get_user(db, "an.nv").unit is None
    assert run(monkeypatch, ["users", "set-password", "an.nv", "--password-stdin"],
               "mat-khau-2\n") == 0
    with db.connect() as conn:
        assert check_password(conn, "an.nv", "mat-khau-2") is not None
    with db.begin() as conn:
        conn.execute(login_attempt.insert(), [
            {"username": "an.nv", "source": "1.2.3.4", "at": __import__("datetime").datetime.now(
                __import__("datetime").UTC), "success": False, "cleared": False}])
    capsys.readouterr()
    assert run(monkeypatch, ["users", "unlock", "an.nv"]) == 0
    assert "(1 lần sai được xóa)" in capsys.readouterr().out
    assert run(monkeypatch, ["users", "disable", "an.nv"]) == 0
    assert get_user(db, "an.nv") is None
    assert run(monkeypatch, ["users", "enable", "an.nv"]) == 0
    capsys.readouterr()
    assert run(monkeypatch, ["users", "list"]) == 0
    listing = capsys.readouterr().out
    assert "an.nv" in listing and "Văn phòng Sở" in listing and "$2b$" not in listing
    assert run(monkeypatch, ["users", "set-password", "nobody", "--password-stdin"],
               "mat-khau-3\n") == 1
    with db.connect() as conn:
        actions = conn.execute(select(audit_log.c.action).where(
            audit_log.c.entity_id == "an.nv")).scalars().all()
    assert {"user.create", "user.role", "user.password", "user.unlock", "user.disable",
            "user.enable"} <= set(actions)
    assert all(a.startswith("cli") for a in conn_actors(db))


def conn_actors(db: Engine) -> list[str]:
    with db.connect() as conn:
        return conn.execute(select(audit_log.c.actor)
                            .where(audit_log.c.action.like("user.%"))).scalars().all()


def test_migrate_sets_up_a_new_database_and_can_run_again(tmp_path, monkeypatch,
                                                         capsys) -> None:
    path = tmp_path / "moi" / "app.db"
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{path}")
    assert run(monkeypatch, ["users", "list"]) == 1  # nothing to open yet: say what to run
    assert "python -m admin migrate" in capsys.readouterr().err
    assert not path.exists()
    for _ in range(2):
        assert run(monkeypatch, ["migrate"]) == 0
        assert head_revision() in capsys.readouterr().out
    engine = open_database(f"sqlite:///{path}")
    try:
        with engine.connect() as conn:
            assert conn.execute(select(org_unit)).first() is not None  # catalogue seeded
            seeds = conn.execute(select(audit_log.c.actor)
                                 .where(audit_log.c.action == "catalog.seed")).scalars().all()
        assert len(seeds) == 1 and seeds[0].startswith("cli")  # audited once, by the operator
    finally:
        engine.dispose()
    assert run(monkeypatch, ["init", "--password-stdin"], "bí-mật-dài\n") == 0
