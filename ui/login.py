"""Who is signed in, the sign-in screen and the sign-out control (Streamlit side).

The session lives in an HttpOnly cookie that only the server routes of ``web.signin`` set
and clear; here we read it (``st.context.cookies``) on every run, so a revoked or expired
token stops working at once. Tests (AppTest) put the username in
``st.session_state["user"]``; single sign-on (``st.login``) opens the account an admin
linked to the identity's issuer and subject, and nothing else (``auth.sso``).

Going to the sign-in form and signing out are plain HTML forms (``st.html``): they navigate
the same tab, where Streamlit's link buttons would open a new one and leave this tab
showing figures.
"""

from __future__ import annotations

import html
import logging
from urllib.parse import urlencode, urlsplit

import streamlit as st

from actions.signin import sso_refused, sso_signed_in, sso_signed_out
from auth.sessions import COOKIE_NAME, token_hash
from auth.sso import READY, UNSAFE, identity_key, sso_state
from core.messages import t
from store.sessions import session_user
from store.sso_identities import linked_username
from store.users import User, get_user
from ui.db import engine
from web.signin import SIGN_IN_PATH, SIGN_OUT_PATH, safe_next
from web.uploads import forget_session, remember_session

log = logging.getLogger(__name__)

SESSION_KEY = "user"
_SSO_AUDITED = "_sso_audited"  # the identity whose sign-in this browser session recorded

# The look of Streamlit's buttons for the two plain forms below.
_FORM_STYLE = """<style>
form.skhcn-nav{margin:0}
form.skhcn-nav button{display:inline-flex;align-items:center;gap:.4rem;padding:.3rem .8rem;
min-height:2.5rem;border-radius:.5rem;font:inherit;cursor:pointer;
border:1px solid rgba(49,51,63,.2);background:#fff;color:rgb(49,51,63)}
form.skhcn-nav button:hover{border-color:#1f4e79;color:#1f4e79}
form.skhcn-nav button.primary{background:#1f4e79;border-color:#1f4e79;color:#fff}
</style>"""


def _cookie_token() -> str | None:
    try:
        token = st.context.cookies.get(COOKIE_NAME)
    except Exception:  # no browser context (bare script run): no cookie
        return None
    return token if isinstance(token, str) and token else None


def _client_address() -> str:
    try:
        address = st.context.ip_address
    except Exception:  # no browser context
        return "?"
    return address if isinstance(address, str) and address else "?"


def _session_id() -> str | None:
    try:
        # an internal module: imported here, where its moving away is caught
        from streamlit.runtime.scriptrunner import get_script_run_ctx

        ctx = get_script_run_ctx()
    except Exception:  # an internal module moved: the upload gate then refuses SSO uploads
        return None
    return ctx.session_id if ctx is not None else None


def _sso_claims() -> dict | None:
    """The single sign-on identity of this browser, only while single sign-on is safe."""
    try:
        if sso_state() == READY and st.user.is_logged_in:
            return dict(st.user.to_dict())
    except Exception:  # st.login not set up: no identity
        return None
    return None


def _sso_user(claims: dict) -> User | None:
    """The account linked to the identity (audited once per browser session)."""
    key = identity_key(claims)
    with engine().connect() as conn:
        username = linked_username(conn, *key) if key else None
        user = get_user(conn, username) if username else None
    marker = f"{key}:{user.username if user else ''}"
    if st.session_state.get(_SSO_AUDITED) != marker:
        st.session_state[_SSO_AUDITED] = marker
        if user is not None:
            sso_signed_in(engine(), user, key, _client_address())
        else:
            sso_refused(engine(), claims, key, _client_address())
    session_id = _session_id()
    if session_id:
        if user is not None:
            remember_session(session_id, user.username)
        else:
            forget_session(session_id)
    return user


def current_user() -> User | None:
    """The signed-in user, checked against the database on every run (None: nobody).

    A session cookie decides when there is one; otherwise a username the server put in
    ``st.session_state`` (tests); otherwise a single sign-on identity linked to an account.
    """
    token = _cookie_token()
    with engine().connect() as conn:
        if token:
            return session_user(conn, token_hash(token))
        username = st.session_state.get(SESSION_KEY)
        if isinstance(username, str) and username:
            return get_user(conn, username)
    claims = _sso_claims()
    return _sso_user(claims) if claims else None


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


def nav_form(action: str, label: str, fields: dict[str, str] | None = None,
             primary: bool = False) -> str:
    """A plain GET form to ``action`` (a path of this site) with one button: it navigates
    this tab. Every value escaped."""
    esc = html.escape
    hidden = "".join(f'<input type="hidden" name="{esc(k)}" value="{esc(v)}">'
                     for k, v in (fields or {}).items())
    kind = ' class="primary"' if primary else ""
    return (f'{_FORM_STYLE}<form class="skhcn-nav" method="get" action="{esc(action)}">'
            f'{hidden}<button type="submit"{kind}>{esc(label)}</button></form>')


def sign_in_screen() -> None:
    """What someone who is not signed in sees: a way to the sign-in form, nothing else."""
    st.subheader(t("auth.sign_in_title"))
    claims = _sso_claims()
    if claims:  # signed in at the identity provider, but linked to no account here
        st.error(t("auth.sso_no_account"))
        st.button(t("auth.sign_out"), on_click=st.logout)
        return
    st.write(t("auth.sign_in_prompt"))
    target = safe_next(current_address())
    st.html(nav_form(SIGN_IN_PATH, t("auth.sign_in"), {"next": target}, primary=True))
    state = sso_state()
    if state == READY:
        if st.query_params.get("sso") == "1":
            st.login()
        st.button(t("auth.sso_sign_in"), on_click=st.login)
    elif state == UNSAFE:
        st.warning(t("auth.sso_unsafe_secret"))


def _sso_sign_out(user: User) -> None:
    try:
        sso_signed_out(engine(), user, _client_address())
    except Exception:  # the audit row must not keep anyone signed in
        log.exception("sso sign-out audit failed")
    session_id = _session_id()
    if session_id:
        forget_session(session_id)
    st.session_state.pop(_SSO_AUDITED, None)
    st.logout()


def sign_out_control(user: User | None = None) -> None:
    """The sidebar's sign-out, in this tab: through the server route when a cookie holds
    the session, through ``st.logout`` for single sign-on."""
    if _cookie_token():
        st.html(nav_form(SIGN_OUT_PATH, t("auth.sign_out")))
    elif _sso_claims() and user is not None:
        st.button(t("auth.sign_out"), icon=":material/logout:", on_click=_sso_sign_out,
                  args=(user,))
    elif st.button(t("auth.sign_out"), icon=":material/logout:"):
        st.session_state.pop(SESSION_KEY, None)
        st.rerun()
