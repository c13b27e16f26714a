"""At a phone's 390 px a wide table scrolls sideways inside itself and its first, identifying
column stays in view (issue #14; ``ui.responsive.table`` pins it).

The grid is drawn on a canvas; its accessible copy in the DOM lists the columns in view
(pinned ones included), which is what is read here before and after scrolling the grid."""

from __future__ import annotations

import time

import pytest
from e2e_harness import new_context, open_signed_in

from admin.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from auth.permissions import EDITOR
from core.messages import t

pytestmark = pytest.mark.e2e

ACCOUNT = {role: name for name, _display, role, _unit in DEMO_ACCOUNTS}
HEADERS = "el => [...el.querySelectorAll('[role=columnheader]')].map(h => h.innerText.trim())"


def _headers_when(table, ready, timeout_s: float = 20.0) -> list[str]:
    """The column headers in view, once ``ready(headers)`` holds (or the timeout ends)."""
    deadline = time.monotonic() + timeout_s
    shown = table.evaluate(HEADERS)
    while not ready(shown) and time.monotonic() < deadline:
        time.sleep(0.25)
        shown = table.evaluate(HEADERS)
    return shown


def test_first_column_stays_in_view_when_a_wide_table_scrolls(shared_server, browser):
    page = new_context(browser, width=390, height=844).new_page()
    try:
        open_signed_in(page, shared_server, "duyet-bao-cao", ACCOUNT[EDITOR], DEMO_PASSWORD)
        first, second, last = t("review.col_unit"), t("review.col_period"), \
            t("review.col_comment")
        # the review tab's first table: the versions (checked by its headers below)
        versions = page.locator("[data-testid='stMain'] [data-testid='stDataFrame']").first
        versions.scroll_into_view_if_needed()
        before = _headers_when(versions, lambda h: first in h and second in h)
        assert before[:2] == [first, second]
        assert last not in before  # wider than the phone: the last column is out of view
        scroller = versions.locator(".dvn-scroller")
        widths = scroller.evaluate("el => [el.scrollWidth, el.clientWidth]")
        assert widths[0] > widths[1] <= 390
        scroller.evaluate("el => { el.scrollLeft = el.scrollWidth; }")
        after = _headers_when(versions, lambda h: last in h)
        assert last in after and second not in after  # scrolled to the far right …
        assert after[0] == first  # … and the unit column is still the first in view
        # the page itself did not scroll sideways, only the table
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    finally:
        page.context.close()
