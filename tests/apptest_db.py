"""Pages under AppTest against a given database: one setup for every page test."""

from __future__ import annotations

import pytest
import streamlit as st

import ui.login
from ui.db import engine


def use_database(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The pages open ``url`` (``DATABASE_URL``), with nothing cached from another database,
    and read no cookie: outside a browser ``st.context.cookies`` is not a plain mapping of
    strings."""
    monkeypatch.setenv("DATABASE_URL", url)
    real = ui.login._cookie_token
    monkeypatch.setattr(ui.login, "_cookie_token",
                        lambda: (lambda v: v if isinstance(v, str) else None)(real()))
    engine.clear()
    st.cache_resource.clear()  # ui.db.engine() must open this database
    st.cache_data.clear()
