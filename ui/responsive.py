"""Phone and desktop variants of one section: the browser picks by its width (CSS), since the
server never knows the screen.

Wrap the wide variant in ``st.container(key=wide_key(name))`` and the narrow one in
``st.container(key=narrow_key(name))`` after :func:`apply_styles`; at most ``NARROW_PX`` wide
only the narrow one shows, above it only the wide one.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

NARROW_PX = 640
_WIDE = "wide_only_"
_NARROW = "narrow_only_"
_STYLE = f"""<style>
@media (max-width: {NARROW_PX}px) {{
  [class*="st-key-{_WIDE}"] {{ display: none !important; }} }}
@media (min-width: {NARROW_PX + 1}px) {{
  [class*="st-key-{_NARROW}"] {{ display: none !important; }} }}
.skhcn-cards {{ display: flex; flex-direction: column; gap: .5rem; }}
.skhcn-card {{ border: 1px solid rgba(49, 51, 63, .2); border-radius: .5rem;
  padding: .5rem .75rem; }}
.skhcn-card b {{ display: block; margin-bottom: .25rem; overflow-wrap: anywhere; }}
.skhcn-chips {{ display: flex; flex-wrap: wrap; gap: .25rem; }}
.skhcn-chip {{ border-radius: .75rem; padding: .1rem .5rem; font-size: .8rem;
  white-space: nowrap; }}
</style>"""


def wide_key(name: str) -> str:
    return _WIDE + name


def narrow_key(name: str) -> str:
    return _NARROW + name


def apply_styles() -> None:
    """The width rules (once per run; a style-only ``st.html`` takes no space)."""
    st.html(_STYLE)


def pin_first_column(frame: pd.DataFrame) -> dict[str, Any]:
    """The ``column_config`` that keeps ``frame``'s first column in view while a narrow
    screen scrolls the table sideways (inside the table, never the page)."""
    if frame.columns.empty:
        return {}
    return {str(frame.columns[0]): st.column_config.Column(pinned=True)}
