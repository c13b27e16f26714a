"""Báo cáo tháng: the period's report as a document; editors adjust wording and follow-up."""
# ruff: noqa: E402 - the guard must run before anything else is imported or drawn

from ui.guard import require_page

user = require_page("pages/month_report.py")

import streamlit as st

from analytics.periods import period_kind
from auth.permissions import allowed
from core.messages import t
from ui import actions, report_view

st.title(t("report.page_title"))
actions.flash()
code = report_view.period_picker()
if code is None:
    st.stop()

doc = report_view.document_or_stop(code)

report_view.downloads(doc, code)
if allowed(user.role, "report.edit"):
    report_view.edit_wording(user, code, doc)
    if period_kind(code) == "month":
        report_view.followup(user, code)
report_view.document(doc)
