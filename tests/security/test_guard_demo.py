"""Demo set-up refuses a real database: ``python -m admin demo`` (and ``make run``) adds
accounts with a known password and loads the sample as figures, so it runs only on a
database it created itself (brand new, or already marked as the demo). Any database holding
an account or a version of its own is refused with a Vietnamese reason and left unchanged."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from sqlalchemy import Engine

from actions.accounts import create_account, create_first_admin
from actions.base import ActionError, Actor
from actions.demo import DEMO_FLAG, mark_demo
from actions.review import approve
from actions.submissions import ingest
from admin.cli import main
from admin.demo import DEMO_ACCOUNTS, DEMO_ACTOR, setup_demo
from auth.permissions import ADMIN, VIEWER
from core.catalog import load_catalog
from core.months import Month
from store.audit_queries import audit_rows
from store.engine import write_transaction
from store.meta import get_flag
from store.users import find_account, update_active
from tests.actors import OFFICE, REVIEWER
from tests.etl.etl_files import db_dump, filled_template

CLI = Actor("cli:root", ADMIN)


def _first_admin(engine: Engine) -> None:  # a real deployment after `python -m admin init`
    create_first_admin(engine, CLI, "quantri", "mật-khẩu-thật")


def _figures_only(engine: Engine) -> None:  # `python -m etl ingest` before any account
    content = filled_template(load_catalog(), "TTKT", Month(2023, 1), {"TTKT_KD_PTD": 5749})
    done = ingest(engine, OFFICE, content, "ttkt.xlsx", today=date(2023, 2, 5))
    approve(engine, REVIEWER, done.value.loaded[0].submission_id)


def _one_disabled_viewer(engine: Engine) -> None:
    create_account(engine, CLI, "lanhdao", "mật-khẩu-thật", VIEWER, "Lãnh đạo")
    with write_transaction(engine) as conn:
        update_active(conn, "lanhdao", False)


REAL = [_first_admin, _figures_only, _one_disabled_viewer]


@pytest.mark.parametrize("make_real", REAL, ids=lambda f: f.__name__.strip("_"))
def test_demo_set_up_refuses_a_real_database(sqlite_url: str, sqlite_engine: Engine,
                                             make_real: Callable[[Engine], None]) -> None:
    make_real(sqlite_engine)
    before = db_dump(sqlite_engine)
    with pytest.raises(ActionError) as refused:
        setup_demo(sqlite_url, sample_dir=None)  # refused before the sample is touched
    assert refused.value.key == "admin.demo_refused"
    assert "không phải bản dùng thử" in refused.value.message()
    assert db_dump(sqlite_engine) == before
    with sqlite_engine.connect() as conn:
        assert get_flag(conn, DEMO_FLAG) == 0
        assert find_account(conn, "chuyenvien") is None  # no demo account was added


def test_the_demo_command_on_a_real_database_exits_with_the_reason(
        sqlite_url: str, sqlite_engine: Engine, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    _first_admin(sqlite_engine)
    before = db_dump(sqlite_engine)
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    assert main(["demo"]) == 1
    err = capsys.readouterr().err
    assert "không phải bản dùng thử" in err and "Traceback" not in err
    assert db_dump(sqlite_engine) == before


def test_a_brand_new_database_is_marked_once_and_a_marked_one_passes(
        sqlite_engine: Engine) -> None:
    mark_demo(sqlite_engine, DEMO_ACTOR)
    # The demo then adds its accounts and sample: a second `make run` still passes.
    create_account(sqlite_engine, DEMO_ACTOR, "vanphong", "demo123", VIEWER, "Demo")
    _figures_only(sqlite_engine)
    mark_demo(sqlite_engine, DEMO_ACTOR)
    with sqlite_engine.connect() as conn:
        assert get_flag(conn, DEMO_FLAG) == 1
    assert [r["action"] for r in audit_rows(sqlite_engine)].count("demo.mark") == 1


def test_make_run_sets_up_a_fresh_default_database(tmp_path, monkeypatch) -> None:
    """The ordinary `make run` path: a new file becomes the demo (a tiny sample here)."""
    from admin import demo as demo_module

    monkeypatch.setattr(demo_module, "load_sample", lambda engine, _dir, progress=None: 0)
    url = f"sqlite:///{tmp_path / 'app.db'}"
    for _ in range(2):  # and again on the next start
        engine, _loaded = setup_demo(url, sample_dir=tmp_path)
        with engine.connect() as conn:
            assert get_flag(conn, DEMO_FLAG) == 1
            assert all(find_account(conn, u) is not None for u, *_ in DEMO_ACCOUNTS)
        engine.dispose()
