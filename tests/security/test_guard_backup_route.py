"""A backup leaves the server only through ``/sao-luu/<link>``: signed in, an admin, the
admin the link was made for, once, briefly. Nothing goes through Streamlit's media store.

The first tests drive the route in process (fast); the last ones start the real app
(``streamlit run app.py``) and use plain HTTP: no cookie, a viewer's cookie, another
admin's cookie, a second download, an expired link, after sign-out.
"""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlencode

import pytest
from sqlalchemy import Engine
from starlette.applications import Starlette

from actions import backup as backups
from actions.accounts import create_account
from actions.base import ActionError, Actor
from auth.permissions import ADMIN
from auth.sessions import COOKIE_NAME, SESSION_LIFETIME, new_token, token_hash
from core.timezone import utc_now
from store.audit_queries import audit_rows
from store.engine import write_transaction
from store.sessions import insert_session, revoke_session
from tests.auth.conftest import PASSWORD, make_accounts
from tests.security.asgi_calls import call
from web import backup as route

SQLITE = b"SQLite format 3\x00"


def _session(engine: Engine, username: str) -> str:
    token = new_token()
    with write_transaction(engine) as conn:
        insert_session(conn, token_hash(token), username, utc_now(), SESSION_LIFETIME)
    return token


def _get(app, path: str, token: str | None = None) -> tuple[int, dict[str, str], bytes]:
    reply = call(app, "GET", path, headers={"cookie": f"{COOKIE_NAME}={token}"} if token else {})
    return reply.status, {k: v[0] for k, v in reply.headers.items()}, reply.body


@pytest.fixture
def accounts(sqlite_engine: Engine) -> Engine:
    make_accounts(sqlite_engine)
    return sqlite_engine


@pytest.fixture
def app(accounts: Engine, monkeypatch: pytest.MonkeyPatch) -> Starlette:
    create_account(accounts, Actor("test", ADMIN), "quantri2", PASSWORD, ADMIN, "Quản trị 2")
    monkeypatch.setattr(route, "_engine", lambda: accounts)
    return Starlette(routes=route.backup_routes())


def _link(engine: Engine, username: str = "quantri", **kwargs) -> str:
    ticket = backups.issue_download(engine, Actor(username, ADMIN), **kwargs).value
    return route.download_path(ticket)


def _refused(status: int, headers: dict[str, str], body: bytes, expected: int, words: str
             ) -> None:
    assert status == expected
    assert not body.startswith(SQLITE) and SQLITE not in body
    assert headers["cache-control"] == "no-store"
    assert headers["content-type"].startswith("text/html")
    text = body.decode("utf-8")
    assert words in text and "Traceback" not in text and 'href="/quan-tri"' in text


def test_only_the_admin_who_asked_downloads_once(accounts: Engine, app: Starlette) -> None:
    link = _link(accounts)
    admin = _session(accounts, "quantri")
    # Nobody, a viewer, an analyst, an editor, another admin: refused, the link unspent.
    _refused(*_get(app, link), 401, "Hãy đăng nhập")
    for name in ("lanhdao", "chuyenvien", "vanphong"):
        _refused(*_get(app, link, _session(accounts, name)), 403, "không có quyền")
    _refused(*_get(app, link, _session(accounts, "quantri2")), 403, "tài khoản quản trị khác")
    _refused(*_get(app, link, "not-a-session"), 401, "Hãy đăng nhập")
    status, headers, body = _get(app, link, admin)
    assert status == 200 and body.startswith(SQLITE)
    assert headers["content-disposition"].startswith("attachment; filename=")
    assert headers["content-disposition"].endswith('.db"')
    assert headers["cache-control"] == "no-store" and headers["referrer-policy"] == "no-referrer"
    # The bytes are a whole database of ours.
    assert b"audit_log" in body and b"app_user" in body
    # Once only.
    _refused(*_get(app, link, admin), 410, "đã được dùng hoặc đã hết hạn")
    actions = [r["action"] for r in audit_rows(accounts, actor="quantri",
                                               actions=["backup.link", "backup.download"])]
    assert actions == ["backup.download", "backup.link"]


def test_a_link_expires_and_an_unknown_one_is_gone(accounts: Engine, app: Starlette) -> None:
    admin = _session(accounts, "quantri")
    old = _link(accounts, now=utc_now() - backups.LINK_LIFETIME - timedelta(seconds=1))
    _refused(*_get(app, old, admin), 410, "hết hạn")
    almost = _link(accounts, now=utc_now() - backups.LINK_LIFETIME + timedelta(seconds=30))
    assert _get(app, almost, admin)[0] == 200
    for bad in ("x", "A" * 43, "../../etc/passwd", "%00"):
        status = _get(app, route.download_path(bad), admin)[0]
        assert status in (404, 410)
    assert audit_rows(accounts, actions=["backup.download"])[0]["actor"] == "quantri"


