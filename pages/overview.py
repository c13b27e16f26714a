"""Tổng quan: the month's headline figures, notable movements and who has not reported."""
# ruff: noqa: E402 - the guard must run before anything else is imported or drawn

from ui.guard import require_page

user = require_page("pages/overview.py")

import streamlit as st

from core.messages import t
from ui import data, filters, overview_view
from ui.address import View

st.title(t("dashboard.overview_title"))
ctx = filters.start_page("overview")

with st.container(horizontal=True, vertical_alignment="bottom"):
    department = filters.department_picker(ctx)
    units = filters.scope_units(ctx, department)
    approved = filters.approved_switch(ctx)
default = filters.default_month(ctx, approved, units)
if default is None:
    st.info(t("dashboard.no_data_at_all"))
    st.stop()
month = filters.month_picker(
    ctx, "month", t("dashboard.month"),
    filters.available_months(ctx, approved, units, [ctx.address.month] if ctx.address.month
                             else []),
    ctx.address.month or default, data.month_coverage(ctx.dv, approved, units))
filters.write_address(ctx, View(month=month, approved_only=approved, department=(
    department if ctx.address.department else None)))

model = data.overview(ctx.dv, month, approved, department)
overview_view.headline_cards(model, month, approved,
                             overview_view.origin_units(ctx.catalog, units))
overview_view.notable_movements(model)
overview_view.missing_units(model, ctx.catalog, month)
