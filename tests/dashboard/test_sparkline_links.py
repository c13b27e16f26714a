"""Issue #15: a KPI card's sparkline points lead to the origin of their month's figure (the
card's own address with that month); a month without a figure has no link, and without an
origin the line is drawn as before, not clickable."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd

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
