"""``ui.actions.run``: a refusal shown as its Vietnamese message, success as the action's own
text after the rerun, any other failure as a generic message and never a traceback."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def _page() -> None:
    import streamlit as st

    from actions.base import ActionError, Done
    from ui.actions import flash, run

    def unlock(name: str) -> Done:
        if name == "refused":
            raise ActionError("admin.user_unknown", username=name)
        if name == "broken":
            raise RuntimeError("database is locked")
        return Done("admin.unlocked", {"username": name, "count": 2})

    flash()
    what = st.text_input("ai")
    if st.button("go"):
        run(unlock, what, on_refused=lambda refused: st.caption(f"chi tiết: {refused.key}"))


def _click(name: str) -> AppTest:
    at = AppTest.from_function(_page, default_timeout=30).run()
    at.text_input[0].input(name)
    return at.button[0].click().run()


def test_success_is_the_actions_own_text_after_the_rerun() -> None:
    at = _click("vanphong")
    assert not at.exception and not at.error
    # The count comes from the action's result (it once showed "( lần sai được xóa)").
    assert [s.value for s in at.success] == ["Đã gỡ tạm khóa cho 'vanphong' (2 lần sai được xóa)."]
    assert not at.run().success  # shown once


def test_refusal_is_shown_with_its_details() -> None:
    at = _click("refused")
    assert [e.value for e in at.error] == ["Không có tài khoản 'refused'."]
    assert [c.value for c in at.caption] == ["chi tiết: admin.user_unknown"]
    assert not at.success


def test_an_unexpected_failure_is_a_generic_vietnamese_error(caplog) -> None:
    at = _click("broken")
    assert not at.exception  # no traceback reaches the page
    assert [e.value for e in at.error] == [
        "Có lỗi không lường trước; chưa có gì được ghi. Vui lòng thử lại, nếu vẫn lỗi hãy báo "
        "quản trị hệ thống."]
    assert "database is locked" in caplog.text  # the log keeps the details
