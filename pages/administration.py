"""Quản trị: accounts, yearly targets, settings, the catalogue and backup (admin only)."""
# ruff: noqa: E402 - the guard must run before anything else is imported or drawn

from ui.guard import require_page

user = require_page("pages/administration.py")

import streamlit as st

from core.messages import t
from ui import actions, admin_view

st.title(t("admin.title"))
actions.flash()
accounts, targets, settings, catalog, names, backup = st.tabs(key="adm_tab", tabs=[
    t("admin.tab_accounts"), t("admin.tab_targets"), t("admin.tab_settings"),
    t("admin.tab_catalog"), t("admin.tab_names"), t("admin.tab_backup")])
with accounts:
    admin_view.accounts_tab(user)
with targets:
    admin_view.targets_tab(user)
with settings:
    admin_view.settings_tab(user)
with catalog:
    admin_view.catalog_tab(user)
with names:
    admin_view.names_tab(user)
with backup:
    admin_view.backup_tab(user)
