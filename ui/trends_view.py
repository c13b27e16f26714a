"""The sections of the trends page: the pickers, and three charts with their tables, one tab
each; only the chosen tab runs."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from actions.provenance import APPROVED, NEWEST
from analytics import trends
from analytics.kpi import headline_indicators
from analytics.periods import to_month
from analytics.series import indicator_joins
from core.catalog import Catalog
from core.formatting import fmt_month
from core.messages import t
from core.months import Month, month_range
from core.sorting import vn_sort_key
from ui import charts, data, filters, provenance_view
from ui.address import CHARTS, LINE_CHART, UNITS_CHART, YTD_CHART
from ui.filters import PageContext
from ui.provenance_address import origin_address, origin_params

DEFAULT_MONTHS = 24


@dataclass
class Picked:
    indicators: list[str]
    units: list[str]
    start: Month
    end: Month


def indicator_options(cat: Catalog, units: tuple[str, ...]) -> tuple[list[str], dict[str, str]]:
    """Codes grouped by report section (section order), names in Vietnamese order."""
    sections = cat.section_by_code
    items = [i for i in cat.indicators if not units or i.org_unit in units]
    items.sort(key=lambda i: (sections[i.section].order if i.section in sections else 10**6,
                              vn_sort_key(i.name)))
    labels = {i.code: f"{i.section} · {i.name}" for i in items}
    return [i.code for i in items], labels


def pick(ctx: PageContext, units_in_scope: tuple[str, ...], latest: Month,
         home: Month) -> Picked:
    """Indicators, units and the month range, seeded from the address (the range ends at
    ``latest``; the default indicators are the home month's headline ones)."""
    cat = ctx.catalog
    codes, labels = indicator_options(cat, units_in_scope)
    default_codes = [i.code for i in headline_indicators(cat, home, units_in_scope)]
    chosen = filters.multiselect_codes(
        ctx, "indicators", t("dashboard.indicators"), codes,
        ctx.address.indicators or default_codes[:2], labels,
        t("dashboard.indicators_placeholder"))
    unit_names = {u: cat.unit_by_code[u].name for u in units_in_scope}
    units = filters.multiselect_codes(ctx, "units", t("dashboard.units"), list(units_in_scope),
                                      ctx.address.units, unit_names,
                                      t("dashboard.units_placeholder"))
    extra = [m for m in (ctx.address.start, ctx.address.end) if m]
    months = filters.available_months(ctx, False, units_in_scope, extra)
    left, right = st.columns(2)
    start_default = ctx.address.start or max(latest - (DEFAULT_MONTHS - 1), months[-1])
    with left:
        start = filters.month_picker(ctx, "start", t("dashboard.from_month"), months,
                                     start_default)
    with right:
        end = filters.month_picker(ctx, "end", t("dashboard.to_month"), months,
                                   ctx.address.end or latest)
    if start > end:
        start, end = end, start
    return Picked(chosen, units, start, end)


# Each chart's tab label (catalogue key), in CHARTS order.
CHART_LABELS = {LINE_CHART: "dashboard.line_heading", YTD_CHART: "dashboard.ytd_heading",
                UNITS_CHART: "dashboard.bar_heading"}


def chart_tabs(ctx: PageContext) -> tuple[str, DeltaGenerator]:
    """The tabs of the three charts; returns the chosen chart's name and its tab.

    Only the chosen tab is drawn (a click on another reruns the page): the three charts
    and tables together kept the browser busy twice as long as one. The address's
    ``bieu_do`` picks the tab it opens on."""
    labels = {name: t(CHART_LABELS[name]) for name in CHARTS}
    key = filters.init_widget(ctx, "chart", labels[ctx.address.chart or CHARTS[0]])
    tabs = st.tabs(list(labels.values()), key=key, on_change="rerun")
    chosen = next((name for name, label in labels.items()
                   if label == st.session_state.get(key)), CHARTS[0])
    return chosen, tabs[CHARTS.index(chosen)]


def load(ctx: PageContext, picked: Picked, approved: bool) -> pd.DataFrame:
    return data.trend(ctx.dv, picked.start, picked.end, tuple(picked.indicators),
                      tuple(picked.units), approved)


def _names(cat: Catalog) -> dict[str, str]:
    return {i.code: i.name for i in cat.indicators}


def _line_label(cat: Catalog, code: str, unit: str) -> str:
    name = cat.indicator(code).name
    return f"{name} — {cat.unit_by_code[unit].name}" if unit else name


def _table(cat: Catalog, frame: pd.DataFrame, columns: dict[str, str]) -> pd.DataFrame:
    """``frame`` with names for codes and Vietnamese headers, ``columns`` in order."""
    out = frame.copy()
    names = _names(cat)
    if "indicator" in out:
        out["noun"] = out["indicator"].map(lambda c: cat.indicator(c).unit)
        out["indicator"] = out["indicator"].map(names)
    if "unit" in out:
        out["unit"] = out["unit"].map(
            lambda u: cat.unit_by_code[u].name if u else t("dashboard.all_units_total"))
    if "source" in out:
        out["source"] = out["source"].map(lambda c: names.get(c, "") if isinstance(c, str)
                                          else "")
    return out[list(columns)].rename(columns=columns)


def _joins(ctx: PageContext, picked: Picked):
    return [j for code in picked.indicators for j in indicator_joins(ctx.catalog, code)
            if picked.start <= j.month <= picked.end]


def origin_links(numbers: pd.DataFrame, approved: bool, column: str = "value",
                 ytd: bool = False, months_back: int = 0) -> list[str | None]:
    """Per row of a trends frame, the origin address of its ``column`` figure (``ytd``: the
    year to date up to the row's month; ``months_back``: the same line that many months
    earlier); None where the row has no figure."""
    rule = APPROVED if approved else NEWEST
    out: list[str | None] = []
    for indicator, unit, period, figure in zip(numbers["indicator"], numbers["unit"],
                                               numbers["period"], numbers[column], strict=True):
        if figure is None or pd.isna(figure):
            out.append(None)
            continue
        month = (to_month(period) if isinstance(period, pd.Period) else period) - months_back
        out.append(origin_address(origin_params(indicator, month=month,
                                                units=[unit] if unit else [], ytd=ytd,
                                                rule=rule)))
    return out


def line_chart(ctx: PageContext, picked: Picked, numbers: pd.DataFrame,
               approved: bool = False) -> None:
    """Month over month, gaps where a month is missing, optionally last year's months;
    a click on a point opens its figure's origin."""
    cat = ctx.catalog
    overlay = st.toggle(t("dashboard.overlay_last_year"), value=True, key="trends_overlay")
    fig = go.Figure()
    for n, ((code, unit), rows) in enumerate(numbers.groupby(["indicator", "unit"],
                                                             sort=False)):
        label = _line_label(cat, code, unit)
        charts.line(fig, rows["period"], rows["value"], label, n,
                    links=origin_links(rows, approved))
        if overlay:
            charts.line(fig, rows["period"], rows["last_year"],
                        t("dashboard.last_year_suffix", name=label), n, dash="dash",
                        links=origin_links(rows, approved, "last_year", months_back=12))
    charts.mark_joins(fig, _joins(ctx, picked), _names(cat))
    st.caption(t("provenance.chart_hint"))
    provenance_view.open_clicked(charts.show_clickable(charts.base_layout(fig),
                                                       key="trends_line"))
    columns = {"period": t("dashboard.col_month"), "indicator": t("dashboard.col_indicator"),
               "unit": t("dashboard.col_unit"), "value": t("dashboard.col_value"),
               "noun": t("dashboard.col_noun")}
    if overlay:
        columns["last_year"] = t("dashboard.col_last_year")
    columns["source"] = t("dashboard.col_source")
    charts.table_with_downloads(_table(cat, numbers, columns),
                                _file_stem("xu-huong", picked), "trends_line_table",
                                links=origin_links(numbers, approved))


def ytd_chart(ctx: PageContext, picked: Picked, numbers: pd.DataFrame,
              approved: bool = False) -> None:
    """Year to date by aggregation, restarting each January, with the yearly target; a
    click on a point opens the values it sums."""
    cat = ctx.catalog
    st.caption(t("dashboard.ytd_note"))
    fig = go.Figure()
    for n, ((code, unit), rows) in enumerate(numbers.groupby(["indicator", "unit"],
                                                             sort=False)):
        label = _line_label(cat, code, unit)
        periods, values = charts.year_breaks(list(rows["period"]), list(rows["ytd"]))
        _, links = charts.year_breaks(list(rows["period"]),
                                      origin_links(rows, approved, "ytd", ytd=True))
        charts.line(fig, periods, values, label, n, links=links)
        if rows["target"].notna().any() and not unit:
            charts.line(fig, rows["period"], rows["target"],
                        t("dashboard.target_line", name=cat.indicator(code).name), n,
                        dash="dot", shape="hv")
    charts.mark_joins(fig, _joins(ctx, picked), _names(cat))
    provenance_view.open_clicked(charts.show_clickable(charts.base_layout(fig),
                                                       key="trends_ytd"))
    columns = {"period": t("dashboard.col_month"), "indicator": t("dashboard.col_indicator"),
               "unit": t("dashboard.col_unit"), "ytd": t("dashboard.col_ytd"),
               "target": t("dashboard.col_target"), "noun": t("dashboard.col_noun")}
    charts.table_with_downloads(_table(cat, numbers, columns),
                                _file_stem("luy-ke", picked), "trends_ytd_table",
                                links=origin_links(numbers, approved, "ytd", ytd=True))


def unit_bars(ctx: PageContext, picked: Picked, approved: bool, home: Month,
              units_in_scope: tuple[str, ...]) -> None:
    """Units side by side in one month, for indicators of its own (default: the one the most
    units report that month), saying so when only one unit reports an indicator."""
    cat = ctx.catalog
    months = month_range(picked.start, picked.end)[::-1]
    coverage = data.month_coverage(ctx.dv, approved, units_in_scope)
    month = filters.month_picker(ctx, "bar_month", t("dashboard.bar_month"), months,
                                 home if home in months else picked.end, coverage)
    codes, labels = indicator_options(cat, units_in_scope)
    everything = data.unit_comparison(ctx.dv, month, tuple(codes), tuple(picked.units),
                                      approved)
    counts = trends.units_per_indicator(everything)
    options = [c for c in codes if c in counts]
    if not options:
        st.caption(t("dashboard.no_data") + f" ({fmt_month(month)})")
        return
    best = trends.most_reported(counts, options)
    key = ctx.key("bar_indicators")
    kept = [c for c in st.session_state.get(key, []) if c in options]
    if ctx.fresh or not kept:
        kept = [best] if best else []
    st.session_state[key] = kept
    chosen = st.multiselect(t("dashboard.bar_indicators"), options, key=key,
                            format_func=lambda c: labels.get(c, c),
                            placeholder=t("dashboard.indicators_placeholder"))
    st.caption(t("dashboard.bar_default_rule"))
    rows = everything[everything["indicator"].isin(chosen)].reset_index(drop=True)
    for code in chosen:
        if counts.get(code) == 1:
            unit = rows.loc[rows["indicator"] == code, "unit"].iloc[0]
            st.info(t("dashboard.bar_single_unit", name=cat.indicator(code).name,
                      unit=cat.unit_by_code[unit].name, month=fmt_month(month)),
                    icon=":material/info:")
    if rows.empty:
        st.caption(t("dashboard.pick_indicator"))
        return
    fig = go.Figure()
    names = _names(cat)
    hover = "%{y:,~r}<br><i>" + t("provenance.chart_hover") + "</i>"
    for n, (unit, part) in enumerate(rows.groupby("unit", sort=False)):
        links = origin_links(part.assign(period=month), approved)
        fig.add_trace(go.Bar(x=[names[c] for c in part["indicator"]], y=part["value"],
                             name=cat.unit_by_code[unit].name,
                             marker_color=charts.PALETTE[n % len(charts.PALETTE)],
                             customdata=[[link or ""] for link in links],
                             hovertemplate=hover))
    charts.base_layout(fig)
    fig.update_xaxes(tickformat=None, hoverformat=None)
    provenance_view.open_clicked(charts.show_clickable(fig, key="trends_bars"))
    columns = {"indicator": t("dashboard.col_indicator"), "unit": t("dashboard.col_unit"),
               "value": t("dashboard.col_value"), "noun": t("dashboard.col_noun")}
    charts.table_with_downloads(_table(cat, rows, columns),
                                f"don-vi-{month}", "trends_bar_table",
                                links=origin_links(rows.assign(period=month), approved))


def _file_stem(prefix: str, picked: Picked) -> str:
    return f"{prefix}-{picked.start}-{picked.end}"
