"""The trends page's chart tabs in Chromium: one chart drawn at a time, a click on a tab draws
its chart and puts it in the address, a reload and a shared link open the same tab, and the
tabs fit a phone."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import pytest
from e2e_harness import (
    AppServer,
    error_shown,
    main_text,
    new_context,
    open_signed_in,
    plotly_values,
    wait_idle,
)

from core.messages import t

pytestmark = pytest.mark.e2e

ADDRESS = "xu-huong?chi_tieu=TTKT_KD_PTD&tu=2023-01&den=2023-06"


def _chart(page) -> str | None:
    return dict(parse_qsl(urlsplit(page.url).query)).get("bieu_do")


def _tab(page, key: str):
    return page.get_by_role("tab", name=t(key))


def test_a_tab_click_draws_its_chart_and_the_address_keeps_it(shared_server: AppServer,
                                                                page) -> None:
    open_signed_in(page, shared_server, ADDRESS, "lanhdao", "demo123")
    assert page.locator(".js-plotly-plot").count() == 1  # only the chosen tab is drawn
    assert _tab(page, "dashboard.line_heading").get_attribute("aria-selected") == "true"
    assert t("dashboard.overlay_last_year") in main_text(page)
    assert _chart(page) is None

    _tab(page, "dashboard.ytd_heading").click()
    page.wait_for_function("() => location.search.includes('bieu_do=luy-ke')")
    wait_idle(page)
    text = main_text(page)
    assert t("dashboard.ytd_note") in text and t("dashboard.overlay_last_year") not in text
    assert page.locator(".js-plotly-plot").count() == 1
    assert plotly_values(page)  # the year-to-date line has its points
    params = dict(parse_qsl(urlsplit(page.url).query))
    assert params["chi_tieu"] == "TTKT_KD_PTD" and params["tu"] == "2023-01"

    page.reload(wait_until="domcontentloaded")  # the address brings the same tab back
    wait_idle(page)
    assert _tab(page, "dashboard.ytd_heading").get_attribute("aria-selected") == "true"
    assert t("dashboard.ytd_note") in main_text(page)

    _tab(page, "dashboard.bar_heading").click()
    page.wait_for_function("() => location.search.includes('bieu_do=don-vi')")
    wait_idle(page)
    assert t("dashboard.bar_month") in main_text(page)
    assert page.locator(".js-plotly-plot").count() == 1
    assert not error_shown(page)


def test_a_shared_link_opens_its_tab_and_the_tabs_fit_a_phone(shared_server: AppServer,
                                                                browser) -> None:
    page = new_context(browser, width=390, height=844).new_page()
    try:
        open_signed_in(page, shared_server, ADDRESS + "&bieu_do=don-vi", "lanhdao", "demo123")
        assert _tab(page, "dashboard.bar_heading").get_attribute("aria-selected") == "true"
        assert t("dashboard.bar_month") in main_text(page)
        widths = page.evaluate("() => [document.documentElement.scrollWidth, innerWidth]")
        assert widths[0] <= widths[1], widths
        assert not error_shown(page)
    finally:
        page.context.close()
