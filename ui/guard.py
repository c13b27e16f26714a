"""The guard every page starts with: signed in, and a role that may see this page."""

from __future__ import annotations

import streamlit as st

from auth.accounts import User, check_password, get_user
from core.messages import t
from store.engine import write_transaction
from ui.db import engine
from ui.navigation import page_spec

SESSION_KEY = "user"


def current_user() -> User | None:
    username = st.session_state.get(SESSION_KEY)
    return get_user(engine(), username) if username else None


def sign_out() -> None:
    st.session_state.pop(SESSION_KEY, None)


def login_form() -> None:
    """The Vietnamese sign-in form; on success the script reruns as the user."""
    st.subheader(t("auth.sign_in_title"))
    with st.form("login"):
        username = st.text_input(t("auth.username"))
        password = st.text_input(t("auth.password"), type="password")
        submitted = st.form_submit_button(t("auth.sign_in"))
    if submitted:
        with write_transaction(engine()) as conn:
            user = check_password(conn, username.strip(), password)
        if user is None:
            st.error(t("auth.wrong_credentials"))
        else:
            st.session_state[SESSION_KEY] = user.username
            st.rerun()


def require_page(path: str) -> User:
    """Stop the page unless a signed-in user's role may open ``path``; returns the user.

    Safe when a page file is opened directly before app.py ran: nothing of the page is
    drawn before this returns.
    """
    user = current_user()
    if user is None:
        login_form()
        st.stop()
    if user.role not in page_spec(path).roles:
        st.error(t("auth.forbidden"))
        st.stop()
    return user
