"""Phone and desktop variants of one section: the browser picks by its width (CSS), since the
server never knows the screen.

Wrap the wide variant in ``st.container(key=wide_key(name))`` and the narrow one in
``st.container(key=narrow_key(name))`` after :func:`apply_styles`; at most ``NARROW_PX`` wide
only the narrow one shows, above it only the wide one.

Every table goes through :func:`table` or :func:`editor`: on a phone a wide table scrolls
sideways inside itself with its first, identifying column pinned in view.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
import streamlit as st
from pandas.io.formats.style import Styler

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


INDEX = "_index"  # st.column_config's name for the index column(s)


def pinned_config(columns: Sequence[object], column_config: Mapping[Any, Any] | None = None,
                  column_order: Sequence[str] | None = None,
                  hide_index: bool = True) -> dict[Any, Any]:
    """``column_config`` with the first shown column pinned: it stays in view while a narrow
    screen scrolls the table sideways (inside the table, never the page).

    The first shown column is the index when it is shown, else the first of
    ``column_order`` (or of ``columns``) that the configuration does not hide (``None``).
    A column's own settings are kept; a bare label (a string) becomes ``{"label": …}``.

    >>> pinned_config(["Đơn vị", "Tháng"], {"Tháng": "Kỳ"})
    {'Tháng': 'Kỳ', 'Đơn vị': {'pinned': True}}
    >>> pinned_config(["Mã", "Tên"], {"Mã": None})
    {'Mã': None, 'Tên': {'pinned': True}}
    """
    config: dict[Any, Any] = dict(column_config or {})
    if not hide_index:
        first: object = INDEX
    else:
        shown = [c for c in (column_order or [str(c) for c in columns])
                 if not (c in config and config[c] is None)]
        if not shown:
            return config
        first = shown[0]
    own = config.get(first)
    own = {"label": own} if isinstance(own, str) else dict(own or {})
    config[first] = {**own, "pinned": True}
    return config


def _columns(data: pd.DataFrame | Styler) -> list[object]:
    return list((data.data if isinstance(data, Styler) else data).columns)


def table(data: pd.DataFrame | Styler, *, hide_index: bool = True,
          column_config: Mapping[Any, Any] | None = None,
          column_order: Sequence[str] | None = None, **kwargs: Any) -> Any:
    """``st.dataframe`` as every page shows a table: full width, no index unless asked for,
    the first column pinned (:func:`pinned_config`). Other arguments pass through."""
    kwargs.setdefault("width", "stretch")
    return st.dataframe(data, hide_index=hide_index, column_order=column_order,
                        column_config=pinned_config(_columns(data), column_config,
                                                    column_order, hide_index),
                        **kwargs)


def editor(data: pd.DataFrame, *, hide_index: bool = True,
           column_config: Mapping[Any, Any] | None = None,
           column_order: Sequence[str] | None = None, **kwargs: Any) -> pd.DataFrame:
    """``st.data_editor`` with the same defaults and pinned first column as :func:`table`;
    returns the edited frame."""
    kwargs.setdefault("width", "stretch")
    return st.data_editor(data, hide_index=hide_index, column_order=column_order,
                          column_config=pinned_config(_columns(data), column_config,
                                                      column_order, hide_index),
                          **kwargs)
