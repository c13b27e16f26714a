"""Nhật ký: who changed what and when, before and after (admins and the office)."""
# ruff: noqa: E402 - the guard must run before anything else is imported or drawn

from ui.guard import require_page

user = require_page("pages/audit.py")

import streamlit as st

from core.messages import t
from ui import audit_view

st.title(t("admin.audit_title"))
audit_view.audit_table()
