"""Tình hình nộp báo cáo: who reported which month (on time, late, missing, returned,
approved), the month's missing units, and the versions of one report with their changes."""
# ruff: noqa: E402 - the guard must run before anything else is imported or drawn

from ui.guard import require_page

user = require_page("pages/status.py")

import streamlit as st

from core.messages import t
from ui import data, filters, reminders_view, status_view
from ui.address import View

st.title(t("dashboard.status_title"))
ctx = filters.start_page("status")

with st.container(horizontal=True, vertical_alignment="bottom"):
    department = filters.department_picker(ctx)
    units_in_scope = filters.scope_units(ctx, department)
    approved = filters.approved_switch(ctx)
latest = filters.latest_month(ctx, units_in_scope)
home = filters.default_month(ctx, approved, units_in_scope)
if latest is None or home is None:
    st.info(t("dashboard.no_data_at_all"))
    st.stop()

picked = status_view.pick(ctx, units_in_scope, latest, home)
grid = status_view.load_grid(ctx, picked, units_in_scope)
status_view.grid_table(ctx, grid, picked, approved)
status_view.month_summary(ctx, grid, picked,
                         data.month_coverage(ctx.dv, approved, units_in_scope))
reminders_view.reminders(ctx, grid, picked.month)
status_view.submission_versions(ctx, picked, units_in_scope, approved)
filters.write_address(ctx, View(month=picked.month, start=picked.start, end=picked.end,
                                units=(picked.unit,) if picked.unit else (),
                                approved_only=approved,
                                department=department if ctx.address.department else None))
