"""A resubmission in a real browser: figures the corrected file does not list are kept.

chuyenvien (analyst of TTKT) loads January 2024 with three figures, two of them qualified
(``khoảng 480``, ``hơn 1.100``), then uploads a corrected file that lists only the changed
figure. The page names the two indicators the new file lacks and asks keep or drop (the
load button is disabled until then); the analyst keeps them. vanphong (the office) opens
version 2 in the review: the carried figures keep their qualifier and say where they come
from. A screenshot of the review is taken and read: Vietnamese only, no nan/None.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from e2e_harness import (
    AppServer,
    choose,
    click_button,
    download,
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
from workbooks import fill_template

from core.catalog import load_catalog
from core.messages import t

pytestmark = pytest.mark.e2e

MONTH_TEXT = "01/2024"
UNIT = "TTKT"
PASSWORD = "demo123"
CHANGED = "TTKT_KD_PTD"
FIRST = {CHANGED: 6123, "TTKT_THU_NGHIEM": "khoảng 480", "TTKT_KD_CONGTO": "hơn 1.100"}
CARRIED = {"TTKT_THU_NGHIEM": "khoảng 480", "TTKT_KD_CONGTO": "hơn 1.100"}
# Words a Vietnamese page never shows: pandas' and Python's missing values, English UI text.
FOREIGN = re.compile(r"\b(nan|NaN|None|NaT|null|undefined|Error|Traceback|Keep|Drop|"
                     r"Upload|Submit|Version|carried)\b")


def _load(page, name: str, content: bytes, version: int) -> None:
    upload(page, name, content)
    button = page.get_by_role("button", name=t("upload.confirm"))
    assert button.is_enabled()
    click_button(page, t("upload.confirm"))
    page.get_by_text(t("upload.loaded", unit=UNIT, month=MONTH_TEXT, version=version)).wait_for()
    assert not error_shown(page)


def analyst_resubmits(browser, server: AppServer) -> None:
    names = {i.code: i.name for i in load_catalog().indicators}
    context = new_context(browser)
    page = context.new_page()
    open_page(page, server, "nop-bao-cao")
    sign_in(page, "chuyenvien", PASSWORD)
    choose(page, t("upload.month"), MONTH_TEXT)
    _, template = download(page, t("upload.download_template", month=MONTH_TEXT))
    _load(page, "bao-cao-TTKT-2024-01.xlsx", fill_template(template, FIRST), 1)

    # the corrected file lists only the changed figure
    upload(page, "bao-cao-TTKT-2024-01-sua.xlsx", fill_template(template, {CHANGED: 6200}))
    shown = main_text(page)
    assert t("upload.missing_title") in shown, shown[:2000]
    for code in CARRIED:
        assert names[code] in shown, (code, shown[:2000])
    assert names[CHANGED] not in shown.split(t("upload.missing_title"), 1)[1].split(
        t("upload.missing_question"), 1)[0]  # only the lacking ones are named
    confirm = page.get_by_role("button", name=t("upload.confirm"))
    assert confirm.is_disabled()  # no answer is chosen beforehand
    assert t("upload.missing_choose_first") in shown
    page.get_by_text(t("upload.missing_keep"), exact=True).click()
    wait_idle(page, expect_run=True)
    assert not error_shown(page)
    _load_chosen(page)
    context.close()


def _load_chosen(page) -> None:
    assert page.get_by_role("button", name=t("upload.confirm")).is_enabled()
    click_button(page, t("upload.confirm"))
    page.get_by_text(t("upload.loaded", unit=UNIT, month=MONTH_TEXT, version=2)).wait_for()
    assert not error_shown(page)


def office_reviews(browser, server: AppServer, shot: Path) -> tuple[str, str]:
    """(the grids' text, the page's text) of version 2 in the review."""
    context = new_context(browser)
    page = context.new_page()
    open_page(page, server, "duyet-bao-cao")
    sign_in(page, "vanphong", PASSWORD)
    choose(page, t("review.filter_month"), MONTH_TEXT)
    label = t("review.version_label", unit=UNIT, period=MONTH_TEXT, version=2,
              status=t("review.status_submitted"))
    choose(page, t("review.choose_version"), label)
    origin = t("review.origin_carried", version=1)
    grid = wait_for_grid_text(page, origin)
    assert not error_shown(page)
    full_page_screenshot(page, shot)
    text = main_text(page)
    context.close()
    return grid, text


def test_a_corrected_file_keeps_the_figures_it_does_not_list(fresh_server: AppServer, browser,
                                                             tmp_path: Path):
    analyst_resubmits(browser, fresh_server)
    shot = tmp_path / "review-carried.png"
    grid, text = office_reviews(browser, fresh_server, shot)
    lines = grid.splitlines()
    assert t("review.col_origin") in lines
    # each carried figure, with its qualifier, then where it came from; the new one from
    # this version's file
    names = {i.code: i.name for i in load_catalog().indicators}
    for code, figure in CARRIED.items():
        at = lines.index(names[code])
        row = lines[at:at + 6]
        assert figure in row and t("review.origin_carried", version=1) in row, row
    at = lines.index(names[CHANGED])
    assert "6.200" in lines[at:at + 6] and t("review.origin_file") in lines[at:at + 6]
    assert lines.count(t("review.origin_carried", version=1)) == len(CARRIED)
    assert t("review.carried_note", count=len(CARRIED)) in text
    for shown in (grid, text):
        assert not FOREIGN.search(shown), FOREIGN.search(shown)
    assert shot.stat().st_size > 10_000
    print(f"screenshot of the review: {shot}")
