"""Nộp báo cáo: pick unit and month, download the template, upload, check, confirm, history."""
# ruff: noqa: E402 - the guard must run before anything else is imported or drawn

from ui.guard import require_page

user = require_page("pages/upload.py")

import streamlit as st

from core.messages import t
from ui import actions
from ui import upload_view as view

st.title(t("upload.title"))
st.caption(t("upload.intro"))
actions.flash()
catalog = view.catalog()
unit, month = view.pick_unit_and_month(user, catalog)
if unit is None:
    st.stop()
view.template_button(catalog, unit, month, user)
uploaded = view.uploader()
if uploaded is not None:
    content, file_name = uploaded
    result = view.check(content, file_name, catalog, unit, month, user)
    view.summary(result)
    view.name_picker(result, catalog, month, user)
    view.preview(result, catalog)
    if result.ok:
        asked, choice = view.missing_choice(result)
        view.confirm(content, file_name, unit, month, user, choice, asked and choice is None)
view.history(unit)
