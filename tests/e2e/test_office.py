"""In Chromium, the office's pages: the status grid with timeliness per cell and the late
units named per month (newest month first); the review page's warnings and acknowledgement."""

from __future__ import annotations

import re

import pytest
from e2e_harness import (
    click_button,
    error_shown,
    main_text,
    new_context,
    open_signed_in,
    wait_for_grid_text,
    wait_idle,
)

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


def test_review_page_lists_the_warning_and_needs_the_acknowledgement(fresh_server, browser,
                                                                     tmp_path):
    from sqlalchemy import select

    from core.catalog import load_catalog
    from core.months import Month
    from store.database import open_database
    from store.schema import submission
    from tests.actors import upload
    from tests.etl.etl_files import filled_template

    engine = open_database(fresh_server.database_url)
    content = filled_template(load_catalog(), "TTKT", Month(2024, 1), {"TTKT_KD_PTD": 60})
    sub_id = upload(engine, content, "ttkt-2024-01.xlsx").loaded[0].submission_id

    def status() -> str:
        with engine.connect() as conn:
            return conn.execute(select(submission.c.status)
                                .where(submission.c.id == sub_id)).scalar_one()

    page = new_context(browser).new_page()
    try:
        open_signed_in(page, fresh_server, "duyet-bao-cao", "vanphong", DEMO_PASSWORD)
        assert not error_shown(page)
        grid = wait_for_grid_text(page, "Cùng kỳ năm trước (01/2023)")
        assert "Tháng trước (12/2023)" in grid and "Cùng kỳ năm trước (01/2023)" in grid
        assert "6.202" in grid and "5.749" in grid
        text = main_text(page)
        assert "Cảnh báo của phiên bản này (1)" in text and "Giá trị 60 của" in text
        page.screenshot(path=str(tmp_path / "duyet-bao-cao.png"), full_page=True)
        click_button(page, "Duyệt")
        assert "1 cảnh báo chưa được xác nhận" in main_text(page)
        assert status() == "submitted"
        page.get_by_text("Tôi đã xem 1 cảnh báo và vẫn duyệt").click()
        wait_idle(page, expect_run=True)
        click_button(page, "Duyệt")
        assert status() == "approved"
    finally:
        page.context.close()
        engine.dispose()


def test_audit_page_reads_in_vietnamese(office, shared_server, tmp_path):
    open_signed_in(office, shared_server, "nhat-ky", "quantri", DEMO_PASSWORD)
    assert not error_shown(office)
    grid = wait_for_grid_text(office, "Nộp báo cáo")
    assert "số giá trị:" in grid
    assert "Báo cáo đơn vị" in grid
    for raw in ("submission.create", "submission.approve", '{"', "None", "nan"):
        assert raw not in grid, raw
    office.screenshot(path=str(tmp_path / "nhat-ky.png"), full_page=True)
