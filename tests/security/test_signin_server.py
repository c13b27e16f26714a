"""Against a started app (``streamlit run app.py`` over the demo database, plain HTTP and a
real WebSocket session): the big sign-in post, the anonymous and the viewer's upload, the
headers on every response, forwarded headers believed only from trusted proxies."""

from __future__ import annotations

import http.client
import socket
import sqlite3
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "e2e"))

from e2e_harness import AppServer, serve_copy

pytestmark = pytest.mark.e2e

DEMO_PASSWORD = "demo123"


@pytest.fixture(scope="module")
def server(demo_db_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppServer]:
    yield from serve_copy(demo_db_path, tmp_path_factory.mktemp("hardening"))


@pytest.fixture(scope="module")
def proxied(demo_db_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppServer]:
    """A server told that 127.0.0.1 is its reverse proxy."""
    yield from serve_copy(demo_db_path, tmp_path_factory.mktemp("proxied"),
                      TRUSTED_PROXIES="127.0.0.1")


def _request(server: AppServer, method: str, path: str, body: bytes = b"",
             headers: dict | None = None) -> tuple[int, http.client.HTTPMessage, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        conn.request(method, path, body=body or None, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.headers, response.read()
    finally:
        conn.close()


def _sign_in(server: AppServer, username: str, password: str = DEMO_PASSWORD,
             headers: dict | None = None) -> tuple[int, http.client.HTTPMessage]:
    body = urlencode({"username": username, "password": password, "next": "/"}).encode()
    status, hdrs, _ = _request(server, "POST", "/dang-nhap", body, {
        "Content-Type": "application/x-www-form-urlencoded", **(headers or {})})
    return status, hdrs


def _token(server: AppServer, username: str) -> str:
    status, hdrs = _sign_in(server, username)
    assert status == 303, status
    cookie = next(c for c in hdrs.get_all("Set-Cookie") if c.startswith("skhcn_session="))
    return cookie.split(";")[0].split("=", 1)[1]


def _rss_kb(server: AppServer) -> int:
    status = Path(f"/proc/{server.process.pid}/status").read_text()
    return int(next(line for line in status.splitlines() if line.startswith("VmRSS")).split()[1])


def _raw(server: AppServer, head: bytes) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", server.port), timeout=10)
    sock.sendall(head)
    return sock


def _status_line(sock: socket.socket) -> str:
    data = b""
    while b"\r\n" not in data:
        chunk = sock.recv(4096)
        if not chunk:
            break
        data += chunk
    return data.split(b"\r\n", 1)[0].decode()


def test_a_600_mb_sign_in_post_is_refused_without_reading_it(server: AppServer) -> None:
    before = _rss_kb(server)
    head = (b"POST /dang-nhap HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/x-www-form-urlencoded\r\n"
            b"Content-Length: 629145600\r\n\r\n")
    started = time.monotonic()
    sock = _raw(server, head + b"username=a&password=" + b"p" * 65536)
    try:
        assert _status_line(sock).startswith("HTTP/1.1 413")
    finally:
        sock.close()
    assert time.monotonic() - started < 5
    assert _rss_kb(server) - before < 50_000  # not the 1,1 GB of reading it
    assert _request(server, "GET", "/_stcore/health")[0] == 200


def test_a_chunked_sign_in_post_is_cut_short(server: AppServer) -> None:
    head = (b"POST /dang-nhap HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/x-www-form-urlencoded\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n")
    sock = _raw(server, head)
    chunk = b"10000\r\n" + b"p" * 65536 + b"\r\n"
    sent = 0
    sock.settimeout(0.05)
    status = ""
    try:
        while sent < 64 * 1024 * 1024 and not status:
            try:
                sock.sendall(chunk)
                sent += 65536
            except OSError:  # the server closed the connection: read its answer
                break
            try:
                data = sock.recv(4096)
                status = data.split(b"\r\n", 1)[0].decode() if data else "closed"
            except TimeoutError:
                continue
        if not status:
            sock.settimeout(5)
            status = _status_line(sock)
    finally:
        sock.close()
    assert status.startswith("HTTP/1.1 413"), status
    assert sent < 4 * 1024 * 1024  # refused long before the sender stopped on its own


@contextmanager
def _session(server: AppServer, cookies: dict[str, str]) -> Iterator[str]:
    """A Streamlit session opened over the WebSocket as a browser would (its id), open
    until the block ends."""
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    from websockets.sync.client import connect

    cookie = "; ".join(f"{k}={v}" for k, v in cookies.items())
    url = server.url("_stcore/stream").replace("http://", "ws://")
    with connect(url, subprotocols=["streamlit", cookies["_streamlit_xsrf"]],
                 additional_headers={"Cookie": cookie, "Origin": server.base_url}) as ws:
        msg = BackMsg()
        msg.rerun_script.query_string = ""
        ws.send(msg.SerializeToString())
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            forward = ForwardMsg()
            forward.ParseFromString(ws.recv(timeout=60))
            if forward.WhichOneof("type") == "new_session":
                yield forward.new_session.initialize.session_id
                return
        raise AssertionError("no session")


def _xsrf(server: AppServer) -> str:
    _, hdrs, _ = _request(server, "GET", "/_stcore/health")
    cookie = next(c for c in hdrs.get_all("Set-Cookie") if c.startswith("_streamlit_xsrf="))
    return cookie.split(";")[0].split("=", 1)[1]


def _upload(server: AppServer, session: str, cookies: dict[str, str],
            size: int = 2 * 1024 * 1024) -> int:
    boundary = uuid.uuid4().hex
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; "
            f"filename=\"bao-cao.xlsx\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            ).encode() + b"\0" * size + f"\r\n--{boundary}--\r\n".encode()
    status, _, _ = _request(server, "PUT", f"/_stcore/upload_file/{session}/f-{uuid.uuid4()}",
                            body, {"Content-Type": f"multipart/form-data; boundary={boundary}",
                                   "X-Xsrftoken": cookies["_streamlit_xsrf"],
                                   "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
                                   "Origin": server.base_url})
    return status


@pytest.mark.parametrize(("username", "expected"), [
    (None, 403), ("lanhdao", 403), ("vanphong", 204), ("chuyenvien", 204), ("quantri", 204)])
def test_streamlit_uploads_need_a_role_that_uploads(server: AppServer, username: str | None,
                                                    expected: int) -> None:
    cookies = {"_streamlit_xsrf": _xsrf(server)}
    if username:
        cookies["skhcn_session"] = _token(server, username)
    with _session(server, cookies) as session:
        assert _upload(server, session, cookies) == expected


@pytest.mark.parametrize(("method", "path"), [
    ("GET", "/"), ("GET", "/tong-quan"), ("GET", "/dang-nhap"), ("GET", "/_stcore/health"),
    ("GET", "/_stcore/host-config"), ("GET", "/khong-co-trang-nay.json"),
    ("PUT", "/_stcore/upload_file/x/y")])
def test_every_response_has_the_security_headers(server: AppServer, method: str,
                                                 path: str) -> None:
    _, hdrs, _ = _request(server, method, path, headers={"Accept": "text/html"})
    assert hdrs["X-Frame-Options"] == "DENY"
    assert hdrs["X-Content-Type-Options"] == "nosniff"
    assert hdrs["Referrer-Policy"] == "same-origin"
    assert "frame-ancestors 'none'" in hdrs["Content-Security-Policy"]


def test_the_app_page_allows_streamlits_inline_script_by_hash(server: AppServer) -> None:
    token = _token(server, "lanhdao")
    status, hdrs, body = _request(server, "GET", "/tong-quan",
                                  headers={"Accept": "text/html",
                                           "Cookie": f"skhcn_session={token}"})
    assert status == 200 and b"prerenderReady" in body
    policy = hdrs["Content-Security-Policy"]
    scripts = policy.split("script-src", 1)[1].split(";", 1)[0]
    assert "'sha256-" in scripts and "'unsafe-inline'" not in scripts
    assert hdrs["Cache-Control"] == "no-store"


def _last_source(server: AppServer, action: str) -> str:
    path = server.database_url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as conn:
        row = conn.execute("SELECT after FROM audit_log WHERE action = ? ORDER BY id DESC",
                           (action,)).fetchone()
    import json

    return json.loads(row[0])["source"]


def test_forwarded_headers_are_not_believed_without_the_setting(server: AppServer) -> None:
    """The default start trusts no proxy — not even uvicorn's default 127.0.0.1."""
    status, hdrs = _sign_in(server, "lanhdao", headers={
        "X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https"})
    assert status == 303
    assert not any("Secure" in c for c in hdrs.get_all("Set-Cookie"))
    assert _last_source(server, "auth.signin") == "127.0.0.1"


def test_behind_a_trusted_proxy_that_rewrites_host(proxied: AppServer) -> None:
    status, hdrs = _sign_in(proxied, "vanphong", headers={
        "Host": "127.0.0.1:8501", "Origin": "https://baocao.sokhcn.gov.vn",
        "X-Forwarded-Host": "baocao.sokhcn.gov.vn", "X-Forwarded-Proto": "https",
        "X-Forwarded-For": "6.6.6.6, 203.0.113.9"})
    assert status == 303
    cookies = hdrs.get_all("Set-Cookie")
    assert len(cookies) == 2 and all("Secure" in c for c in cookies)
    assert _last_source(proxied, "auth.signin") == "203.0.113.9"
    # Without the forwarded host the same request is a cross-site one.
    status, _ = _sign_in(proxied, "vanphong", headers={
        "Host": "127.0.0.1:8501", "Origin": "https://baocao.sokhcn.gov.vn"})
    assert status == 403
