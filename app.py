"""Entry point: page config, sign-in, role-based navigation, demo banner."""

from __future__ import annotations

import streamlit as st

from core.messages import t
from store.meta import get_flag
from ui.db import engine
from ui.guard import current_user, login_form, sign_out
from ui.navigation import pages_for

st.set_page_config(page_title=t("nav.app_title"), page_icon=":material/analytics:",
                   layout="wide")

if get_flag(engine(), "demo"):
    st.warning(t("nav.demo_banner"), icon=":material/science:")

user = current_user()
if user is None:
    nav = st.navigation([st.Page(login_form, title=t("nav.sign_in"), icon=":material/login:")])
else:
    groups: dict[str, list] = {}
    for spec in pages_for(user.role):
        page = st.Page(spec.path, title=t(spec.title_key), icon=spec.icon,
                       url_path=spec.url_path)
        groups.setdefault(t(spec.group_key), []).append(page)
    with st.sidebar:
        st.caption(t("auth.signed_in_as", name=user.display_name,
                     role=t(f"auth.role_{user.role}")))
        if st.button(t("auth.sign_out"), icon=":material/logout:"):
            sign_out()
            st.rerun()
    nav = st.navigation(groups)
nav.run()
