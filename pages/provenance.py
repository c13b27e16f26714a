"""Nguồn số liệu: where a figure came from, one click from every number (issue #15)."""
# ruff: noqa: E402 - the guard must run before anything else is imported or drawn

from ui.guard import require_page

user = require_page("pages/provenance.py")

import streamlit as st

from core.messages import t
from ui import provenance_view

st.title(t("provenance.title"))
provenance_view.page(user)
