"""A name the unit writes its own way, in a real browser: mapped once, remembered.

chuyenvien (analyst of TTKT) uploads last month's file in which one indicator is written
"Tổng số PT đo đã qua KĐ" (no catalogue name nor abbreviation makes it certain): the page
refuses it and asks which indicator the name is; the analyst picks the suggestion, the
page remembers it and checks the file again, and it loads. The next file with the same
name loads without a question. The page shows no English, ``nan`` nor ``None`` on the way.
"""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

import openpyxl
import pytest
from e2e_harness import (
    AppServer,
    click_button,
    error_shown,
    full_page_screenshot,
    grid_text,
    main_text,
    open_options,
    open_page,
    sign_in,
    upload,
    wait_for_grid_text,
    wait_idle,
)

from core.formatting import fmt_month, fmt_number
from core.messages import t
from core.months import Month
from core.timezone import vn_today
from store.database import open_database
from store.remembered_names import list_remembered

pytestmark = pytest.mark.e2e

UNIT = "TTKT"
INDICATOR = "TTKT_KD_PTD"
INDICATOR_NAME = "Phương tiện đo được kiểm định"
ODD = "Tổng số PT đo đã qua KĐ"
PASSWORD = "demo123"
WAIT_MS = 60_000  # a rerun on a loaded machine
# Words that must never reach the user: pandas' missing values, Python's None, English UI
# or error text (Streamlit's own uploader caption is left out: it is the widget's chrome).
FORBIDDEN = re.compile(r"\b(nan|NaN|None|NaT|null|undefined|Traceback|Error|Exception|"
                       r"Warning|Please|Select|Choose an option|No results)\b")


def _file(month: Month, figure: int) -> bytes:
    book = openpyxl.Workbook()
    info = book.active
    info.title = "Thông tin"
    info.append(["Mã đơn vị", UNIT])
    info.append(["Tháng báo cáo", f"{month.month:02d}/{month.year}"])
    values = book.create_sheet("Chỉ tiêu")
    values.append(["Tên chỉ tiêu", "Đơn vị tính", "Giá trị"])
    values.append([ODD, "phương tiện đo", figure])
    values.append(["Mẫu thử nghiệm", "mẫu", 544])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _visible_text(page) -> str:
    """The main area's text without the file uploader's own (English) drop-zone caption."""
    return page.locator("[data-testid='stMain']").evaluate(
        """el => { const c = el.cloneNode(true);
                   c.querySelectorAll("[data-testid='stFileUploaderDropzoneInstructions']")
                    .forEach(n => n.remove());
                   return c.innerText; }""")


def _no_foreign_text(page, where: str) -> None:
    assert not error_shown(page), where
    found = FORBIDDEN.findall(_visible_text(page) + "\n" + grid_text(page))
    assert not found, f"{where}: {found}"


def test_a_name_mapped_once_loads_the_next_file_without_asking(fresh_server: AppServer,
                                                                 browser, tmp_path: Path):
    month = Month.of(vn_today()) - 1
    page = browser.new_context(viewport={"width": 1400, "height": 900}).new_page()
    open_page(page, fresh_server, "nop-bao-cao")
    sign_in(page, "chuyenvien", PASSWORD)
    assert page.locator("h1").first.inner_text() == t("upload.title")
    # the drop zone speaks Vietnamese: Streamlit's English words are replaced by ours
    shown = page.evaluate("""() => ['button p',
            "[data-testid='stFileUploaderDropzoneInstructions'] span"].map(s =>
            getComputedStyle(document.querySelector(
            "[data-testid='stFileUploaderDropzone'] " + s), '::after').content)""")
    assert shown[0] == f'"{t("upload.dropzone_button")}"'
    assert shown[1].startswith('"Tối đa ') and "MB mỗi tệp • XLSX" in shown[1]

    # 1. the odd name: refused, and the page asks which indicator it is
    upload(page, "bao-cao-lan-1.xlsx", _file(month, 5749))
    page.get_by_text(t("names.picker_title")).wait_for(timeout=WAIT_MS)
    shown = main_text(page)
    assert t("upload.has_errors", errors=1) in shown, shown[:2000]
    assert t("names.picker_title") in shown
    assert page.get_by_role("button", name=t("upload.confirm")).count() == 0
    form = page.locator("[data-testid='stForm']")
    field = form.locator("[data-testid='stSelectbox']").first
    assert ODD in field.inner_text()
    options = open_options(page, field)
    suggestion = t("names.picker_suggested", name=INDICATOR_NAME)
    assert options.nth(1).inner_text().strip() == suggestion  # the suggestion first
    page.get_by_role("option", name=suggestion, exact=True).click()
    _no_foreign_text(page, "the picker")
    artifacts = Path(os.environ.get("E2E_ARTIFACTS", tmp_path))
    artifacts.mkdir(parents=True, exist_ok=True)
    full_page_screenshot(page, artifacts / "remembered-name-picker.png")

    # 2. remembered: the same file is checked again and loads
    form.get_by_role("button", name=t("names.picker_submit")).click()
    page.get_by_text(t("names.remembered", count=1)).wait_for(timeout=WAIT_MS)
    wait_idle(page)
    shown = main_text(page)
    assert t("names.remembered", count=1) in shown, shown[:2000]
    assert t("upload.valid", values=2, activities=0, plans=0) in shown, shown[:2000]
    assert t("names.picker_title") not in shown
    assert fmt_number(5749) in wait_for_grid_text(page, fmt_number(5749))
    _no_foreign_text(page, "after remembering")
    full_page_screenshot(page, artifacts / "remembered-name-checked.png")
    click_button(page, t("upload.confirm"))
    page.get_by_text(t("upload.loaded", unit=UNIT, month=fmt_month(month),
                       version=1)).wait_for(timeout=WAIT_MS)
    engine = open_database(fresh_server.database_url)
    try:
        [kept] = [r for r in list_remembered(engine) if r["label"] == ODD]
        assert (kept["unit_code"], kept["indicator_code"], kept["created_by"]) == \
            (UNIT, INDICATOR, "chuyenvien")
    finally:
        engine.dispose()

    # 3. next file, same name: no question, it can be loaded at once
    upload(page, "bao-cao-lan-2.xlsx", _file(month, 6000))
    assert fmt_number(6000) in wait_for_grid_text(page, fmt_number(6000), timeout_ms=WAIT_MS)
    wait_idle(page)
    shown = main_text(page)
    assert t("upload.valid", values=2, activities=0, plans=0) in shown, shown[:2000]
    assert t("names.picker_title") not in shown and t("upload.has_errors", errors=1) not in shown
    assert page.get_by_role("button", name=t("upload.confirm")).count() == 1
    _no_foreign_text(page, "the next file")
    full_page_screenshot(page, artifacts / "remembered-name-next-file.png")
    page.context.close()
