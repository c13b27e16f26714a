"""The trends page draws one chart per tab: only the chosen tab runs, the address's
``bieu_do`` opens a tab, a click on a tab writes it, and a bad value falls back with a notice."""

from __future__ import annotations

import pytest

from core.messages import t
from tests.dashboard.conftest import texts
from ui.address import CHARTS
from ui.trends_view import CHART_LABELS

KEY = "trends_chart"
LINE, YTD, BARS = CHARTS
# What only each chart's tab shows: the overlay toggle, the year-to-date note, the month
# picker of the comparison.
OWN = {LINE: "dashboard.overlay_last_year", YTD: "dashboard.ytd_note",
       BARS: "dashboard.bar_month"}


def _charts(at) -> int:
    return len(at.get("plotly_chart"))


def _shows(at, key: str) -> bool:
    text = t(key)
    return (any(e.label == text for e in at.toggle) or any(e.value == text for e in at.caption)
            or any(e.label == text for e in at.selectbox))


def _address(at) -> dict[str, str]:
    return {k: v[-1] if isinstance(v, list) else v for k, v in at.query_params.items()}


def test_the_tabs_are_labelled_in_vietnamese_in_their_order(page):
    at = page("trends")
    assert [tab.label for tab in at.tabs] == [t(CHART_LABELS[c]) for c in CHARTS]
    assert [tab.label for tab in at.tabs] == ["Diễn biến theo tháng", "Lũy kế từ đầu năm",
                                              "So sánh các đơn vị trong tháng"]


@pytest.mark.parametrize("chart", CHARTS)
def test_the_address_opens_one_chart_and_only_it_runs(page, chart):
    at = page("trends", bieu_do=chart, chi_tieu="TTKT_KD_PTD", tu="2022-11", den="2023-01")
    assert not at.exception
    assert at.session_state[KEY] == t(CHART_LABELS[chart])
    assert _charts(at) == 1
    assert len(at.dataframe) == 1
    for other, key in OWN.items():
        assert _shows(at, key) == (other == chart), (chart, other)
    assert _address(at)["bieu_do"] == chart  # an address from outside is kept as it came


def test_no_chart_in_the_address_opens_the_month_by_month_line(page):
    at = page("trends", chi_tieu="TTKT_KD_PTD")
    assert at.session_state[KEY] == t(CHART_LABELS[LINE])
    assert _shows(at, OWN[LINE]) and not _shows(at, OWN[YTD])
    assert "bieu_do" not in _address(at)


def test_a_click_on_a_tab_draws_it_and_writes_it_into_the_address(page):
    at = page("trends", chi_tieu="TTKT_KD_PTD", tu="2022-11", den="2023-01")
    at.session_state[KEY] = t(CHART_LABELS[YTD])
    at.run()
    assert not at.exception
    assert _shows(at, OWN[YTD]) and not _shows(at, OWN[LINE])
    assert _charts(at) == 1
    address = _address(at)
    assert address["bieu_do"] == YTD
    assert address["chi_tieu"] == "TTKT_KD_PTD" and address["tu"] == "2022-11"
    at.session_state[KEY] = t(CHART_LABELS[BARS])
    at.run()
    assert _shows(at, OWN[BARS]) and _address(at)["bieu_do"] == BARS
    at.session_state[KEY] = t(CHART_LABELS[LINE])  # back to the default: no parameter
    at.run()
    assert _shows(at, OWN[LINE]) and "bieu_do" not in _address(at)


@pytest.mark.parametrize("bad", ["cot", "LUY-KE", "<script>alert(1)</script>", "x" * 300])
def test_a_bad_chart_falls_back_to_the_line_with_a_notice(page, bad):
    at = page("trends", bieu_do=bad, chi_tieu="TTKT_KD_PTD")
    assert not at.exception
    notices = [n for n in texts(at) if n.startswith("Không có biểu đồ")]
    assert len(notices) == 1 and "thang, luy-ke, don-vi" in notices[0]
    assert "<script>" not in at.info[0].value  # shown escaped, as text
    assert _shows(at, OWN[LINE]) and _charts(at) == 1
    assert _address(at)["bieu_do"] == bad  # never rewritten


def test_with_no_indicator_the_lines_ask_for_one_and_the_comparison_still_draws(page):
    at = page("trends", chi_tieu="TTKT_KD_PTD")
    at.multiselect(key="trends_indicators").set_value([]).run()
    assert any(i.value == t("dashboard.pick_indicator") for i in at.info)
    assert _charts(at) == 0
    at.session_state[KEY] = t(CHART_LABELS[YTD])
    at.run()
    assert any(i.value == t("dashboard.pick_indicator") for i in at.info)
    at.session_state[KEY] = t(CHART_LABELS[BARS])
    at.run()
    assert not at.exception
    assert _charts(at) == 1
    assert not any(i.value == t("dashboard.pick_indicator") for i in at.info)
