"""In Debian's Chromium against a started app: every page of every role renders under the
Content-Security-Policy with no violation in the console; sign-out happens in the same tab,
and going back shows no figures; the owner's browser signs in while a guesser is slowed."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "e2e"))

from e2e_harness import (
    error_shown,
    main_text,
    new_context,
    on_sign_in_form,
    open_page,
    open_signed_in,
    sign_in,
    sign_in_message,
    wait_idle,
)

from core.messages import t
from tests.e2e.conftest import (  # noqa: F401 - fixtures
    browser,
    chromium_path,
    demo_db,
    fresh_server,
    screenshots_on_failure,
    shared_server,
)
from ui.navigation import PAGES

pytestmark = pytest.mark.e2e

USERS = {"viewer": "lanhdao", "analyst": "chuyenvien", "editor": "vanphong", "admin": "quantri"}


def _shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("E2E_ARTIFACTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.mark.parametrize("role", list(USERS))
def test_every_page_renders_under_the_csp(shared_server, browser, role: str,
                                          tmp_path: Path) -> None:
    context = new_context(browser)
    page = context.new_page()
    violations: list[str] = []
    page.on("console", lambda msg: violations.append(msg.text)
            if "Content Security Policy" in msg.text or "Refused to" in msg.text else None)
    page.on("pageerror", lambda exc: violations.append(f"page error: {exc}"))
    try:
        open_signed_in(page, shared_server, "", USERS[role], "demo123")
        for spec in PAGES:
            if not spec.open_to(role):
                continue
            open_page(page, shared_server, spec.url_path)
            page.wait_for_timeout(1500)  # charts and grids draw after the script ends
            assert not error_shown(page), (role, spec.url_path)
            text = main_text(page)
            for bad in ("Traceback", "None", "nan", "Page not found"):
                assert bad not in text.split(), (role, spec.url_path, bad)
            if role == "admin" or spec.url_path == "tong-quan":
                page.screenshot(path=str(_shots(tmp_path) / f"csp-{role}-{spec.url_path}.png"))
        assert violations == [], violations
    finally:
        context.close()


def test_sign_out_stays_in_the_tab_and_back_shows_no_figures(fresh_server, browser,
                                                              tmp_path: Path) -> None:
    context = new_context(browser)
    page = context.new_page()
    try:
        open_signed_in(page, fresh_server, "tong-quan?thang=2023-06", "lanhdao", "demo123")
        assert "lanhdao" not in page.url and not on_sign_in_form(page)
        figures = main_text(page)
        assert figures.strip()
        pages_before = len(context.pages)
        form = page.locator("[data-testid='stSidebar'] form.skhcn-nav button")
        with page.expect_navigation():
            form.click()
        assert len(context.pages) == pages_before  # no new tab
        assert on_sign_in_form(page)
        assert page.get_by_label(t("auth.password"), exact=True).is_visible()
        page.screenshot(path=str(_shots(tmp_path) / "after-sign-out.png"))
        # Back: the server asks for sign-in again; nothing of the page is shown.
        page.go_back(wait_until="domcontentloaded")
        page.wait_for_timeout(1500)
        if not on_sign_in_form(page):
            wait_idle(page)
            assert "Vui lòng đăng nhập" in main_text(page)
            assert not page.locator("[data-testid='stDataFrame'], .js-plotly-plot").count()
        page.screenshot(path=str(_shots(tmp_path) / "back-after-sign-out.png"))
        # The session is over on the server too: the old address asks for sign-in.
        open_page(page, fresh_server, "tong-quan?thang=2023-06")
        assert on_sign_in_form(page)
    finally:
        context.close()


def test_owner_browser_signs_in_while_a_guesser_is_slowed(fresh_server, browser) -> None:
    owner = new_context(browser)
    guesser = new_context(browser)
    try:
        mine = owner.new_page()
        open_signed_in(mine, fresh_server, "tong-quan", "vanphong", "demo123")
        with mine.expect_navigation():
            mine.locator("[data-testid='stSidebar'] form.skhcn-nav button").click()
        theirs = guesser.new_page()
        open_page(theirs, fresh_server, "tong-quan")
        for i in range(6):
            sign_in(theirs, "vanphong", f"doan-{i}")
        assert "tạm dừng" in sign_in_message(theirs)
        sign_in(theirs, "vanphong", "demo123")  # the stranger's right guess: refused
        assert on_sign_in_form(theirs) and "tạm dừng" in sign_in_message(theirs)
        open_page(mine, fresh_server, "tong-quan")
        sign_in(mine, "vanphong", "demo123")  # the owner's browser: in at once
        assert not on_sign_in_form(mine)
        assert "Văn phòng Sở" in mine.locator("[data-testid='stSidebar']").inner_text()
    finally:
        owner.close()
        guesser.close()
