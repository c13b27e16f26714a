"""Duyệt báo cáo: the office reviews the units' submissions (approve, return, reopen)."""
# ruff: noqa: E402 - the guard must run before anything else is imported or drawn

from ui.guard import require_page

user = require_page("pages/submissions.py")

import streamlit as st

from core.messages import t
from ui import actions, import_review, review_view

st.title(t("review.title"))
actions.flash()
# One tab per job; only the chosen one runs (a click on the other reruns the page): the
# import tab drawn behind the review made every review step slower.
review, past = st.tabs([t("review.tab_review"), t("narrative.ui_tab")],
                       key=review_view.TAB_KEY, on_change="rerun")
with review:
    if review.open:
        review_view.review_tab(user)
with past:
    if past.open:
        import_review.render_import_tab(user)
