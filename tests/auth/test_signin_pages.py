"""The Streamlit side of signing in (AppTest): the same-tab forms, the example-secret notice,
single sign-on opening only a linked account, and the admin's linking of identities."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import streamlit as st
from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from actions.accounts import link_sso
from auth import sso
from store.audit_queries import audit_rows
from store.sso_identities import list_links
from tests.actors import ADMINISTRATOR

ROOT = Path(__file__).resolve().parents[2]
ISS, SUB = "https://sso.quangtri.gov.vn/realms/sokhcn", "a1b2c3d4-sub"


@pytest.fixture
def app_db(accounts: Engine, monkeypatch: pytest.MonkeyPatch) -> Engine:
    monkeypatch.setenv("DATABASE_URL", accounts.url.render_as_string(hide_password=False))
    from ui.db import engine

    engine.clear()
    st.cache_data.clear()  # ui.data is keyed on the data version, not the database
    yield accounts
    engine.clear()


def _html(at: AppTest) -> str:
    return " ".join(str(e.proto.body) for e in at.get("html"))


def _texts(at: AppTest) -> str:
    parts = [e.value for e in (*at.markdown, *at.error, *at.warning, *at.subheader,
                               *at.caption, *at.success)]
    # user text is shown Markdown-escaped (ui.text): read it as the browser shows it
    return re.sub(r"\\(.)", r"\1", " ".join(str(p) for p in parts))


def test_sign_in_prompt_is_a_same_tab_form_keeping_the_address(app_db: Engine) -> None:
    at = AppTest.from_file(str(ROOT / "pages/overview.py"), default_timeout=60)
    at.query_params["thang"] = '2023-01"><script>x</script>'
    at.run()
    assert not at.exception
    html = _html(at)
    assert '<form class="skhcn-nav" method="get" action="/dang-nhap">' in html
    assert 'name="next"' in html and "Đăng nhập" in html
    assert "<script>x" not in html  # the address is escaped in the form
    assert 'target="_blank"' not in html and not at.get("link_button")
    assert not at.dataframe


def test_signed_in_sign_out_is_a_same_tab_form(app_db: Engine) -> None:
    from ui.login import nav_form

    form = nav_form("/dang-xuat", "Đăng xuất")
    assert 'method="get" action="/dang-xuat"' in form and "target" not in form
    assert nav_form("/x", '"><b>', {"next": "<i>"}).count("<b>") == 0


def _secrets(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, secret: str) -> None:
    path = tmp_path / "secrets.toml"
    path.write_text(f'[auth]\ncookie_secret = "{secret}"\nclient_id = "x"\n',
                    encoding="utf-8")
    monkeypatch.setattr(sso, "SECRETS_PATH", path)


def test_example_secret_is_said_on_the_sign_in_screen(app_db: Engine, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    _secrets(tmp_path, monkeypatch, "CHANGE-ME-a-long-random-string")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception
    assert "Đăng nhập một lần (SSO) đang tắt" in _texts(at)
    assert not [b for b in at.button if "SSO" in b.label]


def _sso_page() -> None:
    """A page asking who is signed in (st.user is replaced by the test)."""
    import streamlit as st

    import ui.login

    user = ui.login.current_user()
    st.write(f"user={user.username if user else None}")


class _ForgedUser:
    """What ``st.user`` says after a (forged or real) identity cookie."""

    is_logged_in = True

    def __init__(self, claims: dict) -> None:
        self.claims = claims

    def to_dict(self) -> dict:
        return self.claims


def _run_sso(claims: dict, monkeypatch: pytest.MonkeyPatch, state: str = "ready") -> AppTest:
    import streamlit as st

    import ui.login

    monkeypatch.setattr(st, "user", _ForgedUser(claims))
    monkeypatch.setattr(ui.login, "sso_state", lambda *_a: state)
    return AppTest.from_function(_sso_page, default_timeout=60).run()


@pytest.mark.parametrize("claims", [
    {"preferred_username": "quantri", "email": "quantri@sokhcn.gov.vn",
     "email_verified": True},
    {"iss": ISS, "sub": "someone-else", "preferred_username": "quantri"},
    {"iss": ISS + "x", "sub": SUB},
    {"sub": SUB, "email": "quantri"},
])
def test_sso_never_maps_a_name_onto_an_account(app_db: Engine, claims: dict,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    link_sso(app_db, ADMINISTRATOR, "lanhdao", ISS, SUB)
    at = _run_sso(claims, monkeypatch)
    assert not at.exception, at.exception
    assert "user=None" in _texts(at)
    refused = audit_rows(app_db, actions=["auth.failure"])
    assert [r["after"]["method"] for r in refused] == ["sso"]


def test_sso_opens_the_linked_account_and_audits_it_once(app_db: Engine,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    link_sso(app_db, ADMINISTRATOR, "lanhdao", ISS, SUB)
    at = _run_sso({"iss": ISS, "sub": SUB, "preferred_username": "quantri"}, monkeypatch)
    assert "user=lanhdao" in _texts(at)
    at.run()
    rows = audit_rows(app_db, actions=["auth.signin"])
    assert [(r["actor"], r["after"]["method"], r["after"]["subject"]) for r in rows] == [
        ("lanhdao", "sso", SUB)]


@pytest.mark.parametrize("state", [sso.UNSAFE, sso.OFF])
def test_a_forged_identity_cookie_is_ignored_while_sso_is_refused(
        app_db: Engine, monkeypatch: pytest.MonkeyPatch, state: str) -> None:
    """With the example secret anyone can sign an identity cookie: even a linked identity
    opens nothing then, and nothing is audited as a sign-in."""
    link_sso(app_db, ADMINISTRATOR, "quantri", ISS, SUB)
    at = _run_sso({"iss": ISS, "sub": SUB}, monkeypatch, state)
    assert "user=None" in _texts(at)
    assert audit_rows(app_db, actions=["auth.signin", "auth.failure"]) == []


def _admin_page() -> AppTest:
    at = AppTest.from_file(str(ROOT / "pages/administration.py"), default_timeout=60)
    at.session_state["user"] = "quantri"
    at.run()
    at.selectbox(key="adm_target").select("lanhdao").run()
    return at


def _sso_form(at: AppTest, issuer: str, subject: str) -> AppTest:
    inputs = [i for i in at.text_input if i.label in ("Nhà cung cấp (issuer)",
                                                        "Mã định danh (subject)")]
    inputs[0].input(issuer)
    inputs[1].input(subject)
    button = next(b for b in at.button if b.label == "Liên kết")
    return button.click().run()


def test_admin_links_and_unlinks_an_identity_on_the_page(app_db: Engine) -> None:
    at = _admin_page()
    assert not at.exception
    assert "chưa có liên kết" in _texts(at)
    at = _sso_form(at, ISS, SUB)
    assert not at.exception and not at.error
    assert f"Đã liên kết danh tính đăng nhập một lần '{SUB}'" in _texts(at)
    with app_db.connect() as conn:
        assert [(link.username, link.issuer, link.subject) for link in list_links(conn)] == [
            ("lanhdao", ISS, SUB)]
    at = next(b for b in at.button if b.label == "Gỡ liên kết").click().run()
    assert "Đã gỡ liên kết" in _texts(at)
    with app_db.connect() as conn:
        assert list_links(conn) == []
    assert [r["action"] for r in audit_rows(app_db, actor="quantri",
                                            actions=["user.sso_link", "user.sso_unlink"])] == [
        "user.sso_unlink", "user.sso_link"]


@pytest.mark.parametrize(("issuer", "subject", "says"), [
    ("", SUB, "Cần nhập đủ nhà cung cấp"),
    (ISS, "", "Cần nhập đủ nhà cung cấp"),
])
def test_admin_page_refuses_an_incomplete_identity(app_db: Engine, issuer: str, subject: str,
                                                   says: str) -> None:
    at = _sso_form(_admin_page(), issuer, subject)
    assert not at.exception
    assert any(says in e.value for e in at.error)
    with app_db.connect() as conn:
        assert list_links(conn) == []
