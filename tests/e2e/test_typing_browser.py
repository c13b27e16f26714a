"""Issue #15 in Chromium: chuyenvien (analyst of TTKT) types January 2024 on «Nhập số liệu»
(/nhap-so-lieu): a figure the Vietnamese way, saved as a draft, the page reloaded (the draft
comes back), an ambiguous ``6,500`` refused with both readings and nothing sent, then the
month sent; lanhdao sees the figure on the overview's card and vanphong sees the version
«Nhập trực tiếp» on the status page. A viewer opening the address is refused."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from e2e_harness import (
    AppServer,
    choose,
    click_button,
    dismiss_page_not_found,
    error_shown,
    full_page_screenshot,
    main_text,
    new_context,
    open_signed_in,
    wait_for_grid_text,
    wait_idle,
)

from admin.demo import DEMO_PASSWORD
from core.messages import t
from core.months import Month
from store.database import open_database
from store.drafts import get_draft
from store.submissions import latest_submission, submission_values

pytestmark = pytest.mark.e2e

MONTH = Month(2024, 1)
MONTH_TEXT = "01/2024"
FIRST = "Phương tiện đo được kiểm định"  # TTKT_KD_PTD, the grid's first row
VALUE_COLUMN = 2  # indicator, qualifier, the month's figure
FOREIGN = re.compile(r"\b(nan|NaN|None|NaT|null|undefined|Traceback|Error|Exception)\b")


def _stored(server: AppServer):
    engine = open_database(server.database_url)
    try:
        with engine.connect() as conn:
            draft = get_draft(conn, "chuyenvien", "TTKT", MONTH)
            sub = latest_submission(conn, "TTKT", MONTH)
            values = {r["indicator_code"]: r["value"]
                      for r in submission_values(conn, sub["id"])} if sub else {}
            return draft, sub, values
    finally:
        engine.dispose()


def _open(page, server: AppServer) -> None:
    open_signed_in(page, server, "nhap-so-lieu", "chuyenvien", DEMO_PASSWORD)
    assert not error_shown(page)
    choose(page, t("upload.month"), MONTH_TEXT)
    wait_for_grid_text(page, FIRST)


def _type(page, row: int, text: str) -> None:
    """Type ``text`` in the figure cell of grid row ``row`` (1 = first) and commit it; in a
    form, an edit does not rerun the page."""
    grid = page.locator("[data-testid='stMain'] [data-testid='stDataFrame']").filter(
        has_text=FIRST).first
    # the whole grid in view (after a refusal the page may have scrolled past its top)
    grid.evaluate("el => el.scrollIntoView({block: 'center'})")
    page.wait_for_timeout(300)
    frame = grid.bounding_box()
    assert frame is not None
    # header row and data rows are about 35 px each: the middle of row ``row``, column one
    # another row's cell first: after a rerun the first click may only give the grid the
    # focus back (the arrows would then move from the cell selected before), and a second
    # click on a selected cell would open it instead of selecting it
    for at in (1 if row != 1 else 2, row):
        page.mouse.click(frame["x"] + 40, frame["y"] + 35 * at + 17)
        page.wait_for_timeout(200)
    for _ in range(VALUE_COLUMN):
        page.keyboard.press("ArrowRight")
    page.keyboard.type(text, delay=50)
    page.keyboard.press("Enter")
    page.wait_for_timeout(300)


def _shown(page, text: str) -> str:
    """Wait until ``text`` shows (a save reruns the page twice: the action, then the
    flash); the main area's text."""
    page.get_by_text(text).first.wait_for(timeout=30_000)
    wait_idle(page)
    return main_text(page)


def _row_values(page) -> list[str]:
    """The grid's text after the first row's name: qualifier, figure, last month …"""
    lines = wait_for_grid_text(page, FIRST).split("\n")
    at = lines.index(FIRST)
    return lines[at + 1:at + 4]


