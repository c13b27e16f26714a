"""Issue #15: a KPI card's sparkline points lead to the origin of their month's figure (the
card's own address with that month); a month without a figure has no link, and without an
origin the line is drawn as before, not clickable."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from ui.cards import sparkline_links
from ui.charts import sparkline_figure

MONTHS = pd.period_range("2022-11", "2023-02", freq="M")
VALUES = pd.Series([5.0, np.nan, 0.0, 7.5], index=MONTHS)


def test_each_month_gets_the_cards_address_with_its_month():
    card = SimpleNamespace(sparkline=VALUES)
    origin = {"chi_tieu": "A", "don_vi": "TTKT", "thang": "2023-02", "duyet": "1"}
    assert sparkline_links(card, origin) == [
        "/nguon-so-lieu?chi_tieu=A&don_vi=TTKT&thang=2022-11&duyet=1",
        None,  # no figure that month: nothing to open
        "/nguon-so-lieu?chi_tieu=A&don_vi=TTKT&thang=2023-01&duyet=1",  # a zero is a figure
        "/nguon-so-lieu?chi_tieu=A&don_vi=TTKT&thang=2023-02&duyet=1",
    ]
    assert origin["thang"] == "2023-02"  # the card's own address is not changed


def test_a_sparkline_with_links_carries_them_and_says_so():
    links = ["/a", None, "/c", "/d"]
    trace = sparkline_figure(VALUES, links).data[0]
    assert [list(c) for c in trace.customdata] == [["/a"], [""], ["/c"], ["/d"]]
    assert "bấm để xem nguồn" in trace.hovertemplate
    assert trace.hovertemplate.endswith("<extra></extra>")
    assert trace.marker.size == 6  # a little larger: something to click


def test_a_sparkline_without_links_is_the_plain_line():
    trace = sparkline_figure(VALUES).data[0]
    assert trace.customdata is None
    assert trace.hovertemplate == "%{x|%m/%Y}: %{y:,~r}<extra></extra>"
    assert trace.marker.size == 4
    assert [None if np.isnan(y) else y for y in trace.y] == [5.0, None, 0.0, 7.5]


# --- one figure per series, shared and never changed (the overview's cost per run) ---------

def test_a_sparkline_is_built_once_per_series_and_links():
    from ui.cards import sparkline

    links = ("/a", None, "/c", "/d")
    fig = sparkline(VALUES, links)
    assert sparkline(VALUES.copy(), tuple(links)) is fig  # equal series: the same figure
    assert sparkline(VALUES.replace(7.5, 8.0), links) is not fig  # another month's values
    assert sparkline(VALUES, ("/a", None, "/c", "/e")) is not fig  # another origin
    plain = sparkline(VALUES, None)
    assert plain is not fig and plain.data[0].customdata is None
    assert (fig.layout.hovermode, fig.layout.clickmode) == ("closest", "event+select")
    assert plain.layout.clickmode is None  # only a figure with links answers a click


def _fake_chart(monkeypatch, points):
    import ui.charts as charts

    calls = []

    def plotly_chart(fig, **kwargs):
        calls.append(kwargs)
        return {"selection": {"points": points}}

    monkeypatch.setattr(charts.st, "plotly_chart", plotly_chart)
    return calls


def test_showing_a_shared_clickable_figure_leaves_it_as_it_was(monkeypatch):
    from ui.cards import sparkline
    from ui.charts import show_clickable

    calls = _fake_chart(monkeypatch, [{"customdata": ["/c"]}])
    fig = sparkline(VALUES, ("/a", None, "/c", "/d"))
    before = fig.to_plotly_json()
    monkeypatch.setattr(type(fig), "update_layout", lambda *a, **k: pytest.fail("changed"))
    assert show_clickable(fig, key="k") == "/c"
    assert fig.to_plotly_json() == before
    assert calls[0]["on_select"] == "rerun" and calls[0]["key"] == "k"


def test_showing_a_figure_not_yet_clickable_makes_it_so(monkeypatch):
    from ui.charts import show_clickable

    _fake_chart(monkeypatch, [{"customdata": [""]}, {"customdata": "/b"}])
    fig = sparkline_figure(VALUES, ["/a", None, "/b", "/d"])
    assert fig.layout.clickmode is None
    assert show_clickable(fig, key="k") == "/b"  # a gap's empty link is skipped
    assert (fig.layout.hovermode, fig.layout.clickmode) == ("closest", "event+select")
