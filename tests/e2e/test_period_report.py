"""The report page in Chromium for a quarter and a year, and the follow-up editor of a month:
the period's wording, no error box, no English of ours, no "nan"/"None", nothing wider than
the window; saving a corrected status shows it in the annex."""

from __future__ import annotations

import re

import pytest
from e2e_harness import (
    click_button,
    error_shown,
    main_text,
    new_context,
    open_signed_in,
    wait_idle,
)

from admin.demo import DEMO_PASSWORD

pytestmark = pytest.mark.e2e
BARE_IN_MONTH = re.compile(r"trong tháng(?!\s*\d)", re.IGNORECASE)
LEAKS = ("nan", "None", "Traceback", "undefined")


def _overflows(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth > window.innerWidth + 1")


@pytest.mark.parametrize(("address", "words"), [
    ("ky=2023-Q1", ("Kết quả công tác quý I và kế hoạch quý II năm 2023",
                    "II. NHIỆM VỤ TRỌNG TÂM QUÝ II NĂM 2023", "(tháng 01: ")),
    ("ky=2023", ("Kết quả công tác năm 2023 và kế hoạch năm 2024", "5.731 văn bản đến",
                 "II. NHIỆM VỤ TRỌNG TÂM NĂM 2024")),
])
@pytest.mark.parametrize("width", [1400, 390])
def test_quarter_and_year_reports_in_the_browser(browser, shared_server, address, words,
                                                  width):
    page = new_context(browser, width=width).new_page()
    open_signed_in(page, shared_server, f"bao-cao-thang?{address}", "vanphong",
                   DEMO_PASSWORD)
    wait_idle(page, settle_ms=500)
    text = main_text(page)
    assert not error_shown(page)
    for expected in words:
        assert expected in text
    assert not BARE_IN_MONTH.search(text)
    assert not [w for w in LEAKS if re.search(rf"\b{w}\b", text)]
    assert not _overflows(page)
    page.context.close()


def test_the_office_corrects_a_follow_up_status(browser, fresh_server):
    page = new_context(browser).new_page()
    open_signed_in(page, fresh_server, "bao-cao-thang?thang=2023-02", "vanphong",
                   DEMO_PASSWORD)
    wait_idle(page)
    page.get_by_text("Theo dõi thực hiện nhiệm vụ trọng tâm tháng trước").click()
    wait_idle(page, expect_run=True)  # its content is drawn only once open: the click reruns
    assert "Văn phòng Sở báo cáo:" in main_text(page)
    comment = page.get_by_label("Ghi chú").first
    comment.fill("Văn phòng sửa: đã ký ban hành ngày 20/02.")
    click_button(page, "Lưu kết quả thực hiện")
    wait_idle(page, settle_ms=500)
    text = main_text(page)
    assert not error_shown(page)
    assert "Đã lưu kết quả thực hiện 1 nhiệm vụ." in text
    assert "Văn phòng sửa: đã ký ban hành ngày 20/02." in text  # in the annex
    page.context.close()