def test_type_save_reload_submit_and_see_it(fresh_server: AppServer, browser,
                                            tmp_path: Path) -> None:
    page = new_context(browser).new_page()
    try:
        _open(page, fresh_server)
        text = main_text(page)
        assert t("typing.title") in text and t("typing.from_nothing") in text
        assert not FOREIGN.search(text + wait_for_grid_text(page, FIRST))

        # 1. type 5.749 and save a draft
        _type(page, 1, "5.749")
        click_button(page, t("typing.save"))
        text = _shown(page, "Đã lưu bản nháp")
        assert "Đang mở bản nháp của bạn" in text
        draft, sub, _ = _stored(fresh_server)
        assert draft is not None and draft.content["figures"]["TTKT_KD_PTD"]["value"] == 5749
        assert sub is None

        # 2. reload: the draft comes back
        page.reload(wait_until="domcontentloaded")
        wait_idle(page)
        choose(page, t("upload.month"), MONTH_TEXT)
        assert "5.749" in _row_values(page), _row_values(page)
        assert "Đang mở bản nháp của bạn" in main_text(page)
        full_page_screenshot(page, tmp_path / "nhap-so-lieu-nhap.png")

        # 3. an ambiguous figure in row two: refused, both readings named, nothing sent
        _type(page, 2, "6,500")
        click_button(page, t("typing.submit"))
        text = _shown(page, t("typing.nothing_sent", count=1))
        assert "có hai cách hiểu" in text and "6.500" in text and "dòng 2" in text
        assert _stored(fresh_server)[1] is None

        # 4. corrected and sent: a version of source "typed", the draft gone
        _type(page, 2, "6.500")
        click_button(page, t("typing.submit"))
        text = _shown(page, "Đã gửi số liệu nhập trực tiếp")
        assert "phiên bản 1" in text, text[:1500]
        draft, sub, values = _stored(fresh_server)
        assert draft is None and sub["source"] == "typed"
        assert values == {"TTKT_KD_PTD": 5749.0, "TTKT_THU_NGHIEM": 6500.0}
        assert not error_shown(page)
    finally:
        page.context.close()

    # 5. the director sees the figure on the overview's card
    page = new_context(browser).new_page()
    try:
        open_signed_in(page, fresh_server, "tong-quan?thang=2024-01", "lanhdao", DEMO_PASSWORD)
        card = page.locator("[data-testid='stVerticalBlockBorderWrapper'], "
                            "[data-testid='stVerticalBlock']").filter(has_text=FIRST).last
        assert "5.749" in card.inner_text()
    finally:
        page.context.close()

    # 6. the office sees the version and its origin on the status page
    page = new_context(browser).new_page()
    try:
        open_signed_in(page, fresh_server, "tinh-hinh-nop?thang=2024-01&don_vi=TTKT",
                       "vanphong", DEMO_PASSWORD)
        grid = wait_for_grid_text(page, "Nhập trực tiếp")
        assert "Nhập trực tiếp" in grid and "nhap-truc-tiep-TTKT-2024-01.xlsx" in grid
    finally:
        page.context.close()


@pytest.mark.parametrize("user", ["lanhdao", "quantri"])
def test_the_wrong_role_is_refused_at_the_address(fresh_server: AppServer, browser,
                                                  user: str) -> None:
    page = new_context(browser).new_page()
    try:
        open_signed_in(page, fresh_server, "nhap-so-lieu", user, DEMO_PASSWORD)
        # a page the navigation lacks: Streamlit may say "Page not found" and run the
        # user's first page instead; either way nothing of the typing page shows
        dismiss_page_not_found(page)
        assert not error_shown(page)
        main = page.locator("[data-testid='stMain']")
        headings = main.locator("h1").all_inner_texts()
        assert t("typing.title") not in headings, headings
        assert main.locator("[data-testid='stForm']").count() == 0
        assert t("typing.save") not in main_text(page)
    finally:
        page.context.close()
