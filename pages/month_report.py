"""Báo cáo tháng: the period's report as a document; editors adjust wording and follow-up."""
# ruff: noqa: E402 - the guard must run before anything else is imported or drawn

from ui.guard import require_page

user = require_page("pages/month_report.py")

import streamlit as st

from auth.permissions import allowed
from core.messages import t
from core.months import MONTH
from ui import actions, report_view

st.title(t("report.page_title"))
actions.flash()
period = report_view.period_picker()
if period is None:
    st.stop()

doc = report_view.document_or_stop(period)

report_view.downloads(doc, period)
report_view.checks(doc)
if allowed(user.role, "report.edit"):
    report_view.edit_wording(user, period, doc)
    if period.kind == MONTH:
        report_view.followup(user, period)
report_view.document(doc)
report_view.annex_origins(period)
