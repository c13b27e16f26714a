"""Entry point: the server (Streamlit plus the sign-in routes) and the app's navigation.

``streamlit run app.py`` finds ``app`` below and serves it: Streamlit's own endpoints plus
``auth.web``'s routes, which set the HttpOnly session cookie Streamlit cannot set itself.
Each browser session then runs ``main()`` (Streamlit runs this file as ``__main__``).
"""

from __future__ import annotations

import streamlit as st

from auth.web import auth_middleware, auth_routes

app = st.App("app.py", routes=auth_routes(), middleware=auth_middleware())


def main() -> None:
    """Page config, sign-in, role-based navigation, demo banner."""
    from core.messages import t
    from store.meta import get_flag
    from ui.db import engine
    from ui.guard import current_user, login_form
    from ui.login import sign_out_control
    from ui.navigation import pages_for

    st.set_page_config(page_title=t("nav.app_title"), page_icon=":material/analytics:",
                       layout="wide")

    if get_flag(engine(), "demo"):
        st.warning(t("nav.demo_banner"), icon=":material/science:")

    user = current_user()
    if user is None:
        nav = st.navigation([st.Page(login_form, title=t("nav.sign_in"),
                                     icon=":material/login:")])
    else:
        groups: dict[str, list] = {}
        pages = [
            st.Page(spec.path, title=t(spec.title_key), icon=spec.icon, url_path=spec.url_path)
            for spec in pages_for(user.role)
        ]
        for spec, page in zip(pages_for(user.role), pages, strict=True):
            groups.setdefault(t(spec.group_key), []).append(page)
        # "/" opens the role's first page under its own address, so that every page,
        # the first one too, can be opened and shared by its address.
        def home() -> None:
            st.switch_page(pages[0], query_params=st.query_params.to_dict())

        home_page = st.Page(home, title=t(pages_for(user.role)[0].title_key), default=True,
                            visibility="hidden")
        groups.setdefault(t(pages_for(user.role)[0].group_key), []).insert(0, home_page)
        with st.sidebar:
            st.caption(t("auth.signed_in_as", name=user.display_name,
                         role=t(f"auth.role_{user.role}")))
            sign_out_control()
        nav = st.navigation(groups)
    nav.run()


if __name__ == "__main__":
    main()
