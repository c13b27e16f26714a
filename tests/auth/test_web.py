"""The server routes: sign-in form, the cookie they set, the redirect keeping the address."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from sqlalchemy import Engine
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from actions.accounts import set_password
from auth.sessions import COOKIE_NAME
from store.audit_queries import audit_rows
from tests.actors import ADMINISTRATOR
from tests.auth.conftest import PASSWORD
from tests.security import asgi_calls
from web import signin


@pytest.mark.parametrize(("target", "expected"), [
    ("/tong-quan?thang=2023-01", "/tong-quan?thang=2023-01"),
    ("/", "/"), (None, "/"), ("", "/"),
    ("https://evil.example/x", "/"), ("//evil.example/x", "/"), ("/\\evil.example", "/"),
    ("javascript:alert(1)", "/"), ("/a\nb", "/"), ("/dang-nhap?next=/x", "/"),
])
def test_safe_next_allows_only_local_paths(target: str | None, expected: str) -> None:
    assert signin.safe_next(target) == expected


def _app(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> Starlette:
    monkeypatch.setattr(signin, "_engine", lambda: engine)
    page = Route("/{path:path}", lambda r: PlainTextResponse("trang"))
    return Starlette(routes=[*signin.auth_routes(), page],
                     middleware=[Middleware(signin.SignInRedirect)])


def call(app, method: str, path: str, body: bytes = b"", headers: dict | None = None,
         client: str = "10.1.1.1") -> tuple[int, dict[str, list[str]], bytes]:
    """Drive the ASGI app once; a body is a posted form."""
    form = {"content-type": "application/x-www-form-urlencoded"} if body else {}
    reply = asgi_calls.call(app, method, path, body, headers={**form, **(headers or {})},
                            client=client)
    return reply.status, reply.headers, reply.body


def test_a_page_without_session_goes_to_sign_in_keeping_the_address(
        accounts: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    app = _app(accounts, monkeypatch)
    status, headers, _ = call(app, "GET", "/tong-quan?thang=2023-01")
    assert status == 302
    assert headers["location"] == ["/dang-nhap?next=%2Ftong-quan%3Fthang%3D2023-01"]
    # Streamlit's own endpoints and files are never redirected.
    assert call(app, "GET", "/_stcore/health")[0] == 200
    assert call(app, "GET", "/manifest.json")[0] == 200


def test_sign_in_sets_an_httponly_samesite_cookie_and_returns(
        accounts: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    app = _app(accounts, monkeypatch)
    status, _, html = call(app, "GET", "/dang-nhap?next=%2Ftong-quan%3Fthang%3D2023-01")
    assert status == 200 and "Đăng nhập".encode() in html
    assert b'value="/tong-quan?thang=2023-01"' in html
    form = urlencode({"username": "lanhdao", "password": PASSWORD,
                      "next": "/tong-quan?thang=2023-01"}).encode()
    status, headers, _ = call(app, "POST", "/dang-nhap", form)
    assert status == 303 and headers["location"] == ["/tong-quan?thang=2023-01"]
    cookie = headers["set-cookie"][0]
    assert cookie.startswith(f"{COOKIE_NAME}=")
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/" in cookie
    token = cookie.split(";")[0].split("=", 1)[1]
    status, _, body = call(app, "GET", "/tong-quan", headers={"cookie": f"{COOKIE_NAME}={token}"})
    assert status == 200 and body == b"trang"
    # Sign-out revokes the token: the same cookie no longer opens a page.
    status, headers, _ = call(app, "GET", "/dang-xuat",
                              headers={"cookie": f"{COOKIE_NAME}={token}"})
    assert status == 303 and any('skhcn_session=""' in c for c in headers["set-cookie"])
    status, _, _ = call(app, "GET", "/tong-quan", headers={"cookie": f"{COOKIE_NAME}={token}"})
    assert status == 302
    # Both ends of the session are in the audit log, under the person's name.
    rows = audit_rows(accounts, actor="lanhdao", actions=["auth.signin", "auth.signout"])
    assert [r["action"] for r in rows] == ["auth.signout", "auth.signin"]
    assert rows[0]["after"] == {"source": "10.1.1.1", "method": "password"}
    assert rows[1]["after"] == {"source": "10.1.1.1", "network": "10.1.1.1", "device": False,
                                "method": "password"}


def test_wrong_password_shows_the_form_again_escaped(accounts: Engine,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    app = _app(accounts, monkeypatch)
    form = urlencode({"username": "<script>x</script>", "password": "p", "next": "/"}).encode()
    status, headers, html = call(app, "POST", "/dang-nhap", form)
    assert status == 401 and "set-cookie" not in headers
    assert b"<script>x</script>" not in html and b"&lt;script&gt;" in html
    assert "không đúng".encode() in html


def test_locked_account_gets_the_minutes_message(accounts: Engine,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    app = _app(accounts, monkeypatch)
    form = urlencode({"username": "vanphong", "password": "sai"}).encode()
    statuses = [call(app, "POST", "/dang-nhap", form)[0] for _ in range(5)]
    assert statuses == [401, 401, 401, 401, 429]
    right = urlencode({"username": "vanphong", "password": PASSWORD}).encode()
    status, _, html = call(app, "POST", "/dang-nhap", right)
    assert status == 429 and "tạm dừng".encode() in html and "phút".encode() in html


def test_cross_site_sign_in_is_refused(accounts: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    app = _app(accounts, monkeypatch)
    form = urlencode({"username": "lanhdao", "password": PASSWORD}).encode()
    status, headers, _ = call(app, "POST", "/dang-nhap", form,
                              headers={"origin": "https://evil.example"})
    assert status == 403 and "set-cookie" not in headers


def test_revoked_by_password_change(accounts: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    app = _app(accounts, monkeypatch)
    form = urlencode({"username": "lanhdao", "password": PASSWORD}).encode()
    _, headers, _ = call(app, "POST", "/dang-nhap", form)
    token = headers["set-cookie"][0].split(";")[0].split("=", 1)[1]
    set_password(accounts, ADMINISTRATOR, "lanhdao", "khac-hoan-toan")
    assert call(app, "GET", "/", headers={"cookie": f"{COOKIE_NAME}={token}"})[0] == 302
