"""The app's database handle and the data version that caches key on."""

from __future__ import annotations

import streamlit as st
from sqlalchemy import Engine

from actions.database import migrate_database
from store.database import open_database
from store.meta import data_version


@st.cache_resource(show_spinner=False)
def engine() -> Engine:
    """One engine per server process: the app's start migrates (under the set-up lock, a
    no-op when the schema is current) and seeds the catalogue, then opens the database."""
    migrate_database()
    return open_database()


def current_data_version() -> int:
    return data_version(engine())
