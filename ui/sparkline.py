"""A KPI card's line of the last months as light HTML: an SVG line and one point per month.

Six plotly sparklines kept the browser busy about 0,2–0,3 s on every month change of the
overview and 0,6 s on a reload (the overview's filter 0,45–0,74 s with them, 0,28–0,39 s
without, same server). Here the line is an SVG image (a data address) and each month's point a
plain element placed over it; with links, each point is a link to the origin of its month's
figure (a click navigates this tab, as the sign-in form does) and says so on hover. A month
without a figure leaves a gap and has no point. Every text and address is escaped.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from urllib.parse import quote

import pandas as pd

from analytics.periods import to_month
from core.formatting import fmt_month, fmt_number
from core.messages import t
from ui.charts import PALETTE

COLOUR = PALETTE[0]  # the charts' first colour
PAD = 12.0  # per cent of the height kept free above the highest and below the lowest point

# How the line and its points look: presentation only, nothing a test could hold to.
STYLE = """<style>
.skhcn-spark{position:relative;height:72px;margin:6px 8px 2px 8px}
.skhcn-spark .ln{position:absolute;left:0;top:0;width:100%;height:100%;
background-size:100% 100%;background-repeat:no-repeat}
.skhcn-spark .pt{position:absolute;width:7px;height:7px;margin:-3.5px 0 0 -3.5px;
border-radius:50%;background:COLOUR}
.skhcn-spark a.pt{width:11px;height:11px;margin:-5.5px 0 0 -5.5px;box-shadow:0 0 0 2px #fff}
.skhcn-spark a.pt:hover,.skhcn-spark a.pt:focus{transform:scale(1.5);outline:none}
</style>""".replace("\n", "").replace("COLOUR", COLOUR)  # pragma: no mutate


def sparkline_html(values: pd.Series, links: Sequence[str | None] | None = None,
                   decimals: int | None = None) -> str:
    """The line of ``values`` (a monthly series; NaN for a month without a figure) as HTML.

    ``links`` (one per month, None for a gap) makes each point a link; its hover text is
    the month and the figure (``decimals`` as the card shows it), then "bấm để xem nguồn".
    """
    figures = [None if pd.isna(v) else float(v) for v in values]
    known = [v for v in figures if v is not None]
    if not known:
        return ""
    low, high = min(known), max(known)
    last = len(figures) - 1

    def x(i: int) -> float:
        return 50.0 if last == 0 else round(100 * i / last, 3)

    def y(v: float) -> float:
        if high == low:
            return 50.0
        return round(PAD + (100 - 2 * PAD) * (high - v) / (high - low), 3)

    runs: list[list[str]] = [[]]
    points: list[str] = []
    for i, (period, value) in enumerate(zip(values.index, figures, strict=True)):
        if value is None:
            runs.append([])
            continue
        left, top = x(i), y(value)
        runs[-1].append(f"{left},{top}")
        text = f"{fmt_month(to_month(period))}: {fmt_number(value, decimals)}"
        link = links[i] if links is not None else None
        place = f'style="left:{left}%;top:{top}%"'
        if link:
            said = html.escape(f"{text} — {t('provenance.chart_hover')}")
            points.append(f'<a class="pt" href="{html.escape(link)}" {place} '
                          f'title="{said}" aria-label="{said}"></a>')
        else:
            points.append(f'<span class="pt" {place} title="{html.escape(text)}"></span>')
    lines = "".join(
        f'<polyline points="{" ".join(run)}" fill="none" stroke="{COLOUR}" stroke-width="2" '
        'vector-effect="non-scaling-stroke" stroke-linejoin="round"/>'
        for run in runs if len(run) > 1)
    # The page's HTML may hold no <svg> (Streamlit's sanitiser removes it): the line is an
    # image, an SVG in a data address (the Content-Security-Policy allows data: images).
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100" '
           f'preserveAspectRatio="none">{lines}</svg>')
    image = f'background-image:url("data:image/svg+xml,{quote(svg)}")'
    return (f'{STYLE}<div class="skhcn-spark"><div class="ln" aria-hidden="true" '
            f'style="{html.escape(image)}"></div>{"".join(points)}</div>')
