"""The overview's KPI card: value, comparisons with the months they used, year to date
against the target with a progress bar, a 12-month sparkline and a link to the trend."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analytics.comparisons import NO_VALUE, Comparison
from analytics.kpi import KpiCard
from analytics.periods import to_month
from core.formatting import fmt_month, fmt_number, fmt_percent, fmt_signed
from core.messages import t
from ui import links, provenance_view
from ui.provenance_address import MONTH_PARAM, origin_address
from ui.sparkline import sparkline_html
from ui.text import LINE_BREAK, escape_markdown


def fmt_change(comp: Comparison, decimals: int | None) -> str:
    """``+629 (+12,29%)``; the percentage is left out when the base is zero."""
    change = fmt_signed(comp.change, decimals)
    if comp.ratio is None:
        return t("dashboard.change_no_percent", sign_change=change)
    return t("dashboard.change", sign_change=change,
             sign_percent=fmt_signed(comp.ratio * 100, 2) + "%")


def comparison_line(comp: Comparison, label: str, decimals: int | None) -> str:
    """One line that says which month the value was compared with, or why it was not."""
    base_month = fmt_month(comp.base_month)
    if comp.status == NO_VALUE:
        return t("dashboard.compared_missing_value", label=label)
    if not comp.ok:
        return t("dashboard.compared_missing_base", label=label, month=base_month)
    return t("dashboard.compared_with", label=label, month=base_month,
             base=fmt_number(comp.base, decimals), change=fmt_change(comp, decimals))


def _delta(comp: Comparison, decimals: int | None) -> str | None:
    return fmt_change(comp, decimals) if comp.ok else None


def kpi_card(card: KpiCard, trend_params: dict[str, str],
             origin: dict[str, str] | None = None,
             ytd_origin: dict[str, str] | None = None) -> None:
    """Draw one card in the current container; ``origin`` / ``ytd_origin`` are the address
    parameters of the month's figure and of the year to date on the provenance page."""
    item = card.indicator
    places = item.decimals or None
    with st.container(border=True):
        st.markdown(f"**{escape_markdown(item.name)}**")
        if card.missing:
            st.metric(escape_markdown(item.unit), t("dashboard.no_data"))
        else:
            st.metric(escape_markdown(item.unit), fmt_number(card.value, places),
                      delta=_delta(card.lead, places),
                      delta_color="inverse" if item.direction == "down" else
                      ("off" if item.direction == "neutral" else "normal"))
        if origin is not None and not card.missing:
            provenance_view.origin_link(origin)
        # Lines of one block share one caption: each element is a message and a component
        # to draw, and a card drew about fifteen (six cards on the overview).
        _caption(comparison_lines(card, places) + ytd_lines(card, places))
        _target(card, places)
        if ytd_origin is not None and card.attainment.ytd.value is not None:
            provenance_view.origin_link(ytd_origin, "provenance.link_ytd")
        _sparkline(card, origin, places)
        _caption([t("dashboard.sparkline_caption"), *join_lines(card)])
        links.page_link("pages/trends.py", t("dashboard.see_trend"), trend_params,
                        icon=":material/show_chart:")


def _caption(lines: list[str]) -> None:
    if lines:
        st.caption(LINE_BREAK.join(lines))


def comparison_lines(card: KpiCard, places: int | None) -> list[str]:
    """Against the previous month (a running total says why not) and the same month last
    year."""
    first = t("dashboard.running_total_note") if card.previous is None else \
        comparison_line(card.previous, t("dashboard.vs_previous"), places)
    return [first, comparison_line(card.last_year, t("dashboard.vs_last_year"), places)]


def join_lines(card: KpiCard) -> list[str]:
    """The successor joins that fall inside the sparkline's months."""
    first, last = to_month(card.sparkline.index[0]), to_month(card.sparkline.index[-1])
    return [t("dashboard.successor_join", old=join.from_code, new=join.to_code,
              month=fmt_month(join.month))
            for join in card.joins if first <= join.month <= last]


def sparkline_links(card: KpiCard, origin: dict[str, str]) -> list[str | None]:
    """The origin address of each month of the card's sparkline (None for a month without a
    figure): the card's own figure's address with that month."""
    return [None if pd.isna(value) else
            origin_address({**origin, MONTH_PARAM: str(to_month(period))})
            for period, value in card.sparkline.items()]


def _sparkline(card: KpiCard, origin: dict[str, str] | None, places: int | None) -> None:
    """The 12-month line; with ``origin``, each month's point links to that figure's
    origin."""
    links = None if origin is None or card.missing else sparkline_links(card, origin)
    shown = sparkline_html(card.sparkline, links, places)
    if shown:
        st.html(shown)


def ytd_lines(card: KpiCard, places: int | None) -> list[str]:
    """The year to date (a sum from January, or the newest running total) and its missing
    months."""
    agg = card.attainment.ytd
    if agg.value is None:
        return [t("dashboard.ytd_none")]
    if agg.aggregation == "sum":
        lines = [t("dashboard.ytd", first=fmt_month(agg.months[0]),
                   last=fmt_month(agg.months[-1]), value=fmt_number(agg.value, places))]
    else:
        lines = [t("dashboard.ytd_last", last=fmt_month(agg.months_used[-1]),
                   value=fmt_number(agg.value, places))]
    if agg.months_missing:
        lines.append(t("dashboard.ytd_missing_months", months=", ".join(
            fmt_month(m) for m in agg.months_missing)))
    return lines


def _target(card: KpiCard, places: int | None) -> None:
    """The year's target: a progress bar with the share reached, where the plan came from
    and the outlook; or that there is none."""
    att = card.attainment
    if att.target is None:
        st.caption(t("dashboard.no_target", year=att.year))
        return
    if att.ratio is not None:
        st.progress(min(max(att.ratio, 0.0), 1.0),
                    text=t("dashboard.target", year=att.year,
                           target=fmt_number(att.target, places),
                           percent=fmt_percent(att.ratio)))
    lines = []
    if att.plan.reported:
        lines.append(t("dashboard.plan_reported", name=escape_markdown(att.plan.source_name or ""),
                       month=fmt_month(att.plan.month)))
    if card.outlook is not None:
        lines.append(t("dashboard.outlook", percent=card.outlook.percent))
    _caption(lines)
