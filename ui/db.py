"""The app's database handle and the data version that caches key on."""

from __future__ import annotations

import streamlit as st
from sqlalchemy import Engine

from store.database import open_database
from store.meta import data_version


@st.cache_resource(show_spinner=False)
def engine() -> Engine:
    """One engine per server process (migrated, catalogue seeded)."""
    return open_database()


def current_data_version() -> int:
    return data_version(engine())
