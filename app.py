"""Entry point: the server (Streamlit plus the sign-in routes) and the app's navigation.

``streamlit run app.py`` finds ``app`` below and serves it: Streamlit's own endpoints plus
``web.signin``'s routes, which set the HttpOnly session cookie Streamlit cannot set itself.
Each browser session then runs ``main()`` (Streamlit runs this file as ``__main__``).
"""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from core.messages import t
from store.meta import get_flag
from ui.db import engine
from ui.guard import current_user, login_form
from ui.login import sign_out_control
from ui.navigation import PAGES, pages_for
from ui.text import safe_t
from web.backup import backup_routes
from web.headers import inline_script_hashes
from web.proxy import leave_forwarding_to_us
from web.signin import auth_middleware, auth_routes


def _streamlit_script_hashes() -> list[str]:
    """The CSP hashes of the inline scripts of Streamlit's own page (index.html)."""
    index = Path(st.__file__).parent / "static" / "index.html"
    try:
        return inline_script_hashes(index.read_text(encoding="utf-8"))
    except OSError:  # no bundled page: nothing inline to allow
        return []


# Forwarded headers are believed only from the trusted proxies of our setting (web.proxy).
leave_forwarding_to_us()
app = st.App("app.py", routes=[*auth_routes(), *backup_routes()],
             middleware=auth_middleware(_streamlit_script_hashes()))


def _navigation_only() -> None:
    """Tell Streamlit that ``pages/`` is ours, not its old automatic page folder.

    Until a session has run ``st.navigation`` once, Streamlit treats a ``pages/`` folder
    next to the main script as old-style pages, so the first visitor of a fresh server who
    opens a page by its address gets an English "Page not found". The flag is internal
    (streamlit.runtime.pages_manager); it only exists to keep that old behaviour.
    """
    try:
        # An internal module, imported here so that a Streamlit without it still starts.
        from streamlit.runtime.pages_manager import PagesManager

        PagesManager.uses_pages_directory = False
    except (ImportError, AttributeError):  # a later Streamlit without the old behaviour
        pass


_navigation_only()

# The browser benchmark (bench/browser_bench.py) sets this to time a trivial page, served by
# this same server and frame, as the floor its page timings are compared with.
BENCH_FLOOR_ENV = "BENCH_FLOOR_PAGE"
BENCH_FLOOR_PATH = "bench-floor"


# The floor's own month picker: a filter change is timed against the same change here.
BENCH_FLOOR_MONTHS = ("01/2023", "02/2023", "03/2023")


def _bench_floor() -> None:
    st.title(t("nav.app_title"))
    st.write("—")
    st.selectbox(t("dashboard.month"), BENCH_FLOOR_MONTHS)


def main() -> None:
    """Page config, sign-in, role-based navigation, demo banner."""
    # An emoji, drawn by the browser: a ":material/…:" icon would be fetched from
    # fonts.gstatic.com, which the Content-Security-Policy (web.headers) does not allow.
    st.set_page_config(page_title=t("nav.app_title"), page_icon="📊", layout="wide")

    if get_flag(engine(), "demo"):
        st.warning(t("nav.demo_banner"), icon=":material/science:")

    user = current_user()
    role = user.role if user else None
    # Every page is registered, those of other roles hidden: an address typed by hand then
    # reaches the page's own guard (sign-in form or a Vietnamese refusal), never Streamlit's
    # English "page not found".
    pages = {spec.path: st.Page(spec.path, title=t(spec.title_key), icon=spec.icon,
                                url_path=spec.url_path,
                                visibility="visible" if spec.open_to(role) and spec.in_menu
                                else "hidden")
             for spec in PAGES}
    allowed = pages_for(role)
    groups: dict[str, list] = {}
    for spec in PAGES:
        groups.setdefault(t(spec.group_key), []).append(pages[spec.path])

    def home() -> None:
        # "/" opens the role's first page under its own address, so that every page, the
        # first one too, can be opened and shared by its address.
        if allowed:
            st.switch_page(pages[allowed[0].path], query_params=st.query_params.to_dict())
        login_form()

    home_page = st.Page(home, title=t("nav.sign_in") if user is None else t("nav.home"),
                        icon=":material/login:", default=True, visibility="hidden")
    next(iter(groups.values())).insert(0, home_page)
    if os.environ.get(BENCH_FLOOR_ENV) == "1":
        next(iter(groups.values())).append(st.Page(
            _bench_floor, title="floor", url_path=BENCH_FLOOR_PATH))  # in the sidebar: by link too
    if user is not None:
        with st.sidebar:
            st.caption(safe_t("auth.signed_in_as", name=user.display_name,
                         role=t(f"auth.role_{user.role}")))
            sign_out_control(user)
    nav = st.navigation(groups, position="sidebar" if user else "hidden")
    nav.run()


if __name__ == "__main__":
    main()
