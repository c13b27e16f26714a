"""Links between pages that carry the view in the address."""

from __future__ import annotations

from urllib.parse import urlencode

import streamlit as st
from streamlit.errors import StreamlitAPIException

from ui.navigation import page_spec
from ui.text import escape_markdown


def page_address(path: str, params: dict[str, str]) -> str:
    """The site-relative address of a page with its query, e.g. ``/xu-huong?chi_tieu=X``.

    >>> page_address("pages/trends.py", {"chi_tieu": "TTKT_KD_PTD", "tu": "2022-02"})
    '/xu-huong?chi_tieu=TTKT_KD_PTD&tu=2022-02'
    """
    query = urlencode(params)
    return f"/{page_spec(path).url_path}" + (f"?{query}" if query else "")


def page_link(path: str, label: str, params: dict[str, str], icon: str | None = None) -> None:
    """``st.page_link`` keeping the session; a plain link when the page runs on its own
    (no navigation registered, as in a page test)."""
    try:
        st.page_link(path, label=label, icon=icon, query_params=params)
    except StreamlitAPIException:
        st.markdown(f"[{escape_markdown(label)}]({page_address(path, params)})")
