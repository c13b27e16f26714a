"""In Chromium: the office opens the status page for 01/2023, reads a reminder for a late
unit, copies it with the code block's button, and downloads the "Công văn đôn đốc"; the
upload page's problems table shows whole messages, wrapped, at desktop and phone widths."""

from __future__ import annotations

import re
from io import BytesIO

import pytest
from docx import Document
from e2e_harness import (
    choose,
    download,
    error_shown,
    full_page_screenshot,
    main_text,
    new_context,
    open_signed_in,
    upload,
    wait_for_grid_text,
    wait_idle,
)
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from workbooks import fill_template

from admin.demo import DEMO_PASSWORD
from core.catalog import load_catalog
from core.messages import t
from core.months import Month
from etl.pipeline import Context, validate_content

pytestmark = pytest.mark.e2e

LATE_IN_JANUARY = ("Phòng Quản lý Khoa học", "Thanh tra Sở", "Phòng Kế hoạch - Tài chính",
                   "Trung tâm Kỹ thuật Tiêu chuẩn Đo lường Chất lượng")
ON_TIME_IN_JANUARY = ("Văn phòng Sở", "Chi cục Tiêu chuẩn Đo lường Chất lượng")


def _no_leaks(text: str) -> None:
    for word in ("nan", "None", "Traceback", "NaN"):
        assert not re.search(rf"\b{word}\b", text), word


def _click_copy(page, code, attempts: int = 5) -> None:
    """Click a code block's copy button. The button shows only while the pointer is over
    the block, and a late redraw above can move the block from under the pointer: scroll it
    to the middle of the view (near the top the sticky header covers the button), hover,
    click, and try again if the button hid meanwhile."""
    button = code.locator("button").first
    for attempt in range(attempts):
        code.evaluate("e => e.scrollIntoView({block: 'center'})")
        code.hover()
        try:
            button.click(timeout=5_000)
            return
        except PlaywrightTimeout:
            if attempt == attempts - 1:
                raise
            page.mouse.move(0, 0)  # leave, so the next hover enters the block again


def test_office_reads_copies_and_downloads_the_reminders(shared_server, browser, tmp_path):
    context = new_context(browser, permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    try:
        open_signed_in(page, shared_server, "tinh-hinh-nop?tu=2022-12&den=2023-01&thang=2023-01",
                       "vanphong", DEMO_PASSWORD)
        assert not error_shown(page)
        wait_for_grid_text(page, "01/2023")
        text = main_text(page)
        assert "Nhắc nộp báo cáo tháng 01/2023" in text
        assert "4 đơn vị cần nhắc" in text
        _no_leaks(text)
        assert page.locator("[data-testid='stCode']").count() == 0  # drawn once opened
        page.locator("[data-testid='stExpander'] summary").first.click()
        code = page.locator("[data-testid='stCode']").first
        code.wait_for()
        reminder = code.inner_text()
        assert reminder.startswith(f"Kính gửi: {LATE_IN_JANUARY[0]}.")
        assert "tháng 01/2023" in reminder and "hết ngày 05/02/2023" in reminder
        assert re.search(r"trễ \d+ ngày so với hạn", reminder)
        full_page_screenshot(page, tmp_path / "tinh-hinh-nop-nhac-1400.png")

        _click_copy(page, code)
        copied = page.evaluate("() => navigator.clipboard.readText()")
        assert copied.strip() == reminder.strip()

        name, content = download(page, "công văn đôn đốc")
        assert name == "cong-van-don-doc-2023-01.docx"
        letter = Document(BytesIO(content))
        body = [p.text for p in letter.paragraphs]
        for unit in LATE_IN_JANUARY:
            assert any(line.startswith(f"- {unit}:") for line in body), unit
        for unit in ON_TIME_IN_JANUARY:
            assert not any(line.startswith(f"- {unit}") for line in body), unit
        header = [p.text for c in letter.tables[0]._cells for p in c.paragraphs]
        assert "V/v đôn đốc gửi báo cáo số liệu tháng 01/2023" in header

        page.set_viewport_size({"width": 390, "height": 844})
        wait_idle(page)
        assert not error_shown(page)
        assert page.locator("[data-testid='stCode']").first.is_visible()
        overflow = page.evaluate("""() => [...document.querySelectorAll(
            "[data-testid='stCode']")].some(e => e.getBoundingClientRect().right > 392)""")
        assert not overflow
        full_page_screenshot(page, tmp_path / "tinh-hinh-nop-nhac-390.png")
    finally:
        context.close()


LONG_NAME = ("Phương tiện đo được kiểm định theo từng loại công tơ điện đồng hồ nước cột đo "
             "xăng dầu trong tháng báo cáo")


@pytest.mark.parametrize("width", [1400, 390])
def test_the_problems_table_wraps_whole_messages(shared_server, browser, tmp_path, width):
    month = Month(2024, 1)
    page = new_context(browser, width=width, height=844 if width < 500 else 900).new_page()
    try:
        open_signed_in(page, shared_server, "nop-bao-cao", "chuyenvien", DEMO_PASSWORD)
        choose(page, t("upload.month"), "01/2024")
        _name, template = download(page, t("upload.download_template", month="01/2024"))
        broken = fill_template(template, {"TTKT_KD_PTD": -5},
                               extra_rows=[("", LONG_NAME, 12)])
        expected = validate_content(broken, "loi.xlsx", load_catalog(),
                                    Context(unit="TTKT", month=month, acting_unit="TTKT"))
        upload(page, "bao-cao-loi.xlsx", broken)
        cells = wait_for_grid_text(page, "là số âm")
        assert not error_shown(page)
        for problem in expected.problems:  # every message whole, never cut with "…"
            assert problem.message in cells, problem.message
        assert "None" not in cells
        wide = page.evaluate("""() => {
            const t = document.querySelector('.skhcn-problems');
            return t.scrollWidth > t.clientWidth + 1 ||
                   t.getBoundingClientRect().right > window.innerWidth + 1; }""")
        assert not wide  # wrapped, not scrolled sideways
        full_page_screenshot(page, tmp_path / f"nop-bao-cao-loi-{width}.png")
        _no_leaks(main_text(page))
    finally:
        page.context.close()
