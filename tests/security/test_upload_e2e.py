"""Against a started app in Chromium: the far-corner workbook on the upload page gets the
Vietnamese refusal, while another signed-in session keeps working and the server stays up."""

from __future__ import annotations

import os
import time
import urllib.request
from pathlib import Path

import pytest
from e2e_harness import (
    AppServer,
    error_shown,
    main_text,
    new_context,
    open_page,
    sign_in,
    upload,
    wait_for_grid_text,
    wait_idle,
)
from hostile import far_corner_xlsx, ods, ods_cell, ods_row

from core.messages import t

pytestmark = pytest.mark.e2e
PASSWORD = "demo123"
SHOTS = Path(os.environ.get("E2E_ARTIFACTS", "/tmp"))


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _healthy(server: AppServer) -> bool:
    with urllib.request.urlopen(server.url("_stcore/health"), timeout=5) as answer:
        return answer.status == 200


def test_far_corner_workbook_is_refused_while_another_session_works(
        fresh_server: AppServer, browser) -> None:
    analyst = new_context(browser).new_page()
    open_page(analyst, fresh_server, "nop-bao-cao")
    sign_in(analyst, "chuyenvien", PASSWORD)
    assert analyst.locator("h1").first.inner_text() == t("upload.title")
    assert "1 MB" not in main_text(analyst)

    director = new_context(browser).new_page()
    open_page(director, fresh_server, "tong-quan")
    sign_in(director, "lanhdao", PASSWORD)
    assert not error_shown(director)

    before = _rss_mb(fresh_server.process.pid)
    began = time.monotonic()
    upload(analyst, "bao-cao-goc-xa.xlsx", far_corner_xlsx())
    problems = wait_for_grid_text(analyst, "A1:XFD1048576", timeout_ms=60_000)
    seconds = time.monotonic() - began
    assert "khai báo vùng dữ liệu A1:XFD1048576" in problems, problems
    assert "17.179.869.184" in problems and "5.000.000" in problems
    shown = main_text(analyst)
    assert t("upload.has_errors", errors=1) in shown
    assert analyst.get_by_role("button", name=t("upload.confirm")).count() == 0
    assert not error_shown(analyst)
    for english in ("Traceback", "Error", "None", "nan"):
        assert english not in shown, english
    analyst.screenshot(path=str(SHOTS / "security-far-corner.png"), full_page=True)

    # The other session works on, the server is up and did not swell.
    director.reload(wait_until="domcontentloaded")
    wait_idle(director)
    assert not error_shown(director)
    assert director.locator("h1").first.inner_text() == t("dashboard.overview_title")
    assert _healthy(fresh_server)
    assert fresh_server.process.poll() is None
    assert _rss_mb(fresh_server.process.pid) - before < 300
    assert seconds < 60

    # An OpenDocument bomb next: the same page, its own Vietnamese reason.
    bomb = ods(ods_row(ods_cell(1, repeat=1000), repeat=100_000))
    upload(analyst, "lap.ods", bomb, mime="application/vnd.oasis.opendocument.spreadsheet")
    problems = wait_for_grid_text(analyst, "ALL100000", timeout_ms=60_000)
    assert "Sheet «Bảng 1» có dữ liệu trải tới ô ALL100000" in problems
    assert _healthy(fresh_server)
