"""The month's journey in a real browser, from the analyst's Excel file to the Director's Word file.

chuyenvien (analyst of TTKT) downloads the January 2024 template, uploads a broken file and
reads the Vietnamese problems table, uploads the corrected file with a figure no sample
month has (6.123 instruments verified) and loads it; vanphong (the office) approves it;
lanhdao (the Director) sees 6.123 on the overview card and in the trend chart, reloads
and is still signed in, and downloads the month's report as .docx carrying the figure.
"""

from __future__ import annotations

import re
from io import BytesIO

import pytest
from docx import Document
from e2e_harness import (
    AppServer,
    choose,
    click_button,
    dismiss_page_not_found,
    download,
    error_shown,
    main_text,
    new_context,
    on_sign_in_form,
    open_page,
    plotly_values,
    sign_in,
    upload,
    wait_for_grid_text,
    wait_idle,
)
from workbooks import fill_template, template_facts

from core.catalog import load_catalog
from core.formatting import fmt_number
from core.messages import t
from core.months import Month
from etl.pipeline import Context, validate_content

pytestmark = pytest.mark.e2e

MONTH = Month(2024, 1)
MONTH_TEXT = "01/2024"
UNIT = "TTKT"
INDICATOR = "TTKT_KD_PTD"  # Phương tiện đo được kiểm định (a headline card)
FIGURE = 6123
FIGURE_TEXT = fmt_number(FIGURE)  # "6.123"
UNKNOWN_CODE = "TTKT_KHONG_CO"
UNKNOWN_NAME = "Chỉ tiêu lạ không có trong danh mục"
PASSWORD = "demo123"


# Addresses where Streamlit showed its English "Page not found" dialog; the journey goes on
# (the dialog is closed) so every later step is still checked, and fails at the end.
NOT_FOUND: list[str] = []


def arrived(page, where: str) -> None:
    """After a page load: note (and close) a "Page not found" dialog, check no error box."""
    if dismiss_page_not_found(page):
        NOT_FOUND.append(f"{where} ({page.url})")
    assert not error_shown(page), where


def docx_text(content: bytes) -> str:
    """All text of a .docx: paragraphs, table cells, headers."""
    doc = Document(BytesIO(content))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


def analyst_submits(browser, server: AppServer) -> None:
    context = new_context(browser)
    page = context.new_page()
    open_page(page, server, "nop-bao-cao")
    assert on_sign_in_form(page)
    sign_in(page, "chuyenvien", PASSWORD)
    arrived(page, "analyst signs in at nop-bao-cao")
    assert page.locator("h1").first.inner_text() == t("upload.title")

    choose(page, t("upload.month"), MONTH_TEXT)
    name, template = download(page, t("upload.download_template", month=MONTH_TEXT))
    assert name.endswith(".xlsx")
    facts = template_facts(template)
    assert facts["unit"] == UNIT and facts["month"] == MONTH_TEXT
    assert INDICATOR in facts["codes"]

    # 1. a broken file: a negative count and an indicator the catalogue does not know
    broken = fill_template(template, {INDICATOR: -5, "TTKT_THU_NGHIEM": 480},
                           extra_rows=[(UNKNOWN_CODE, UNKNOWN_NAME, 12)])
    expected = validate_content(broken, "loi.xlsx", load_catalog(),
                                Context(unit=UNIT, month=MONTH, acting_unit=UNIT))
    assert len(expected.errors) >= 2  # the file really is broken, whatever the page shows
    upload(page, "bao-cao-TTKT-2024-01-loi.xlsx", broken)
    shown = main_text(page)
    assert t("upload.has_errors", errors=len(expected.errors)) in shown
    problems = wait_for_grid_text(page, "là số âm")
    for header in ("col_severity", "col_sheet", "col_row", "col_column", "col_message"):
        assert t(f"upload.{header}") in problems
    assert t("upload.severity_error") in problems
    assert "là số âm" in problems, problems  # etl.negative_value
    assert f"Không nhận ra chỉ tiêu «{UNKNOWN_NAME}»" in problems, problems
    assert page.get_by_role("button", name=t("upload.confirm")).count() == 0

    # 2. the corrected file loads
    fixed = fill_template(template, {INDICATOR: FIGURE, "TTKT_THU_NGHIEM": 480})
    upload(page, "bao-cao-TTKT-2024-01.xlsx", fixed)
    shown = main_text(page)
    assert "Tệp hợp lệ" in shown, shown[:2000]
    assert FIGURE_TEXT in wait_for_grid_text(page, FIGURE_TEXT)
    click_button(page, t("upload.confirm"))
    page.get_by_text(t("upload.loaded", unit=UNIT, month=MONTH_TEXT, version=1)).wait_for()
    assert not error_shown(page)
    context.close()


