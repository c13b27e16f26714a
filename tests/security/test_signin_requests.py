"""The HTTP edge in-process (issue #11, "Requests cannot exhaust the server"): the sign-in
body is bounded before it is read, uploads need an uploading role, every response carries
the security headers, forwarded headers count only from trusted proxies, and the cookies'
flags follow the scheme the browser really used. The same against a started app:
``test_server_hardening.py``."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from sqlalchemy import Engine
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from actions.accounts import disable
from actions.signin import sign_in, sign_out
from auth import device as devices
from auth.sessions import COOKIE_NAME
from store.audit_queries import audit_rows
from tests.actors import ADMINISTRATOR
from tests.auth.conftest import PASSWORD, accounts, fast_bcrypt  # noqa: F401 - fixtures
from tests.security.asgi_calls import Chunks, call
from web import headers as web_headers
from web import proxy, signin, uploads


def _app(engine: Engine, monkeypatch: pytest.MonkeyPatch, trusted: str = "") -> Starlette:
    monkeypatch.setattr(signin, "_engine", lambda: engine)
    monkeypatch.setenv("TRUSTED_PROXIES", trusted)

    async def stored(request) -> Response:
        return Response(status_code=204)

    routes = [*signin.auth_routes(),
              Route("/_stcore/upload_file/{session}/{file}", stored, methods=["PUT"]),
              Route("/{path:path}", lambda r: PlainTextResponse("trang"))]
    return Starlette(routes=routes, middleware=signin.auth_middleware(["'sha256-abc='"]))


def _form(**fields: str) -> bytes:
    return urlencode({"next": "/", **fields}).encode()


FORM = {"content-type": "application/x-www-form-urlencoded"}


# --- the sign-in body --------------------------------------------------------------------


@pytest.mark.parametrize("declared", [signin.MAX_FORM_BYTES + 1, 600 * 1024 * 1024, 10**18])
def test_a_large_declared_body_is_refused_unread(accounts: Engine,
                                                 monkeypatch: pytest.MonkeyPatch,
                                                 declared: int) -> None:
    app = _app(accounts, monkeypatch)
    body = Chunks([b"u" * 65536] * 100)
    reply = call(app, "POST", "/dang-nhap", body,
                 headers={**FORM, "content-length": str(declared)})
    assert reply.status == 413 and reply.read == 0
    text = reply.body.decode()
    assert "quá lớn" in text and "8 KB" in text  # what, the limit, how to fix
    assert reply.header("connection") == "close"
    assert reply.header("x-frame-options") == "DENY"


@pytest.mark.parametrize("chunk", [1, 1000, 65536])
def test_a_chunked_body_is_cut_at_the_limit(accounts: Engine, monkeypatch: pytest.MonkeyPatch,
                                            chunk: int) -> None:
    """No Content-Length (chunked): read only until the limit is passed."""
    app = _app(accounts, monkeypatch)
    parts = [b"p" * chunk] * (signin.MAX_FORM_BYTES // chunk + 10_000)
    reply = call(app, "POST", "/dang-nhap", Chunks(parts), headers=FORM)
    assert reply.status == 413
    assert reply.read <= signin.MAX_FORM_BYTES + chunk


def test_a_lying_content_length_is_cut_at_the_limit(accounts: Engine,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    app = _app(accounts, monkeypatch)
    reply = call(app, "POST", "/dang-nhap", Chunks([b"x" * 4096] * 1000),
                 headers={**FORM, "content-length": "100"})
    assert reply.status == 413 and reply.read <= signin.MAX_FORM_BYTES + 4096


@pytest.mark.parametrize("declared", ["abc", "-1", "1e3", "", " 12 x"])
def test_a_malformed_length_is_refused(accounts: Engine, monkeypatch: pytest.MonkeyPatch,
                                       declared: str) -> None:
    reply = call(_app(accounts, monkeypatch), "POST", "/dang-nhap", b"x",
                 headers={**FORM, "content-length": declared})
    assert reply.status == 400 and reply.read == 0
    assert "không hợp lệ" in reply.body.decode()


def test_a_body_that_trickles_in_is_dropped(accounts: Engine,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(signin, "BODY_SECONDS", 0.3)
    reply = call(_app(accounts, monkeypatch), "POST", "/dang-nhap",
                 Chunks([b"u"] * 50, delay=0.05), headers=FORM)
    assert reply.status == 408 and reply.read < 50
    assert "quá chậm" in reply.body.decode()


def test_a_body_at_the_limit_is_read_and_checked(accounts: Engine,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    form = _form(username="lanhdao", password="sai")
    body = form + b"&pad=" + b"x" * (signin.MAX_FORM_BYTES - len(form) - 5)
    assert len(body) == signin.MAX_FORM_BYTES
    reply = call(_app(accounts, monkeypatch), "POST", "/dang-nhap", body, headers=FORM)
    assert reply.status == 401  # read, then refused for the password


def test_the_longest_password_fits_in_the_form(accounts: Engine,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """A 1024-byte Vietnamese passphrase, URL-encoded, is far under the body limit."""
    body = _form(username="lanhdao", password="đ" * 512, next="/tong-quan?thang=2023-01")
    assert len(body) < signin.MAX_FORM_BYTES
    reply = call(_app(accounts, monkeypatch), "POST", "/dang-nhap", body, headers=FORM)
    assert reply.status == 401


# --- cross-site requests and the proxy ------------------------------------------------------


@pytest.mark.parametrize(("hdrs", "status"), [
    ({"sec-fetch-site": "same-origin"}, 303),
    ({"sec-fetch-site": "none"}, 303),  # typed in the address bar
    ({"sec-fetch-site": "cross-site"}, 403),
    ({"sec-fetch-site": "same-site"}, 403),  # a sibling sub-domain is another site
    ({"sec-fetch-site": "same-origin", "origin": "https://evil.example"}, 303),
    ({"origin": "http://app.local"}, 303),  # an older browser: Origin vs Host
    ({"origin": "https://evil.example"}, 403),
    ({"origin": "null"}, 403),
    ({}, 303),  # a script without Origin (no browser to abuse)
])
def test_cross_site_sign_in_is_refused(accounts: Engine, monkeypatch: pytest.MonkeyPatch,
                                       hdrs: dict, status: int) -> None:
    reply = call(_app(accounts, monkeypatch), "POST", "/dang-nhap",
                 _form(username="lanhdao", password=PASSWORD), headers={**FORM, **hdrs})
    assert reply.status == status
    assert ("set-cookie" in reply.headers) is (status == 303)


PROXY = "127.0.0.1"
BEHIND = {"host": "127.0.0.1:8501", "origin": "https://baocao.sokhcn.gov.vn",
          "x-forwarded-host": "baocao.sokhcn.gov.vn", "x-forwarded-proto": "https",
          "x-forwarded-for": "6.6.6.6, 203.0.113.77"}


def test_sign_in_behind_a_proxy_that_rewrites_host(accounts: Engine,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    app = _app(accounts, monkeypatch, trusted="127.0.0.1, ::1")
    reply = call(app, "POST", "/dang-nhap", _form(username="lanhdao", password=PASSWORD),
                 headers={**FORM, **BEHIND}, client=PROXY)
    assert reply.status == 303
    cookies = reply.headers["set-cookie"]
    assert all("Secure" in c for c in cookies) and len(cookies) == 2
    device = next(c for c in cookies if c.startswith(devices.COOKIE_NAME))
    assert "Path=/dang-nhap" in device and "HttpOnly" in device
    assert "SameSite=strict" in device and "Max-Age=31536000" in device
    # The client is the right-most address the proxy added, not what the client wrote.
    row = audit_rows(accounts, actions=["auth.signin"])[0]
    assert row["after"]["source"] == "203.0.113.77"


@pytest.mark.parametrize("trusted", ["", "10.0.0.0/8", "::1"])
def test_forwarded_headers_from_an_untrusted_peer_are_ignored(
        accounts: Engine, monkeypatch: pytest.MonkeyPatch, trusted: str) -> None:
    app = _app(accounts, monkeypatch, trusted=trusted)
    reply = call(app, "POST", "/dang-nhap", _form(username="lanhdao", password=PASSWORD),
                 headers={**FORM, **BEHIND}, client=PROXY)
    # X-Forwarded-Host is not believed: the Origin names another host → refused.
    assert reply.status == 403
    reply = call(app, "POST", "/dang-nhap", _form(username="lanhdao", password=PASSWORD),
                 headers={**FORM, "x-forwarded-for": "203.0.113.77",
                          "x-forwarded-proto": "https"}, client=PROXY)
    assert reply.status == 303
    assert not any("Secure" in c for c in reply.headers["set-cookie"])
    assert audit_rows(accounts, actions=["auth.signin"])[0]["after"]["source"] == PROXY


@pytest.mark.parametrize(("peer", "xff", "trusted", "client"), [
    ("10.0.0.2", "203.0.113.5", "10.0.0.0/8", "203.0.113.5"),
    ("10.0.0.2", "1.1.1.1, 203.0.113.5, 10.0.0.9", "10.0.0.0/8", "203.0.113.5"),
    ("10.0.0.2", "203.0.113.5", "10.0.0.3", "10.0.0.2"),  # peer not trusted
    ("::1", "2001:db8::5", "::1", "2001:db8::5"),
    ("::ffff:127.0.0.1", "198.51.100.4", "127.0.0.1", "198.51.100.4"),
    ("10.0.0.2", "garbage, 203.0.113.5", "10.0.0.0/8", "203.0.113.5"),
    ("10.0.0.2", "203.0.113.5, garbage", "10.0.0.0/8", "10.0.0.2"),
    ("10.0.0.2", "[2001:db8::7]:443", "10.0.0.0/8", "2001:db8::7"),
    ("10.0.0.2", "198.51.100.9:5000", "10.0.0.0/8", "198.51.100.9"),
    ("10.0.0.2", "10.0.0.5, 10.0.0.6", "10.0.0.0/8", "10.0.0.5"),  # all proxies
])
def test_the_client_behind_trusted_proxies(peer: str, xff: str, trusted: str,
                                           client: str) -> None:
    nets = proxy.parse_networks(trusted.split(","))
    seen: dict = {}

    async def inner(scope, receive, send) -> None:
        seen.update(scope)
        await PlainTextResponse("x")(scope, receive, send)

    call(proxy.TrustedProxies(inner, nets), "GET", "/", client=peer,
         headers={"x-forwarded-for": xff})
    assert seen["client"][0] == client


def test_bad_proxy_settings_are_said_and_skipped(caplog: pytest.LogCaptureFixture,
                                                 monkeypatch: pytest.MonkeyPatch,
                                                 tmp_path) -> None:
    monkeypatch.setenv("TRUSTED_PROXIES", "10.0.0.0/8, not-an-ip, 300.1.1.1,")
    assert [str(n) for n in proxy.configured_proxies()] == ["10.0.0.0/8"]
    assert "not-an-ip" in caplog.text and "300.1.1.1" in caplog.text
    assert "proxy tin cậy" in caplog.text
    monkeypatch.delenv("TRUSTED_PROXIES")
    secrets = tmp_path / "secrets.toml"
    secrets.write_text('[web]\ntrusted_proxies = ["127.0.0.1", "::1"]\n', encoding="utf-8")
    assert [str(n) for n in proxy.configured_proxies(secrets)] == ["127.0.0.1/32", "::1/128"]
    assert proxy.configured_proxies(tmp_path / "missing.toml") == []


def test_uvicorns_own_forwarding_is_switched_off() -> None:
    """uvicorn believes X-Forwarded-* from 127.0.0.1 by default; after
    ``leave_forwarding_to_us`` its middleware leaves the scope alone."""
    import importlib

    import uvicorn.middleware.proxy_headers

    # A fresh class: an app built earlier in this process has already switched the old one off.
    ProxyHeadersMiddleware = importlib.reload(
        uvicorn.middleware.proxy_headers).ProxyHeadersMiddleware
    original = ProxyHeadersMiddleware.__call__
    seen: dict = {}

    async def inner(scope, receive, send) -> None:
        seen.update(scope)
        await PlainTextResponse("x")(scope, receive, send)

    try:
        wrapped = ProxyHeadersMiddleware(inner, trusted_hosts="127.0.0.1")
        call(wrapped, "GET", "/", client="127.0.0.1",
             headers={"x-forwarded-for": "6.6.6.6", "x-forwarded-proto": "https"})
        assert seen["client"][0] == "6.6.6.6"  # what uvicorn does unless told otherwise
        proxy.leave_forwarding_to_us()
        call(wrapped, "GET", "/", client="127.0.0.1",
             headers={"x-forwarded-for": "6.6.6.6", "x-forwarded-proto": "https"})
        assert seen["client"][0] == "127.0.0.1" and seen["scheme"] == "http"
    finally:
        ProxyHeadersMiddleware.__call__ = original


# --- security headers ---------------------------------------------------------------------


@pytest.mark.parametrize(("method", "path", "hdrs"), [
    ("GET", "/tong-quan", {}),  # redirect to the form
    ("GET", "/dang-nhap", {}),
    ("POST", "/dang-nhap", {"content-length": "99999999"}),
    ("GET", "/_stcore/health", {}),
    ("GET", "/static/js/x.js", {}),
    ("PUT", "/_stcore/upload_file/s/f", {}),
])
def test_every_response_carries_the_security_headers(accounts: Engine,
                                                     monkeypatch: pytest.MonkeyPatch,
                                                     method: str, path: str,
                                                     hdrs: dict) -> None:
    reply = call(_app(accounts, monkeypatch), method, path, headers=hdrs)
    assert reply.header("x-frame-options") == "DENY"
    assert reply.header("x-content-type-options") == "nosniff"
    assert reply.header("referrer-policy") == "same-origin"
    policy = reply.header("content-security-policy")
    assert "frame-ancestors 'none'" in policy
    assert len(reply.headers["content-security-policy"]) == 1


def test_pages_get_the_app_policy_and_html_is_never_stored(accounts: Engine,
                                                           monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    app = _app(accounts, monkeypatch)
    token = sign_in(accounts, "lanhdao", PASSWORD, "10.0.0.1").value.token
    reply = call(app, "GET", "/tong-quan", headers={"cookie": f"{COOKIE_NAME}={token}"})
    assert reply.status == 200
    policy = reply.header("content-security-policy")
    assert "script-src 'self' 'sha256-abc='" in policy and "'unsafe-eval'" not in policy
    assert "object-src 'none'" in policy and "base-uri 'self'" in policy
    # The sign-in form keeps its own stricter policy.
    form = call(app, "GET", "/dang-nhap").header("content-security-policy")
    assert form.startswith("default-src 'none'")


def test_html_responses_are_no_store_others_keep_their_caching() -> None:
    async def html_app(scope, receive, send) -> None:
        response = Response("<p>x</p>", media_type="text/html",
                            headers={"cache-control": "max-age=3600"})
        await response(scope, receive, send)

    async def js_app(scope, receive, send) -> None:
        response = Response("x", media_type="text/javascript",
                            headers={"cache-control": "max-age=3600"})
        await response(scope, receive, send)

    assert call(web_headers.SecurityHeaders(html_app), "GET", "/").header(
        "cache-control") == "no-store"
    assert call(web_headers.SecurityHeaders(js_app), "GET", "/").header(
        "cache-control") == "max-age=3600"


def test_inline_script_hashes_match_what_the_browser_computes() -> None:
    html = "<script>\n  window.prerenderReady = false\n</script><script src='a.js'></script>"
    import base64
    import hashlib

    expected = base64.b64encode(hashlib.sha256(
        b"\n  window.prerenderReady = false\n").digest()).decode()
    assert web_headers.inline_script_hashes(html) == [f"'sha256-{expected}'"]
    assert web_headers.inline_script_hashes("<p>none</p>") == []


# --- the upload gate ----------------------------------------------------------------------


def _put(app, cookie: str | None = None, session: str = "sess-1") -> tuple[int, int]:
    hdrs = {"content-type": "multipart/form-data; boundary=b",
            "content-length": str(20 * 1024 * 1024)}
    if cookie:
        hdrs["cookie"] = f"{COOKIE_NAME}={cookie}"
    reply = call(app, "PUT", f"/_stcore/upload_file/{session}/file-1",
                 Chunks([b"z" * 65536] * 320), headers=hdrs)
    return reply.status, reply.read


@pytest.mark.parametrize(("username", "allowed"), [
    ("lanhdao", False), ("chuyenvien", True), ("vanphong", True), ("quantri", True)])
def test_uploads_need_a_role_that_uploads(accounts: Engine, monkeypatch: pytest.MonkeyPatch,
                                          username: str, allowed: bool) -> None:
    app = _app(accounts, monkeypatch)
    token = sign_in(accounts, username, PASSWORD, "10.0.0.1").value.token
    status, read = _put(app, token)
    if allowed:
        assert status == 204
    else:
        assert (status, read) == (403, 0)


@pytest.mark.parametrize("cookie", [None, "", "forged-token", "x" * 5000])
def test_uploads_without_a_live_session_are_refused_unread(accounts: Engine,
                                                           monkeypatch: pytest.MonkeyPatch,
                                                           cookie: str | None) -> None:
    status, read = _put(_app(accounts, monkeypatch), cookie)
    assert (status, read) == (403, 0)


def test_a_revoked_or_disabled_uploader_is_refused(accounts: Engine,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    app = _app(accounts, monkeypatch)
    token = sign_in(accounts, "vanphong", PASSWORD, "10.0.0.1").value.token
    assert _put(app, token)[0] == 204
    sign_out(accounts, token)
    assert _put(app, token) == (403, 0)
    token = sign_in(accounts, "chuyenvien", PASSWORD, "10.0.0.1").value.token
    disable(accounts, ADMINISTRATOR, "chuyenvien")
    assert _put(app, token) == (403, 0)


def test_a_single_sign_on_session_uploads_by_its_linked_account(
        accounts: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    app = _app(accounts, monkeypatch)
    uploads.remember_session("sso-sess", "lanhdao")  # a viewer
    assert _put(app, session="sso-sess") == (403, 0)
    uploads.remember_session("sso-sess", "vanphong")
    assert _put(app, session="sso-sess")[0] == 204
    assert _put(app, session="other-sess") == (403, 0)  # only that session
    uploads.forget_session("sso-sess")
    assert _put(app, session="sso-sess") == (403, 0)
    uploads.remember_session("sso-sess", "chuyenvien")
    disable(accounts, ADMINISTRATOR, "chuyenvien")
    assert _put(app, session="sso-sess") == (403, 0)
    uploads.forget_session("sso-sess")


def test_the_upload_refusal_is_vietnamese(accounts: Engine,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    reply = call(_app(accounts, monkeypatch), "PUT", "/_stcore/upload_file/s/f")
    assert reply.status == 403 and "Không nhận tệp" in reply.body.decode()


def test_the_remembered_sessions_are_bounded() -> None:
    for i in range(uploads._MAX_REMEMBERED + 50):
        uploads.remember_session(f"s{i}", "vanphong")
    assert len(uploads._sso_sessions) == uploads._MAX_REMEMBERED
    assert "s0" not in uploads._sso_sessions
    uploads._sso_sessions.clear()
