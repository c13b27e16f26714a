"""A forged single sign-on cookie against a started app (issue #11: "with the example cookie
secret left in place a forged cookie opened the admin page").

The attacker signs Streamlit's identity cookie (``_streamlit_user``) with the secret of
``.streamlit/secrets.toml.example``, opens a WebSocket session as a browser would and asks
for the admin page. With the example secret single sign-on is refused: nothing opens, the
page says why, the log says how to fix it. With a real secret, an identity opens exactly the
account an admin linked to its issuer and subject — a cookie naming ``quantri`` does not.
"""

from __future__ import annotations

import json
import sqlite3
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "e2e"))

from e2e_harness import AppServer, copy_db

from tests.security.test_signin_server import _request, _xsrf

pytestmark = pytest.mark.e2e

EXAMPLE_SECRET = "CHANGE-ME-a-long-random-string"
GOOD_SECRET = "a-real-secret-of-the-department-" + "k" * 24
ISS, SUB = "https://sso.quangtri.gov.vn/realms/sokhcn", "0d5c2f7e-admin-subject"


def _serve(demo_db_path: Path, folder: Path, secret: str,
           link: tuple[str, str, str] | None = None) -> Iterator[AppServer]:
    """A server whose secrets.toml has ``[auth]`` with ``secret`` (read by Streamlit from
    $HOME/.streamlit, by our code through SECRETS_FILE)."""
    home = folder / "home"
    (home / ".streamlit").mkdir(parents=True)
    secrets = home / ".streamlit" / "secrets.toml"
    secrets.write_text(f'[auth]\nredirect_uri = "http://127.0.0.1/oauth2callback"\n'
                       f'cookie_secret = "{secret}"\nclient_id = "baocao"\n'
                       f'client_secret = "x"\nserver_metadata_url = "http://127.0.0.1/x"\n',
                       encoding="utf-8")
    url = copy_db(demo_db_path, folder / "app.db")
    if link:
        with sqlite3.connect(url.removeprefix("sqlite:///")) as conn:
            conn.execute("INSERT INTO sso_identity VALUES (?, ?, ?, 'test', ?)",
                         (*link, datetime.now(UTC).isoformat()))
    server = AppServer(url, log_path=folder / "streamlit.log",
                       extra_env={"HOME": str(home), "SECRETS_FILE": str(secrets)})
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def example_secret(demo_db_path: Path, tmp_path_factory: pytest.TempPathFactory):
    # Even a linked identity must open nothing while the secret is the example's.
    yield from _serve(demo_db_path, tmp_path_factory.mktemp("sso-example"), EXAMPLE_SECRET,
                      link=(ISS, SUB, "quantri"))


@pytest.fixture(scope="module")
def real_secret(demo_db_path: Path, tmp_path_factory: pytest.TempPathFactory):
    yield from _serve(demo_db_path, tmp_path_factory.mktemp("sso-real"), GOOD_SECRET,
                      link=(ISS, SUB, "quantri"))


def _forged(server: AppServer, secret: str, claims: dict) -> str:
    from streamlit.web.server.starlette.starlette_app_utils import create_signed_value

    payload = {"origin": server.base_url, "is_logged_in": True, **claims}
    return create_signed_value(secret, "_streamlit_user", json.dumps(payload)).decode()


def _page_text(server: AppServer, cookies: dict[str, str], page: str) -> str:
    """Everything the server sends a WebSocket session that asks for ``page``."""
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    from websockets.sync.client import connect

    cookie = "; ".join(f"{k}={v}" for k, v in cookies.items())
    url = server.url("_stcore/stream").replace("http://", "ws://")
    seen: list[bytes] = []
    with connect(url, subprotocols=["streamlit", cookies["_streamlit_xsrf"]],
                 additional_headers={"Cookie": cookie, "Origin": server.base_url}) as ws:
        msg = BackMsg()
        msg.rerun_script.query_string = ""
        msg.rerun_script.page_name = page
        ws.send(msg.SerializeToString())
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            data = ws.recv(timeout=90)
            forward = ForwardMsg()
            forward.ParseFromString(data)
            seen.append(data)
            if forward.WhichOneof("type") == "script_finished":
                break
    # The texts travel as UTF-8 strings inside the messages.
    return b"\n".join(seen).decode("utf-8", "replace")


# A tab of the admin page only (the refusal text itself says "Tài khoản …").
ADMIN_TAB = "Chỉ tiêu năm"


@pytest.mark.parametrize("claims", [
    {"iss": ISS, "sub": SUB},  # the linked identity itself
    {"preferred_username": "quantri", "email": "quantri@sokhcn.gov.vn",
     "email_verified": True},
])
def test_a_cookie_forged_with_the_example_secret_opens_nothing(example_secret: AppServer,
                                                               claims: dict) -> None:
    cookies = {"_streamlit_xsrf": _xsrf(example_secret),
               "_streamlit_user": _forged(example_secret, EXAMPLE_SECRET, claims)}
    text = _page_text(example_secret, cookies, "quan-tri")
    assert ADMIN_TAB not in text
    assert "Đăng nhập một lần (SSO) đang tắt" in text
    # The page address itself goes to the sign-in form, which says why SSO is off.
    status, headers, _ = _request(example_secret, "GET", "/quan-tri?sso=1", headers={
        "Accept": "text/html", "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())})
    assert status == 302 and headers["Location"].startswith("/dang-nhap")
    _, _, form = _request(example_secret, "GET", "/dang-nhap")
    assert "Đăng nhập một lần (SSO) đang tắt".encode() in form
    assert "Không khởi động đăng nhập một lần (SSO)" in example_secret.log_text()


def test_with_a_real_secret_only_the_linked_identity_opens_its_account(
        real_secret: AppServer) -> None:
    xsrf = _xsrf(real_secret)
    named = {"_streamlit_xsrf": xsrf, "_streamlit_user": _forged(
        real_secret, GOOD_SECRET, {"iss": ISS, "sub": "someone-else",
                                   "preferred_username": "quantri"})}
    assert ADMIN_TAB not in _page_text(real_secret, named, "quan-tri")
    linked = {"_streamlit_xsrf": xsrf, "_streamlit_user": _forged(
        real_secret, GOOD_SECRET, {"iss": ISS, "sub": SUB})}
    assert ADMIN_TAB in _page_text(real_secret, linked, "quan-tri")  # the test can see it
    # A cookie signed with another secret is no identity at all.
    other = {"_streamlit_xsrf": xsrf, "_streamlit_user": _forged(
        real_secret, EXAMPLE_SECRET, {"iss": ISS, "sub": SUB})}
    assert ADMIN_TAB not in _page_text(real_secret, other, "quan-tri")
