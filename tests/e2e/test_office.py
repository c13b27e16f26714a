"""In Chromium, the office's pages: the status grid with timeliness per cell and the late
units named per month (newest month first)."""

from __future__ import annotations

import re

import pytest
from e2e_harness import error_shown, main_text, new_context, open_signed_in, wait_for_grid_text

from admin.demo import DEMO_PASSWORD

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def office(shared_server, browser):
    page = new_context(browser).new_page()
    yield page
    page.context.close()


def test_status_cells_show_state_and_timeliness(office, shared_server, tmp_path):
    open_signed_in(office, shared_server, "tinh-hinh-nop?tu=2022-11&den=2023-01&thang=2023-01",
                   "vanphong", DEMO_PASSWORD)
    assert not error_shown(office)
    grid = wait_for_grid_text(office, "01/2023")
    # newest month is the first month column
    assert grid.index("01/2023") < grid.index("12/2022") < grid.index("11/2022")
    assert re.search(r"Đã duyệt · (trễ \d+ ngày|đúng hạn)", grid)
    text = main_text(office)
    assert "Đơn vị trễ hạn theo tháng" in text
    for word in ("nan", "None", "Traceback"):
        assert not re.search(rf"\b{word}\b", text), word
    office.screenshot(path=str(tmp_path / "tinh-hinh-nop.png"), full_page=True)
