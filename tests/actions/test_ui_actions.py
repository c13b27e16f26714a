"""``ui.actions.run``: a refusal shown as its Vietnamese message, success as the action's own
text after the rerun, any other failure as a generic message and never a traceback."""

from __future__ import annotations

import functools

from streamlit.testing.v1 import AppTest


def _page() -> None:
    import streamlit as st

    from actions.base import ActionError, Done
    from ui.actions import flash, run

    def unlock(name: str, count: int = 0) -> Done:
        if name == "refused":
            raise ActionError("admin.user_unknown", username=name)
        if name == "broken":
            raise RuntimeError("database is locked")
        return Done("admin.unlocked", {"username": name, "count": count}, name.upper())

    flash()
    what = st.text_input("ai")
    if st.button("go"):
        run(unlock, what, count=2,
            on_refused=lambda refused: st.caption(f"chi tiết: {refused.key}"),
            on_done=lambda done: st.session_state.update(done_value=done.value))


def _click(name: str) -> AppTest:
    at = AppTest.from_function(_page, default_timeout=30).run()
    at.text_input[0].input(name)
    return at.button[0].click().run()


def test_success_is_the_actions_own_text_after_the_rerun() -> None:
    at = _click("vanphong")
    assert not at.exception and not at.error
    # The count comes from the action's result (it once showed "( lần sai được xóa)").
    assert [s.value for s in at.success] == ["Đã gỡ tạm khóa cho 'vanphong' (2 lần sai được xóa)."]
    assert at.success[0].icon == ":material/task_alt:"
    assert at.session_state["done_value"] == "VANPHONG"  # on_done saw the result
    assert not at.run().success  # shown once


def test_refusal_is_shown_with_its_details() -> None:
    at = _click("refused")
    assert [e.value for e in at.error] == ["Không có tài khoản 'refused'."]
    assert at.error[0].icon == ":material/error:"
    assert [c.value for c in at.caption] == ["chi tiết: admin.user_unknown"]
    assert not at.success and "done_value" not in at.session_state


def test_an_unexpected_failure_is_a_generic_vietnamese_error(caplog) -> None:
    at = _click("broken")
    assert not at.exception  # no traceback reaches the page
    assert [e.value for e in at.error] == [
        "Có lỗi không lường trước; chưa có gì được ghi. Vui lòng thử lại, nếu vẫn lỗi hãy báo "
        "quản trị hệ thống."]
    assert "database is locked" in caplog.text  # the log keeps the details
    assert [r.getMessage() for r in caplog.records if r.name == "ui.actions"] == [
        "action _page.<locals>.unlock failed"]
    assert at.error[0].icon == ":material/error:"


# --- on_submit: the action runs in the button's callback, before the page's run ---------


def _form_page() -> None:
    import streamlit as st

    from actions.base import ActionError, Done
    from ui.actions import flash, on_submit

    store = st.session_state.setdefault("stored", [])
    st.session_state["runs"] = st.session_state.get("runs", 0) + 1

    def keep(prefix: str, name: str, suffix: str) -> Done:
        if name == "refused":
            raise ActionError("admin.user_unknown", username=name)
        if name == "broken":
            raise RuntimeError("database is locked")
        store.append(prefix + name + suffix)
        return Done("admin.unlocked", {"username": name, "count": len(store)})

    flash()
    st.caption(f"đã lưu: {', '.join(store)}")  # what the page's run sees of the data
    with st.form("f"):
        st.text_input("ai", key="who")
        st.form_submit_button("lưu", on_click=on_submit(
            keep, "@", arguments=lambda: (st.session_state["who"], "!")))


def _submit(name: str) -> AppTest:
    at = AppTest.from_function(_form_page, default_timeout=30).run()
    at.text_input[0].input(name)
    at.button[0].click()
    return at.run()


def test_on_submit_writes_before_the_run_that_shows_it() -> None:
    at = _submit("vanphong")
    assert not at.exception and not at.error
    assert at.session_state["stored"] == ["@vanphong!"]  # arguments read at the press
    # the one run after the press already shows the new data and the action's own text
    assert at.session_state["runs"] == 2
    assert [c.value for c in at.caption] == ["đã lưu: @vanphong!"]
    assert [s.value for s in at.success] == ["Đã gỡ tạm khóa cho 'vanphong' (1 lần sai được xóa)."]
    assert at.success[0].icon == ":material/task_alt:"
    at = at.run()
    assert not at.success and not at.error  # shown once


def test_on_submit_refusal_is_shown_once_and_writes_nothing() -> None:
    at = _submit("refused")
    assert [e.value for e in at.error] == ["Không có tài khoản 'refused'."]
    assert at.error[0].icon == ":material/error:"
    assert not at.success and at.session_state["stored"] == []
    assert not at.run().error


def test_on_submit_unexpected_failure_is_generic(caplog) -> None:
    at = _submit("broken")
    assert not at.exception
    assert [e.value for e in at.error] == [
        "Có lỗi không lường trước; chưa có gì được ghi. Vui lòng thử lại, nếu vẫn lỗi hãy báo "
        "quản trị hệ thống."]
    assert at.session_state["stored"] == []
    assert "database is locked" in caplog.text
    assert "action _form_page.<locals>.keep failed" in caplog.text


def test_a_failing_callable_without_a_name_is_logged_as_itself(caplog) -> None:
    from ui.actions import _unexpected

    def broken(reason: str) -> None:
        raise RuntimeError(reason)

    try:
        functools.partial(broken, "disk full")()
    except RuntimeError:
        text = _unexpected(functools.partial(broken, "disk full"))
    assert text.startswith("Có lỗi không lường trước")
    (record,) = [r for r in caplog.records if r.name == "ui.actions"]
    assert record.getMessage().startswith("action functools.partial(<function ")
    assert record.exc_info is not None and "disk full" in caplog.text
