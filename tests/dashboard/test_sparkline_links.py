"""Issue #15: a KPI card's sparkline points lead to the origin of their month's figure (the
card's own address with that month); a month without a figure has no link, and without an
origin the line is drawn as before, not clickable. The line is light HTML (ui.sparkline): an
image of the line and one element per point, every text escaped."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from types import SimpleNamespace
from urllib.parse import unquote

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from ui.cards import sparkline_links
from ui.sparkline import sparkline_html

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


def _points(shown: str) -> list[tuple[str, dict[str, str]]]:
    """Each point of a sparkline's HTML: its tag and attributes, in order."""
    found: list[tuple[str, dict[str, str]]] = []

    class Points(HTMLParser):
        def handle_starttag(self, tag, attrs):
            attributes = {k: v or "" for k, v in attrs}
            if "pt" in attributes.get("class", "").split():
                found.append((tag, attributes))

    Points().feed(shown)
    return found


def _image(shown: str) -> str:
    """The SVG of the line image (its data address)."""
    return unquote(re.search(r'data:image/svg\+xml,([^"&]+)', html.unescape(shown))[1])


def _lines(shown: str) -> list[list[tuple[float, float]]]:
    """The polylines of the line image, as (x, y) points."""
    image = _image(shown)
    return [[tuple(map(float, xy.split(","))) for xy in points.split()]
            for points in re.findall(r'<polyline points="([^"]*)"', image)]


def _place(attributes: dict[str, str]) -> tuple[float, float]:
    left, top = re.fullmatch(r"left:([\d.]+)%;top:([\d.]+)%", attributes["style"]).groups()
    return float(left), float(top)


def test_a_sparkline_with_links_links_each_month_and_says_so():
    links = ["/a?thang=2022-11", None, "/c?thang=2023-01&x=1", "/d"]
    shown = sparkline_html(VALUES, links)
    points = _points(shown)
    assert [tag for tag, _ in points] == ["a", "a", "a"]  # none for the month without
    assert [a["href"] for _, a in points] == ["/a?thang=2022-11", "/c?thang=2023-01&x=1",
                                              "/d"]
    assert [a["title"] for _, a in points] == [
        "11/2022: 5 — bấm để xem nguồn", "01/2023: 0 — bấm để xem nguồn",
        "02/2023: 7,5 — bấm để xem nguồn"]
    assert all(a["aria-label"] == a["title"] for _, a in points)
    assert "&x=1" not in shown and "&amp;x=1" in shown  # escaped in the page's HTML


def test_a_sparkline_without_links_is_the_plain_line():
    shown = sparkline_html(VALUES, None, decimals=2)
    points = _points(shown)
    assert [tag for tag, _ in points] == ["span", "span", "span"]
    assert [a["title"] for _, a in points] == ["11/2022: 5,00", "01/2023: 0,00",
                                               "02/2023: 7,50"]
    assert "bấm" not in shown and "href" not in shown


def test_the_line_leaves_a_gap_where_a_month_has_no_figure():
    """The highest figure at the top, the lowest at the bottom (12 % kept free), months
    evenly spaced; a month without a figure splits the line, and a figure alone between
    gaps is a point without a line."""
    shown = sparkline_html(VALUES, ["/a", None, "/c", "/d"])
    assert _lines(shown) == [[(66.667, 88.0), (100.0, 12.0)]]
    assert [_place(a) for _, a in _points(shown)] == [(0.0, 37.333), (66.667, 88.0),
                                                       (100.0, 12.0)]
    six = pd.Series([1.0, 2.0, np.nan, 3.0, np.nan, 2.0],
                    index=pd.period_range("2023-01", "2023-06", freq="M"))
    assert _lines(sparkline_html(six)) == [[(0.0, 88.0), (20.0, 50.0)]]
    assert len(_points(sparkline_html(six))) == 4


def test_the_line_is_an_unfilled_stroke_of_the_charts_colour_stretched_to_its_box():
    from ui.charts import PALETTE

    shown = sparkline_html(VALUES)
    image = _image(shown)
    assert image.startswith('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100" '
                            'preserveAspectRatio="none">')
    line = re.search(r"<polyline [^>]*/>", image)[0]
    for attribute in ('fill="none"', f'stroke="{PALETTE[0]}"', 'stroke-width="2"',
                      'vector-effect="non-scaling-stroke"', 'stroke-linejoin="round"'):
        assert attribute in line
    assert shown.startswith("<style>") and '<div class="ln" aria-hidden="true" style="' in shown
    two = pd.Series([1.0, 2.0], index=MONTHS[:2])
    assert _lines(sparkline_html(two)) == [[(0.0, 88.0), (100.0, 12.0)]]


