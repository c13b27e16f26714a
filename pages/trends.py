"""Xu hướng: indicators month over month, the same months last year, year to date against
the target, and units compared in one month — one chart per tab, each with its numbers to
download."""
# ruff: noqa: E402 - the guard must run before anything else is imported or drawn

from ui.guard import require_page

user = require_page("pages/trends.py")

import streamlit as st

from core.messages import t
from ui import filters, trends_view
from ui.address import LINE_CHART, UNITS_CHART, YTD_CHART, View

st.title(t("dashboard.trends_title"))
ctx = filters.start_page("trends")

with st.container(horizontal=True, vertical_alignment="bottom"):
    department = filters.department_picker(ctx)
    units_in_scope = filters.scope_units(ctx, department)
    approved = filters.approved_switch(ctx)
latest = filters.latest_month(ctx, units_in_scope)
home = filters.default_month(ctx, approved, units_in_scope)
if latest is None or home is None:
    st.info(t("dashboard.no_data_at_all"))
    st.stop()

picked = trends_view.pick(ctx, units_in_scope, latest, home)
chart, tab = trends_view.chart_tabs(ctx)
filters.write_address(ctx, View(start=picked.start, end=picked.end,
                                indicators=tuple(picked.indicators), units=tuple(picked.units),
                                approved_only=approved,
                                department=department if ctx.address.department else None,
                                chart=chart if chart != LINE_CHART else None))
with tab:
    if chart == UNITS_CHART:  # units side by side, with indicators of its own
        trends_view.unit_bars(ctx, picked, approved, home, units_in_scope)
    elif not picked.indicators:
        st.info(t("dashboard.pick_indicator"))
    elif chart == YTD_CHART:
        trends_view.ytd_chart(ctx, picked, trends_view.load(ctx, picked, approved), approved)
    else:
        trends_view.line_chart(ctx, picked, trends_view.load(ctx, picked, approved), approved)
