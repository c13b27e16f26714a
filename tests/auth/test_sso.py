"""Single sign-on's mapping: an identity gets the role of the active account it names."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from actions.accounts import disable
from auth.sso import identity_names
from store.users import first_active_user
from tests.actors import ADMINISTRATOR


@pytest.mark.parametrize(("claims", "names"), [
    ({"email": "An@SoKHCN.gov.vn", "preferred_username": "an"}, ["an@sokhcn.gov.vn", "an"]),
    ({"email": "an@x.vn", "preferred_username": "an@x.vn"}, ["an@x.vn"]),
    ({"preferred_username": " lanhdao "}, ["lanhdao"]),
    ({"email": "an@x.vn", "email_verified": False, "preferred_username": "lanhdao"}, []),
    ({"email": "", "preferred_username": None}, []),
    ({}, []),
])
def test_identity_names(claims: dict, names: list[str]) -> None:
    assert identity_names(claims) == names


def test_an_identity_maps_onto_the_first_active_account(accounts: Engine) -> None:
    claims = {"email": "khong.co@x.vn", "preferred_username": "lanhdao"}
    with accounts.connect() as conn:
        assert first_active_user(conn, identity_names(claims)).role == "viewer"
    disable(accounts, ADMINISTRATOR, "lanhdao")
    with accounts.connect() as conn:
        assert first_active_user(conn, identity_names(claims)) is None
        unverified = {"email": "lanhdao", "email_verified": False}
        assert first_active_user(conn, identity_names(unverified)) is None
