"""Nhập số liệu: a unit's month typed in the browser, kept as a draft or sent."""
# ruff: noqa: E402 - the guard must run before anything else is imported or drawn

from ui.guard import require_page

user = require_page("pages/typing.py")

import streamlit as st

from core.messages import t
from ui import actions, upload_view
from ui import typing_view as view

st.title(t("typing.title"))
st.caption(t("typing.intro"))
actions.flash()
catalog = upload_view.catalog()
view.month_from_address()
unit, month = upload_view.pick_unit_and_month(user, catalog)
if unit is None:
    st.stop()
view.form(catalog, user, unit, month)
