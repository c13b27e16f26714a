"""Who is signed in, the sign-in screen and the sign-out control (Streamlit side).

The session lives in an HttpOnly cookie that only the server routes of ``web.signin`` set
and clear; here we read it (``st.context.cookies``) on every run, so a revoked or expired
token stops working at once. Tests (AppTest) and single sign-on put the username in
``st.session_state["user"]`` or ``st.user`` instead.
"""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

import streamlit as st

from auth.sessions import COOKIE_NAME, token_hash
from auth.sso import identity_names, sso_configured
from core.messages import t
from store.sessions import session_user
from store.users import User, first_active_user, get_user
from ui.db import engine
from web.signin import SIGN_OUT_PATH, sign_in_url

SESSION_KEY = "user"


def _cookie_token() -> str | None:
    try:
        token = st.context.cookies.get(COOKIE_NAME)
    except Exception:  # no browser context (bare script run): no cookie
        return None
    return token if isinstance(token, str) and token else None


def _sso_claims() -> dict | None:
    try:
        if sso_configured() and st.user.is_logged_in:
            return dict(st.user.to_dict())
    except Exception:  # st.login not set up: no identity
        return None
    return None


def current_user() -> User | None:
    """The signed-in user, checked against the database on every run (None: nobody).

    A session cookie decides when there is one; otherwise a username the server put in
    ``st.session_state`` (tests); otherwise a single sign-on identity with an account.
    """
    token = _cookie_token()
    with engine().connect() as conn:
        if token:
            return session_user(conn, token_hash(token))
        username = st.session_state.get(SESSION_KEY)
        if isinstance(username, str) and username:
            return get_user(conn, username)
        claims = _sso_claims()
        return first_active_user(conn, identity_names(claims)) if claims else None


def current_address() -> str:
    """The page and query the browser asked for, as a path on this site."""
    path = "/"
    try:
        if st.context.url:
            path = urlsplit(st.context.url).path or "/"
    except Exception:  # no browser context
        path = "/"
    query = urlencode(st.query_params.to_dict())
    return f"{path}?{query}" if query else path


def sign_in_screen() -> None:
    """What someone who is not signed in sees: a way to the sign-in form, nothing else."""
    st.subheader(t("auth.sign_in_title"))
    claims = _sso_claims()
    if claims:  # signed in at the identity provider, but no account here
        st.error(t("auth.sso_no_account"))
        st.button(t("auth.sign_out"), on_click=st.logout)
        return
    st.write(t("auth.sign_in_prompt"))
    st.link_button(t("auth.sign_in"), sign_in_url(current_address()), type="primary",
                   icon=":material/login:")
    if sso_configured():
        if st.query_params.get("sso") == "1":
            st.login()
        st.button(t("auth.sso_sign_in"), on_click=st.login)


def sign_out_control() -> None:
    """The sidebar's sign-out: through the server route when a cookie holds the session."""
    if _cookie_token():
        st.link_button(t("auth.sign_out"), SIGN_OUT_PATH, icon=":material/logout:")
    elif _sso_claims():
        st.button(t("auth.sign_out"), icon=":material/logout:", on_click=st.logout)
    elif st.button(t("auth.sign_out"), icon=":material/logout:"):
        st.session_state.pop(SESSION_KEY, None)
        st.rerun()
