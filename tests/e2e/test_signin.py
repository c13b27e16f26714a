"""Signing in through the real form: repeated wrong passwords slow the account down."""

from __future__ import annotations

import pytest
from e2e_harness import on_sign_in_form, open_page, sign_in, sign_in_message

from core.messages import t

pytestmark = pytest.mark.e2e

LOCK_WORDS = "tạm dừng"  # in auth.locked: "Đăng nhập tạm dừng do nhập sai mật khẩu nhiều lần…"


def test_repeated_wrong_passwords_lock_the_account_for_a_while(fresh_server, page):
    open_page(page, fresh_server, "tong-quan")
    assert on_sign_in_form(page)

    messages = []
    for _attempt in range(7):
        sign_in(page, "chuyenvien", "sai-mat-khau")
        assert on_sign_in_form(page), "a wrong password must never let anyone in"
        messages.append(sign_in_message(page))
        if LOCK_WORDS in messages[-1]:
            break
    assert messages[0] == t("auth.wrong_credentials")
    assert LOCK_WORDS in messages[-1], messages
    assert len(messages) <= 6, "the account should be slowed down after a few failures"
    assert "phút" in messages[-1]

    # while slowed even the right password is not accepted from a browser that never
    # signed in to this account (the owner's own browser is: tests/security)
    sign_in(page, "chuyenvien", "demo123")
    assert on_sign_in_form(page)
    assert LOCK_WORDS in sign_in_message(page)

    # another account from the same browser is not locked by someone else's failures
    sign_in(page, "lanhdao", "demo123")
    assert not on_sign_in_form(page)
    assert "Lãnh đạo Sở" in page.locator("[data-testid='stSidebar']").inner_text()