def editor_approves(browser, server: AppServer) -> None:
    context = new_context(browser)
    page = context.new_page()
    open_page(page, server, "duyet-bao-cao")
    sign_in(page, "vanphong", PASSWORD)
    arrived(page, "editor signs in at duyet-bao-cao")
    assert page.locator("h1").first.inner_text() == t("review.title")
    choose(page, t("review.filter_month"), MONTH_TEXT)
    label = t("review.version_label", unit=UNIT, period=MONTH_TEXT, version=1,
              status=t("review.status_submitted"))
    choose(page, t("review.choose_version"), label)
    assert FIGURE_TEXT in wait_for_grid_text(page, FIGURE_TEXT)
    page.get_by_role("button", name=re.compile(rf"(^|\s){t('review.approve')}$")).click()
    page.get_by_text(t("review.approved_ok")).wait_for()
    wait_idle(page)
    context.close()


def viewer_reads(browser, server: AppServer) -> None:
    context = new_context(browser)
    page = context.new_page()
    open_page(page, server, f"tong-quan?thang={MONTH}")
    sign_in(page, "lanhdao", PASSWORD)
    assert not on_sign_in_form(page)
    arrived(page, "viewer signs in at tong-quan?thang=2024-01")
    assert f"thang={MONTH}" in page.url, "the address asked for survives signing in"
    card = page.locator("[data-testid='stVerticalBlock']").filter(
        has_text=load_catalog().indicator(INDICATOR).name).filter(has_text=FIGURE_TEXT)
    assert card.count() > 0, main_text(page)[:3000]

    # the same figure in the trend: in the chart's data and in its table
    open_page(page, server, f"xu-huong?chi_tieu={INDICATOR}&tu=2023-07&den={MONTH}")
    assert not on_sign_in_form(page)
    arrived(page, "xu-huong")
    assert FIGURE in plotly_values(page)
    assert FIGURE_TEXT in wait_for_grid_text(page, FIGURE_TEXT)

    # a reload keeps the session (the cookie) and the view (the address)
    page.reload(wait_until="domcontentloaded")
    assert not on_sign_in_form(page)
    wait_idle(page)
    arrived(page, "xu-huong reloaded")
    assert t("auth.role_viewer") in page.locator("[data-testid='stSidebar']").inner_text()
    assert FIGURE in plotly_values(page)

    # the month's report, on screen and as Word
    open_page(page, server, f"bao-cao-thang?thang={MONTH}")
    arrived(page, "bao-cao-thang")
    assert FIGURE_TEXT in main_text(page)
    name, content = download(page, "Word")
    assert name.endswith(".docx")
    text = docx_text(content)
    assert FIGURE_TEXT in text, "the report's .docx must carry the approved January figure"
    context.close()


def test_month_journey_from_excel_to_word(fresh_server: AppServer, browser):
    NOT_FOUND.clear()
    analyst_submits(browser, fresh_server)
    editor_approves(browser, fresh_server)
    viewer_reads(browser, fresh_server)
    assert "Traceback" not in fresh_server.log_text(), fresh_server.log_tail()
    assert not NOT_FOUND, f"Streamlit's English 'Page not found' dialog at: {NOT_FOUND}"
