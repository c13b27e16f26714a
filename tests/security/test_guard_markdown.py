"""Text from the address, a file, a user or an upload is shown as text, never as Markdown:
a crafted ``?thang=[Đăng nhập lại](//evil.co)`` renders no link and ``![](http://…)`` makes
the browser fetch nothing. Every markdown-rendering element of the page is rendered here the
way the browser renders Markdown (CommonMark, with bare-address autolinks) and must hold
no link, image nor raw HTML."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import streamlit as st
from markdown_it import MarkdownIt
from streamlit.testing.v1 import AppTest

from actions.base import ActionError, Done
from etl.problems import error
from tests.apptest_db import use_database
from ui.text import done_lines, message_text, problem_text, safe_t

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = [
    "[Đăng nhập lại](//evil.co)",
    "![](http://evil.co/pixel.png)",
    "<img src=http://evil.co/x>",
    "[x][1]\n\n[1]: http://evil.co",
    "http://evil.co/a",
    "www.evil.co",
    "<http://evil.co>",
    ":red[đỏ] **đậm** $x$",
]
MARKDOWN_KINDS = ("title", "subheader", "markdown", "caption", "info", "success", "warning",
                  "error")

try:
    import linkify_it  # noqa: F401 - the browser's GFM turns bare addresses into links

    LINKIFY = True
except ImportError:  # pragma: no cover - then bare addresses are checked by hand below
    LINKIFY = False
_RENDER = MarkdownIt("gfm-like" if LINKIFY else "commonmark")


def _active(markdown: str) -> list[str]:
    """What the browser would make active out of ``markdown``: links (but the app's own
    links to its pages, ``/xu-huong?…``), images, raw HTML, and bare web addresses
    (autolinked by GFM)."""
    html = _RENDER.render(markdown)
    found = re.findall(r"<(img|script|iframe)\b", html)
    found += [href for href in re.findall(r'<a\b[^>]*href="([^"]*)"', html)
              if not re.match(r"^/[a-z-]+(\?[\w=&;,-]*)?$", href)]
    found += ["a"] * (html.count("<a") - len(re.findall(r"<a\b[^>]*href=", html)))
    if not LINKIFY:
        found += re.findall(r"(?<!\\)(?:https?:|www\.)", markdown)
    return found


def _page_markdown(at: AppTest) -> list[str]:
    return [str(e.value) for kind in MARKDOWN_KINDS for e in getattr(at, kind)]


@pytest.mark.parametrize("text", HOSTILE)
def test_the_helpers_keep_hostile_parameters_plain(text: str) -> None:
    assert _active(text) or ":red" in text  # the case is hostile when not escaped
    shown = [
        safe_t("dashboard.bad_month", param="thang", value=text),
        message_text(ActionError("admin.user_unknown", username=text)),
        *done_lines(Done("admin.unlocked", {"username": text, "count": 2},
                         more=(("admin.unlocked", {"username": text, "count": 1}),))),
        problem_text(error("unknown_unit", "Sheet", 3, "B", unit=text)),
    ]
    for line in shown:
        assert _active(line) == [], line
        assert ":red[" not in line and "**" not in line


def _run_page(name: str, **params: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "pages" / f"{name}.py"), default_timeout=180)
    at.session_state["user"] = "lanhdao"
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


@pytest.fixture
def demo_pages(demo_db_path: Path, monkeypatch: pytest.MonkeyPatch):

    use_database(f"sqlite:///{demo_db_path}", monkeypatch)
    yield _run_page
    st.cache_resource.clear()
    st.cache_data.clear()


@pytest.mark.parametrize("page", ["overview", "trends", "status", "month_report"])
def test_hostile_address_parameters_render_no_link_nor_image(demo_pages, page: str) -> None:
    params = {"thang": HOSTILE[0], "tu": HOSTILE[1], "den": HOSTILE[4],
              "chi_tieu": HOSTILE[2], "don_vi": HOSTILE[5], "duyet": HOSTILE[6],
              "so": HOSTILE[7], "ky": HOSTILE[0]}
    at = demo_pages(page, **params)
    assert not at.exception
    shown = _page_markdown(at)
    # The bad values are echoed back (shortened), as text.
    assert any("evil" in s or "Đăng nhập lại" in s for s in shown)
    for text in shown:
        assert _active(text) == [], text


def _run_action_page(name: str) -> AppTest:
    def page() -> None:
        import streamlit as st

        from actions.base import ActionError, Done
        from ui.actions import flash, run

        def act(who: str) -> Done:
            if who.startswith("NO "):
                raise ActionError("admin.user_unknown", username=who[3:])
            return Done("admin.unlocked", {"username": who, "count": 1})

        flash()
        what = st.text_input("ai")
        if st.button("go"):
            run(act, what)

    at = AppTest.from_function(page, default_timeout=30).run()
    at.text_input[0].input(name)
    return at.button[0].click().run()


@pytest.mark.parametrize("text", HOSTILE[:3])
def test_an_actions_refusal_and_success_show_user_text_plain(text: str) -> None:
    refused = _run_action_page("NO " + text)
    assert [e.value for e in refused.error] and not refused.exception
    done = _run_action_page(text)
    assert [s.value for s in done.success]
    for line in [*(e.value for e in refused.error), *(s.value for s in done.success)]:
        assert "evil" in line and _active(line) == [], line