def test_after_sign_out_the_link_is_dead(accounts: Engine, app: Starlette) -> None:
    admin = _session(accounts, "quantri")
    link = _link(accounts)
    with write_transaction(accounts) as conn:
        revoke_session(conn, token_hash(admin))
    _refused(*_get(app, link, admin), 401, "Hãy đăng nhập")


def test_a_link_cannot_be_spent_by_another_admin_through_the_action(accounts: Engine,
                                                                    tmp_path: Path) -> None:
    ticket = backups.issue_download(accounts, Actor("quantri", ADMIN)).value
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(ActionError) as refused:
        backups.download(accounts, Actor("quantri2", ADMIN), ticket, folder)
    assert refused.value.key == "admin.backup_link_not_yours"
    assert not list(folder.iterdir())  # no snapshot taken
    done = backups.download(accounts, Actor("quantri", ADMIN), ticket, folder)
    assert done.value.read_bytes().startswith(SQLITE)


def test_the_temporary_snapshot_is_removed_after_sending(accounts: Engine, app: Starlette,
                                                         monkeypatch, tmp_path: Path) -> None:
    made: list[Path] = []
    real = route.tempfile.mkdtemp

    def tracked(**kwargs) -> str:
        folder = real(dir=tmp_path, **kwargs)
        made.append(Path(folder))
        return folder

    monkeypatch.setattr(route.tempfile, "mkdtemp", tracked)
    admin = _session(accounts, "quantri")
    assert _get(app, _link(accounts), admin)[0] == 200
    assert _get(app, _link(accounts, username="quantri2"), admin)[0] == 403
    assert len(made) == 2 and not any(p.exists() for p in made)


# --- against the started app ----------------------------------------------------------------

@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, demo_db_path: Path):
    from tests.e2e.e2e_harness import AppServer, copy_db

    folder = tmp_path_factory.mktemp("backup-route")
    url = copy_db(demo_db_path, folder / "app.db")
    from store.database import open_database

    engine = open_database(url)
    create_account(engine, Actor("test", ADMIN), "quantri2", "demo123", ADMIN, "Quản trị 2")
    engine.dispose()
    with AppServer(url, log_path=folder / "streamlit.log") as running:
        yield running


def _sign_in(server, username: str, password: str = "demo123"):
    import requests

    session = requests.Session()
    response = session.post(server.url("/dang-nhap"), data=urlencode(
        {"username": username, "password": password, "next": "/"}),
        headers={"content-type": "application/x-www-form-urlencoded"},
        allow_redirects=False, timeout=30)
    assert response.status_code == 303, response.text[:300]
    return session


def _server_link(server, username: str = "quantri") -> str:
    from store.database import open_database

    engine = open_database(server.database_url)
    try:
        return server.url(_link(engine, username))
    finally:
        engine.dispose()


@pytest.mark.e2e
def test_the_started_app_serves_a_backup_only_to_its_admin_once(server) -> None:
    import requests

    link = _server_link(server)
    anonymous = requests.get(link, timeout=30, allow_redirects=False)
    assert anonymous.status_code == 401 and SQLITE not in anonymous.content
    # A browser without a session is sent to the sign-in form, the link kept in ``next``.
    browser = requests.get(link, timeout=30, allow_redirects=False,
                           headers={"accept": "text/html"})
    assert browser.status_code == 302
    assert browser.headers["location"].startswith("/dang-nhap?next=%2Fsao-luu%2F")
    viewer = _sign_in(server, "lanhdao").get(link, timeout=30)
    assert viewer.status_code == 403 and SQLITE not in viewer.content
    other = _sign_in(server, "quantri2").get(link, timeout=30)
    assert other.status_code == 403 and SQLITE not in other.content
    admin = _sign_in(server, "quantri")
    first = admin.get(link, timeout=60)
    assert first.status_code == 200 and first.content.startswith(SQLITE)
    second = admin.get(link, timeout=30)
    assert second.status_code == 410 and SQLITE not in second.content
    assert "đã được dùng" in second.text


@pytest.mark.e2e
def test_the_started_app_refuses_the_link_after_sign_out(server, tmp_path: Path) -> None:
    import requests

    admin = _sign_in(server, "quantri")
    token = admin.cookies.get(COOKIE_NAME)
    link = _server_link(server)
    out = admin.get(server.url("/dang-xuat"), allow_redirects=False, timeout=30)
    assert out.status_code == 303
    # The cookie the browser held before signing out no longer opens the link.
    after = requests.get(link, cookies={COOKIE_NAME: token}, timeout=30, allow_redirects=False)
    assert after.status_code == 401 and SQLITE not in after.content
    # The downloaded file of the first test was a real, whole database.
    target = tmp_path / "check.db"
    target.write_bytes(_sign_in(server, "quantri").get(_server_link(server), timeout=60).content)
    conn = sqlite3.connect(target)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT count(*) FROM submission").fetchone()[0] > 100
    finally:
        conn.close()
