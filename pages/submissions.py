"""Duyệt báo cáo: the office reviews the units' submissions (approve, return, reopen)."""
# ruff: noqa: E402 - the guard must run before anything else is imported or drawn

from ui.guard import require_page

user = require_page("pages/submissions.py")

import streamlit as st

from core.messages import t
from ui import actions, import_review, review_view

st.title(t("review.title"))
actions.flash()
# One tab per job; the past-report import (issue 6) adds its tab here as a function call.
review, past = st.tabs([t("review.tab_review"), t("narrative.ui_tab")])
with review:
    review_view.review_tab(user)
with past:
    import_review.render_import_tab(user)