def test_a_flat_line_a_single_month_and_no_figure():
    flat = pd.Series([3.0, 3.0, 3.0], index=MONTHS[:3])
    assert {_place(a)[1] for _, a in _points(sparkline_html(flat))} == {50.0}
    one = pd.Series([4.0], index=MONTHS[:1])
    assert [_place(a) for _, a in _points(sparkline_html(one, ["/x"]))] == [(50.0, 50.0)]
    assert _lines(sparkline_html(one)) == []
    assert sparkline_html(pd.Series([np.nan, np.nan], index=MONTHS[:2])) == ""


def test_an_address_and_a_figure_are_escaped():
    hostile = '/x?a="><img src=x onerror=alert(1)>'
    shown = sparkline_html(pd.Series([1.0], index=MONTHS[:1]), [hostile])
    assert "<img" not in shown and 'onerror=alert(1)>"' not in shown
    assert _points(shown)[0][1]["href"] == hostile  # the browser reads it back as given


# --- a clickable plotly chart (the trends page's) ---------------------------------------

def _figure() -> go.Figure:
    return go.Figure(go.Scatter(x=[1, 2, 3], y=[1.0, 2.0, 3.0],
                                customdata=[["/a"], [""], ["/b"]]))


def _fake_chart(monkeypatch, points):
    import ui.charts as charts

    calls = []

    def plotly_chart(fig, **kwargs):
        calls.append(kwargs)
        return {"selection": {"points": points}}

    monkeypatch.setattr(charts.st, "plotly_chart", plotly_chart)
    return calls


def test_showing_a_clickable_figure_leaves_it_as_it_was(monkeypatch):
    from ui.charts import clickable, show_clickable

    calls = _fake_chart(monkeypatch, [{"customdata": ["/b"]}])
    fig = clickable(_figure())
    before = fig.to_plotly_json()
    monkeypatch.setattr(type(fig), "update_layout", lambda *a, **k: pytest.fail("changed"))
    assert show_clickable(fig, key="k") == "/b"
    assert fig.to_plotly_json() == before
    assert calls[0]["on_select"] == "rerun" and calls[0]["key"] == "k"


def test_showing_a_figure_not_yet_clickable_makes_it_so(monkeypatch):
    from ui.charts import show_clickable

    _fake_chart(monkeypatch, [{"customdata": [""]}, {"customdata": "/b"}])
    fig = _figure()
    assert fig.layout.clickmode is None
    assert show_clickable(fig, key="k") == "/b"  # a gap's empty link is skipped
    assert (fig.layout.hovermode, fig.layout.clickmode) == ("closest", "event+select")


def test_the_whole_html_of_a_line_with_a_gap():
    """Golden: the style, the line image (two runs, one after the other) and the points
    one after the other, nothing between them."""
    from urllib.parse import quote

    from ui.charts import PALETTE
    from ui.sparkline import STYLE

    five = pd.Series([1.0, 2.0, np.nan, 3.0, 4.0],
                     index=pd.period_range("2023-01", "2023-05", freq="M"))
    stroke = (f'fill="none" stroke="{PALETTE[0]}" stroke-width="2" '
              'vector-effect="non-scaling-stroke" stroke-linejoin="round"/>')
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100" '
           'preserveAspectRatio="none">'
           f'<polyline points="0.0,88.0 25.0,62.667" {stroke}'
           f'<polyline points="75.0,37.333 100.0,12.0" {stroke}</svg>')
    image = f'background-image:url("data:image/svg+xml,{quote(svg)}")'
    spans = "".join(f'<span class="pt" style="left:{x}%;top:{y}%" title="{title}"></span>'
                    for x, y, title in ((0.0, 88.0, "01/2023: 1"), (25.0, 62.667, "02/2023: 2"),
                                        (75.0, 37.333, "04/2023: 3"),
                                        (100.0, 12.0, "05/2023: 4")))
    assert sparkline_html(five) == (
        f'{STYLE}<div class="skhcn-spark"><div class="ln" aria-hidden="true" '
        f'style="{html.escape(image)}"></div>{spans}</div>')
