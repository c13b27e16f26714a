"""Roles enforced by navigation and at the top of each page, run with AppTest."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from auth.permissions import ADMIN, ANALYST, EDITOR, VIEWER
from ui.navigation import PAGES, pages_for

ROOT = Path(__file__).resolve().parents[2]
EXPECTED = {
    VIEWER: {"pages/overview.py", "pages/trends.py", "pages/status.py", "pages/month_report.py",
             "pages/provenance.py"},
    ANALYST: {"pages/upload.py", "pages/typing.py"},
    EDITOR: {"pages/overview.py", "pages/trends.py", "pages/status.py", "pages/month_report.py",
             "pages/upload.py", "pages/typing.py", "pages/submissions.py", "pages/audit.py",
             "pages/provenance.py"},
    ADMIN: {"pages/overview.py", "pages/trends.py", "pages/status.py", "pages/month_report.py",
            "pages/audit.py", "pages/administration.py", "pages/provenance.py"},
}
USERS = {VIEWER: "lanhdao", ANALYST: "chuyenvien", EDITOR: "vanphong", ADMIN: "quantri"}
MINE = ("pages/submissions.py", "pages/administration.py", "pages/audit.py",
        "pages/provenance.py")


@pytest.mark.parametrize("role", list(EXPECTED))
def test_navigation_lists_the_pages_of_each_role(role: str) -> None:
    assert {p.path for p in pages_for(role)} == EXPECTED[role]


def test_nobody_signed_in_sees_no_page() -> None:
    assert pages_for(None) == [] and pages_for("intruder") == []


@pytest.fixture
def app_db(accounts: Engine, monkeypatch: pytest.MonkeyPatch) -> Engine:
    monkeypatch.setenv("DATABASE_URL", accounts.url.render_as_string(hide_password=False))
    from ui.db import engine

    engine.clear()
    st.cache_data.clear()  # ui.data is keyed on the data version, not the database
    yield accounts
    engine.clear()


def _run(path: str, username: str | None) -> AppTest:
    at = AppTest.from_file(str(ROOT / path), default_timeout=60)
    if username:
        at.session_state["user"] = username
    return at.run()


def _texts(at: AppTest) -> str:
    parts = [e.value for e in at.markdown] + [e.value for e in at.error]
    parts += [e.value for e in at.title] + [e.value for e in at.subheader]
    return " ".join(str(p) for p in parts)


def test_app_without_user_shows_only_the_sign_in(app_db: Engine) -> None:
    at = _run("app.py", None)
    assert not at.exception
    assert "Đăng nhập" in _texts(at)
    assert not at.dataframe and not at.tabs


@pytest.mark.parametrize("path", MINE)
@pytest.mark.parametrize("role", [VIEWER, ANALYST, EDITOR, ADMIN, None])
def test_restricted_page_run_directly_refuses_the_wrong_role(app_db: Engine, path: str,
                                                            role: str | None) -> None:
    spec = next(p for p in PAGES if p.path == path)
    at = _run(path, USERS.get(role))
    assert not at.exception, at.exception
    if spec.open_to(role):
        assert at.title and not at.error
    else:
        assert not at.title and not at.dataframe and not at.tabs and not at.button
        assert ("Bạn không có quyền" in _texts(at)) if role else ("Đăng nhập" in _texts(at))


def test_app_navigation_as_each_role(app_db: Engine) -> None:
    missing = [p.path for p in PAGES if not (ROOT / p.path).exists()]
    if missing:
        pytest.skip(f"pages not written yet: {missing}")
    for role, name in USERS.items():
        at = _run("app.py", name)
        assert not at.exception, (role, at.exception)
