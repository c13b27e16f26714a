"""The nginx block of docs/security.md, run for real: Debian's nginx on loopback in front
of a started app, signed in to over HTTPS (self-signed certificate) by a client on another
loopback address; then the same with the app trusting no proxy."""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import socket
import sqlite3
import ssl
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "e2e"))

from e2e_harness import (
    CHROMIUM_ARGS,
    AppServer,
    copy_db,
    find_chromium,
    free_port,
    new_context,
    sign_in,
    wait_idle,
)

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
HOST = "baocao.sokhcn.quangtri.gov.vn"
CLIENT = "127.0.0.2"  # the browser's address, as nginx sees it


def nginx_block() -> str:
    text = (ROOT / "docs" / "security.md").read_text(encoding="utf-8")
    found = re.search(r"<!-- nginx-block:.*?-->\s*```nginx\n(.*?)```\s*<!-- /nginx-block -->",
                      text, re.S)
    assert found, "docs/security.md has no nginx block between the markers"
    return found.group(1)


def _nginx() -> str:
    path = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists()
                                     else None)
    if path is None:
        message = "nginx not installed: run `make system-deps`"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


def _certificate(folder: Path) -> tuple[Path, Path]:
    cert, key = folder / "fullchain.pem", folder / "privkey.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-subj", f"/CN={HOST}", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    return cert, key


def _config(folder: Path, app_port: int, https_port: int, http_port: int) -> Path:
    cert, key = _certificate(folder)
    block = nginx_block()
    for old, new in (("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;"),
                     ("listen 80;", f"listen 127.0.0.1:{http_port};"),
                     ("server 127.0.0.1:8501;", f"server 127.0.0.1:{app_port};"),
                     ("/etc/ssl/sokhcn/fullchain.pem", str(cert)),
                     ("/etc/ssl/sokhcn/privkey.pem", str(key))):
        assert old in block, old  # the documented block still has what the test replaces
        block = block.replace(old, new)
    (folder / "sokhcn.conf").write_text(block, encoding="utf-8")
    conf = folder / "nginx.conf"
    conf.write_text(f"""
pid {folder}/nginx.pid;
error_log {folder}/error.log;
worker_processes 1;
events {{ worker_connections 512; }}
http {{
    access_log {folder}/access.log;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    include {folder}/sokhcn.conf;
}}
""", encoding="utf-8")
    return conf


