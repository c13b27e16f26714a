"""In Chromium, the admin types a yearly target the Vietnamese way: ``6.500`` is saved as six
thousand five hundred and shown ``6.500`` (a browser number cell read it as six and a half);
``6,500`` is refused with both readings named and nothing saved. Existing targets show
``24``, not ``24.00``; empty ones show nothing, not ``None``."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from e2e_harness import (
    AppServer,
    click_button,
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
from store.catalog_admin import targets_of
from store.database import open_database

pytestmark = pytest.mark.e2e

YEAR = 2023
FIRST = "VP_VB_DEN"  # the editor's first row (catalogue order), no target in the demo data
TARGET_COLUMN = 3  # code, name, unit noun, target
FORBIDDEN = re.compile(r"\b(nan|NaN|None|NaT|null|undefined|Traceback|Error|Exception)\b")


def _stored(server: AppServer) -> dict[str, float]:
    engine = open_database(server.database_url)
    try:
        with engine.connect() as conn:
            return {r["indicator_code"]: r["value"] for r in targets_of(conn, YEAR)}
    finally:
        engine.dispose()


def _open_targets(page, server: AppServer) -> None:
    open_signed_in(page, server, "quan-tri", "quantri", DEMO_PASSWORD)
    assert not error_shown(page)
    page.get_by_role("tab", name=t("admin.tab_targets")).click()
    wait_idle(page, expect_run=True)  # only the chosen tab is drawn: the click reruns
    box = page.locator("[data-testid='stSelectbox']").filter(
        has=page.get_by_text(t("admin.target_year"), exact=True)).first
    box.locator("input").first.click()
    page.get_by_role("option", name=str(YEAR), exact=True).first.click()
    wait_idle(page, expect_run=True)
    wait_for_grid_text(page, "60.000")


def _type_first_target(page, text: str) -> None:
    """Select the first row's code cell, move to its target cell, type, commit."""
    grid = page.locator("[data-testid='stMain'] [data-testid='stDataFrame']").filter(
        has_text=FIRST).first
    grid.scroll_into_view_if_needed()
    frame = grid.bounding_box()
    assert frame is not None
    # header row and first data row are about 35 px each: the middle of row one, column one
    page.mouse.click(frame["x"] + 40, frame["y"] + 35 + 17)
    page.wait_for_timeout(200)
    for _ in range(TARGET_COLUMN):
        page.keyboard.press("ArrowRight")
    # the first key opens the cell's editor: typed at once, the next keys could miss it
    page.keyboard.type(text, delay=50)
    page.keyboard.press("Enter")
    wait_idle(page, expect_run=True)  # an edit reruns the page


def _first_row_target(page) -> str:
    lines = wait_for_grid_text(page, FIRST).split("\n")
    at = lines.index(FIRST)
    return lines[at + TARGET_COLUMN]


def test_typing_6_500_saves_six_thousand_five_hundred(fresh_server: AppServer, browser,
                                                      tmp_path: Path) -> None:
    page = new_context(browser).new_page()
    try:
        _open_targets(page, fresh_server)
        grid = wait_for_grid_text(page, "60.000")
        assert "60000.00" not in grid and "24.00" not in grid
        assert not FORBIDDEN.search(main_text(page) + grid)
        assert _first_row_target(page) == ""
        _type_first_target(page, "6.500")
        click_button(page, t("admin.save_targets"))
        text = main_text(page)
        assert t("admin.targets_saved", count=1, year=YEAR) in text, text
        assert _stored(fresh_server)[FIRST] == 6500
        assert _first_row_target(page) == "6.500"
        full_page_screenshot(page, tmp_path / "quan-tri-chi-tieu.png")

        # an ambiguous figure: refused with both readings, nothing saved
        _type_first_target(page, "6,500")
        click_button(page, t("admin.save_targets"))
        text = main_text(page)
        assert t("action.number_nothing_saved", count=1) in text
        assert "có hai cách hiểu" in text and "dòng 1" in text
        assert _stored(fresh_server)[FIRST] == 6500
        assert not error_shown(page)
    finally:
        page.context.close()
