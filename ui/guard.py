"""The guard every page starts with: signed in, and a role that may see this page."""

from __future__ import annotations

import streamlit as st

from core.messages import t
from store.users import User
from ui.login import SESSION_KEY, current_user, sign_in_screen
from ui.navigation import page_spec

__all__ = ["SESSION_KEY", "current_user", "login_form", "require_page"]

# The name app.py used before the cookie sign-in; kept for callers.
login_form = sign_in_screen


def require_page(path: str) -> User:
    """Stop the page unless a signed-in user's role may open ``path``; returns the user.

    Safe when a page file is opened directly before app.py ran: nothing of the page is
    drawn before this returns.
    """
    try:
        user = current_user()
    except Exception:  # a broken session never shows a traceback
        user = None
    if user is None:
        sign_in_screen()
        st.stop()
    if not page_spec(path).open_to(user.role):
        st.error(t("auth.forbidden"))
        st.stop()
    return user
