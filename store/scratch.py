"""Throw-away databases on a PostgreSQL server (the benchmarks' PostgreSQL figures)."""

from __future__ import annotations

import uuid

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url


def _server(admin_url: str):
    return create_engine(make_url(admin_url).set(drivername="postgresql+psycopg"),
                         isolation_level="AUTOCOMMIT")


def create_scratch_database(admin_url: str, prefix: str = "scratch") -> str:
    """A new empty database on the server of ``admin_url``; returns its URL.

    Raises when the server cannot be reached.
    """
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    server = _server(admin_url)
    try:
        with server.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        server.dispose()
    return make_url(admin_url).set(database=name).render_as_string(hide_password=False)


def drop_scratch_database(admin_url: str, url: str) -> None:
    """Drop the database of ``url`` (made by :func:`create_scratch_database`)."""
    server = _server(admin_url)
    try:
        with server.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)'))
    finally:
        server.dispose()
