"""Single sign-on: an identity opens only the account an admin linked to its issuer and
subject; a name or e-mail opens nothing; an example or short cookie secret switches it off."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from actions.accounts import disable, link_sso, unlink_sso
from actions.base import FORBIDDEN, ActionError
from admin.cli import main as admin_main
from auth import sso
from store.audit_queries import audit_rows
from store.sso_identities import linked_username, list_links
from tests.actors import ADMINISTRATOR, OFFICE

ISS = "https://sso.quangtri.gov.vn/realms/sokhcn"
SUB = "5f0c1d2e-0000-4000-8000-00000000abcd"


@pytest.mark.parametrize(("claims", "key"), [
    ({"iss": ISS, "sub": SUB}, (ISS, SUB)),
    ({"iss": f" {ISS} ", "sub": f"\t{SUB}\n", "email": "a@b.vn"}, (ISS, SUB)),
    # Names and e-mails, however privileged they look, are no identity.
    ({"preferred_username": "quantri", "email": "quantri@sokhcn.gov.vn"}, None),
    ({"iss": ISS, "preferred_username": "quantri"}, None),
    ({"sub": SUB}, None),
    ({"iss": "", "sub": SUB}, None), ({"iss": ISS, "sub": "   "}, None),
    ({"iss": ISS, "sub": 42}, None), ({"iss": ["x"], "sub": SUB}, None),
    ({"iss": ISS, "sub": "x" * 256}, None), ({"iss": "i" * 256, "sub": SUB}, None),
    ({}, None),
])
def test_identity_is_issuer_and_subject_only(claims: dict, key: tuple | None) -> None:
    assert sso.identity_key(claims) == key


def test_subject_at_the_column_width_is_kept() -> None:
    assert sso.identity_key({"iss": ISS, "sub": "s" * 255}) == (ISS, "s" * 255)


def _secrets(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "secrets.toml"
    path.write_text(body, encoding="utf-8")
    return path


GOOD = "k" * 32


@pytest.mark.parametrize(("body", "state"), [
    ("", sso.OFF),
    ("[connections.db]\nurl = 'sqlite://'\n", sso.OFF),
    (f'[auth]\ncookie_secret = "{GOOD}"\nclient_id = "x"\n', sso.READY),
    # The example file's placeholder, in any case, anywhere in the value.
    ('[auth]\ncookie_secret = "CHANGE-ME-a-long-random-string"\n', sso.UNSAFE),
    (f'[auth]\ncookie_secret = "{GOOD}change-me"\n', sso.UNSAFE),
    ('[auth]\ncookie_secret = "' + "k" * 31 + '"\n', sso.UNSAFE),  # one short
    ('[auth]\nclient_id = "x"\n', sso.UNSAFE),  # no secret at all
    ('[auth]\ncookie_secret = 12345678901234567890123456789012345\n', sso.UNSAFE),
    ("[auth\nbroken", sso.OFF),  # unreadable file: no single sign-on
])
def test_sso_state_refuses_the_example_and_short_secrets(tmp_path: Path, body: str,
                                                         state: str) -> None:
    path = _secrets(tmp_path, body)
    assert sso.sso_state(path) == state
    assert sso.sso_configured(path) == (state == sso.READY)


def test_the_shipped_example_secret_is_refused() -> None:
    example = Path(__file__).resolve().parents[2] / ".streamlit" / "secrets.toml.example"
    assert sso.sso_state(example) == sso.UNSAFE


def test_missing_secrets_file_means_off(tmp_path: Path) -> None:
    assert sso.sso_state(tmp_path / "none.toml") == sso.OFF


def test_link_opens_exactly_the_linked_account(accounts: Engine) -> None:
    with accounts.connect() as conn:
        assert linked_username(conn, ISS, SUB) is None
    done = link_sso(accounts, ADMINISTRATOR, "lanhdao", f" {ISS} ", SUB)
    assert "lanhdao" in done.message() and SUB in done.message()
    with accounts.connect() as conn:
        assert linked_username(conn, ISS, SUB) == "lanhdao"
        # Same subject at another issuer, or another subject: nobody.
        assert linked_username(conn, ISS + "/other", SUB) is None
        assert linked_username(conn, ISS, SUB.upper()) is None
    rows = audit_rows(accounts, actions=["user.sso_link"])
    assert [(r["actor"], r["entity_id"], r["after"]) for r in rows] == [
        (ADMINISTRATOR.username, "lanhdao", {"issuer": ISS, "subject": SUB})]
    # A disabled account is no longer opened by its link.
    disable(accounts, ADMINISTRATOR, "lanhdao")
    with accounts.connect() as conn:
        assert linked_username(conn, ISS, SUB) is None


def test_an_identity_never_moves_silently(accounts: Engine) -> None:
    link_sso(accounts, ADMINISTRATOR, "lanhdao", ISS, SUB)
    for target in ("quantri", "lanhdao"):
        with pytest.raises(ActionError) as refused:
            link_sso(accounts, ADMINISTRATOR, target, ISS, SUB)
        assert refused.value.key == "admin.sso_already_linked"
        assert "lanhdao" in refused.value.message()
    done = unlink_sso(accounts, ADMINISTRATOR, ISS, SUB)
    assert "lanhdao" in done.message()
    link_sso(accounts, ADMINISTRATOR, "quantri", ISS, SUB)
    with accounts.connect() as conn:
        assert linked_username(conn, ISS, SUB) == "quantri"
    assert [r["action"] for r in audit_rows(accounts, actions=["user.sso_link",
                                                               "user.sso_unlink"])] == [
        "user.sso_link", "user.sso_unlink", "user.sso_link"]


@pytest.mark.parametrize(("username", "issuer", "subject", "key"), [
    ("lanhdao", "", SUB, "admin.sso_identity_missing"),
    ("lanhdao", ISS, "  ", "admin.sso_identity_missing"),
    ("lanhdao", None, SUB, "admin.sso_identity_missing"),
    ("lanhdao", ISS, "s" * 256, "admin.sso_identity_too_long"),
    ("khong.co", ISS, SUB, "admin.user_unknown"),
])
def test_bad_links_are_refused_and_change_nothing(accounts: Engine, username: str,
                                                  issuer, subject: str, key: str) -> None:
    before = audit_rows(accounts)
    with pytest.raises(ActionError) as refused:
        link_sso(accounts, ADMINISTRATOR, username, issuer, subject)
    assert refused.value.key == key
    assert refused.value.message() and "{" not in refused.value.message()
    with accounts.connect() as conn:
        assert list_links(conn) == []
    assert audit_rows(accounts) == before


def test_unlinking_what_is_not_linked_is_refused(accounts: Engine) -> None:
    with pytest.raises(ActionError) as refused:
        unlink_sso(accounts, ADMINISTRATOR, ISS, SUB)
    assert refused.value.key == "admin.sso_not_linked"


def test_only_admins_link(accounts: Engine) -> None:
    for actor in (OFFICE,):
        with pytest.raises(ActionError) as refused:
            link_sso(accounts, actor, actor.username, ISS, SUB)
        assert refused.value.key == FORBIDDEN


def test_the_command_line_links_lists_and_unlinks(accounts: Engine, sqlite_url: str,
                                                  monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture) -> None:
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    assert admin_main(["users", "link-sso", "lanhdao", "--issuer", ISS, "--subject", SUB]) == 0
    assert "Đã liên kết" in capsys.readouterr().out
    assert admin_main(["users", "sso-list"]) == 0
    listed = capsys.readouterr().out
    assert f"lanhdao\t{ISS}\t{SUB}\tcli:" in listed
    # Linking it again is refused with the reason, exit 1, no traceback.
    assert admin_main(["users", "link-sso", "quantri", "--issuer", ISS, "--subject", SUB]) == 1
    err = capsys.readouterr().err
    assert "đã được liên kết với tài khoản 'lanhdao'" in err and "Traceback" not in err
    assert admin_main(["users", "unlink-sso", "--issuer", ISS, "--subject", SUB]) == 0
    capsys.readouterr()
    assert admin_main(["users", "sso-list", "lanhdao"]) == 0
    assert capsys.readouterr().out == ""