def _wait_port(port: int, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise AssertionError(f"nothing listens on {port}")


def _front(demo_db_path: Path, folder: Path,
           **env: str) -> Iterator[tuple[AppServer, int, int]]:
    nginx = _nginx()
    server = AppServer(copy_db(demo_db_path, folder / "app.db"),
                       log_path=folder / "streamlit.log", extra_env=env)
    server.start()
    https_port, http_port = free_port(), free_port()
    conf = _config(folder, server.port, https_port, http_port)
    proc = subprocess.Popen([nginx, "-p", str(folder), "-c", str(conf), "-g", "daemon off;"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        _wait_port(https_port)
        yield server, https_port, http_port
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        server.stop()


@pytest.fixture(scope="module")
def behind_nginx(demo_db_path: Path, tmp_path_factory: pytest.TempPathFactory):
    yield from _front(demo_db_path, tmp_path_factory.mktemp("nginx"),
                      TRUSTED_PROXIES="127.0.0.1")


@pytest.fixture(scope="module")
def untrusting(demo_db_path: Path, tmp_path_factory: pytest.TempPathFactory):
    yield from _front(demo_db_path, tmp_path_factory.mktemp("nginx-untrusting"),
                      TRUSTED_PROXIES="")


def _https(port: int, method: str, path: str, body: bytes = b"",
           headers: dict | None = None) -> tuple[int, http.client.HTTPMessage, bytes]:
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    conn = http.client.HTTPSConnection("127.0.0.1", port, timeout=60, context=context,
                                       source_address=(CLIENT, 0))
    try:
        conn.request(method, path, body=body or None,
                     headers={"Host": HOST, **(headers or {})})
        response = conn.getresponse()
        return response.status, response.headers, response.read()
    finally:
        conn.close()


def _sign_in(port: int, username: str = "vanphong") -> tuple[int, http.client.HTTPMessage]:
    body = urlencode({"username": username, "password": "demo123",
                      "next": "/tong-quan?thang=2023-01"}).encode()
    status, headers, _ = _https(port, "POST", "/dang-nhap", body, {
        "Content-Type": "application/x-www-form-urlencoded", "Origin": f"https://{HOST}",
        "X-Forwarded-For": "6.6.6.6"})  # the client's own claim: never believed
    return status, headers


def _last_signin_source(server: AppServer) -> str:
    path = server.database_url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as conn:
        row = conn.execute("SELECT after FROM audit_log WHERE action = 'auth.signin' "
                           "ORDER BY id DESC").fetchone()
    return json.loads(row[0])["source"]


def test_sign_in_through_the_documented_nginx_block(behind_nginx) -> None:
    server, port, _ = behind_nginx
    status, headers = _sign_in(port)
    assert status == 303, status
    assert headers["Location"] == "/tong-quan?thang=2023-01"
    cookies = headers.get_all("Set-Cookie")
    assert {c.split("=", 1)[0] for c in cookies} == {"skhcn_session", "skhcn_device"}
    assert all("Secure" in c and "HttpOnly" in c for c in cookies)
    assert _last_signin_source(server) == CLIENT
    # HSTS from nginx, the app's own headers passed through.
    assert "max-age" in headers["Strict-Transport-Security"]
    token = next(c for c in cookies if c.startswith("skhcn_session=")).split(";")[0]
    status, page_headers, body = _https(port, "GET", "/tong-quan?thang=2023-01",
                                        headers={"Cookie": token, "Accept": "text/html"})
    assert status == 200 and b"<div id=\"root\">" in body
    assert "frame-ancestors 'none'" in page_headers["Content-Security-Policy"]


def test_plain_http_is_sent_to_https(behind_nginx) -> None:
    _, _, http_port = behind_nginx
    conn = http.client.HTTPConnection("127.0.0.1", http_port, timeout=10)
    try:
        conn.request("GET", "/tong-quan?thang=2023-01", headers={"Host": HOST})
        response = conn.getresponse()
        assert response.status == 301
        assert response.headers["Location"] == f"https://{HOST}/tong-quan?thang=2023-01"
    finally:
        conn.close()


def test_without_trusted_proxies_the_rewritten_host_is_cross_site(untrusting) -> None:
    _server, port, _ = untrusting
    status, headers = _sign_in(port)
    assert status == 403
    assert not headers.get_all("Set-Cookie")


def test_the_app_works_in_chromium_through_nginx(behind_nginx, browser) -> None:
    """The pages and Streamlit's WebSocket through the proxy (which rewrote Host)."""
    _, port, _ = behind_nginx
    chromium = find_chromium()
    if chromium is None:
        pytest.skip("Chromium not found")
    # A second Chromium from the process's one Playwright (a second sync_playwright() in
    # the same thread is refused): this one resolves the proxy's host name to 127.0.0.1.
    resolving = browser.browser_type.launch(
        executable_path=chromium, headless=True,
        args=[*CHROMIUM_ARGS, f"--host-resolver-rules=MAP {HOST} 127.0.0.1"])
    context = new_context(resolving, ignore_https_errors=True)
    try:
        page = context.new_page()
        page.goto(f"https://{HOST}:{port}/tong-quan?thang=2023-01",
                  wait_until="domcontentloaded")
        sign_in(page, "lanhdao", "demo123")
        wait_idle(page)
        assert page.url.endswith("/tong-quan?thang=2023-01")
        sidebar = page.locator("[data-testid='stSidebar']").inner_text()
        assert "Lãnh đạo Sở" in sidebar
        cookies = {c["name"]: c for c in context.cookies()}
        assert cookies["skhcn_session"]["secure"] and cookies["skhcn_device"]["secure"]
    finally:
        context.close()
        resolving.close()
