"""Quản trị: accounts, yearly targets, settings, the catalogue and backup (admin only)."""
# ruff: noqa: E402 - the guard must run before anything else is imported or drawn

from ui.guard import require_page

user = require_page("pages/administration.py")

import streamlit as st

from core.messages import t
from ui import actions, admin_view

st.title(t("admin.title"))
actions.flash()
# Only the chosen tab runs (a click on another reruns the page): drawing all six on every
# run made the page take a second or more at province scale.
tabs = st.tabs([t(f"admin.tab_{name}") for name in admin_view.TABS], key=admin_view.TAB_KEY,
               on_change="rerun")
for tab, draw in zip(tabs, admin_view.TABS.values(), strict=True):
    with tab:
        if tab.open:
            draw(user)
