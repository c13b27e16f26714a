"""The "Nhập báo cáo cũ" tab in Chromium: roles shown as context, "cần xem", a quarter
report for reference only, at desktop and phone width. Screenshots go to the test's
folder (``E2E_SHOTS=/dir`` keeps them)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from e2e_harness import (
    AppServer,
    error_shown,
    full_page_screenshot,
    main_text,
    new_context,
    open_page,
    sign_in,
    upload,
    wait_for_grid_text,
    wait_idle,
)

from core.messages import t

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "etl" / "narrative"))
from corpus import (  # the corpus lives with the narrative tests
    PERIOD_TITLES,
    REWORDED,
    add_bullet,
    reference_blocks,
    reword,
    to_txt,
)

pytestmark = pytest.mark.e2e

PATH = "duyet-bao-cao"
TXT = "text/plain"


def _shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("E2E_SHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _open_tab(page, server: AppServer) -> None:
    open_page(page, server, PATH)
    sign_in(page, "vanphong", "demo123")
    page.get_by_role("tab", name=t("narrative.ui_tab")).click()
    wait_idle(page, expect_run=True)


def _no_missing_or_english(page) -> None:
    text = main_text(page)
    for word in (" nan", "None", "NaN", "Traceback", "Error", "This app"):
        assert word not in text, word
    assert not error_shown(page)


@pytest.mark.parametrize("width", [1400, 390])
def test_roles_and_review_states_in_the_browser(fresh_server: AppServer, browser,
                                                tmp_path: Path, width: int) -> None:
    context = new_context(browser, width=width, height=900)
    page = context.new_page()
    try:
        _open_tab(page, fresh_server)
        blocks = add_bullet(reword(reference_blocks(), REWORDED),
                            "Tổ chức triển khai công tác kiểm định",
                            "Lũy kế từ đầu năm kiểm định 5.749 phương tiện đo.")
        upload(page, "bc-thang-01-2023.txt", to_txt(blocks), TXT)
        if width >= 1000:  # a phone's grid draws only the columns in view
            grid = wait_for_grid_text(page, "tăng 15 tin, bài so với tháng trước")
            assert "mức tăng/giảm: «tăng 15 tin, bài so với tháng trước»" in grid
            assert "cần xem" in grid and "chắc chắn" in grid
        else:
            wait_for_grid_text(page, "tháng 01/2023")
        assert t("narrative.ui_context_title", count=1) in main_text(page)
        _no_missing_or_english(page)
        page.get_by_text(t("narrative.ui_context_title", count=1)).click()
        wait_for_grid_text(page, "Lũy kế từ đầu năm kiểm định 5.749 phương tiện đo")
        full_page_screenshot(page, _shots(tmp_path) / f"nhap-bao-cao-cu-{width}.png")
        overflow = page.evaluate(
            "() => document.querySelector('[data-testid=\"stMain\"]').scrollWidth"
            " - document.querySelector('[data-testid=\"stMain\"]').clientWidth")
        assert overflow <= 1  # tables scroll inside themselves, the page does not
    finally:
        context.close()


def test_a_quarter_report_in_the_browser(fresh_server: AppServer, browser,
                                         tmp_path: Path) -> None:
    context = new_context(browser, width=1400, height=900)
    page = context.new_page()
    try:
        _open_tab(page, fresh_server)
        content = to_txt(reword(reference_blocks(), PERIOD_TITLES["quarter"][2]))
        upload(page, "bc-quy-1-2023.txt", content, TXT)
        grid = wait_for_grid_text(page, "chỉ tham khảo")
        assert "quý I năm 2023" in grid
        text = main_text(page)
        assert t("narrative.load_period_report", period="quý I năm 2023") in text
        button = page.get_by_role("button", name=t("narrative.ui_load"))
        assert button.is_disabled()
        _no_missing_or_english(page)
        full_page_screenshot(page, _shots(tmp_path) / "nhap-bao-cao-quy-1400.png")
    finally:
        context.close()
