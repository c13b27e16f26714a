"""The data version: a counter bumped by every write that changes figures."""

from __future__ import annotations

from sqlalchemy import Connection, Engine, select, update
from sqlalchemy.dialects import postgresql, sqlite

from store.schema import meta

DATA_VERSION = "data_version"


def data_version(bind: Engine | Connection) -> int:
    """Current data version (0 for an empty database)."""
    if isinstance(bind, Engine):
        with bind.connect() as conn:
            return data_version(conn)
    found = bind.execute(select(meta.c.int_value).where(meta.c.key == DATA_VERSION)).scalar()
    return int(found or 0)


def bump_data_version(conn: Connection) -> int:
    """Add one to the data version inside the caller's transaction; returns the new value."""
    dialect = conn.dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = insert(meta).values(key=DATA_VERSION, int_value=0).on_conflict_do_nothing()
    conn.execute(stmt)
    conn.execute(
        update(meta).where(meta.c.key == DATA_VERSION).values(int_value=meta.c.int_value + 1)
    )
    return data_version(conn)


def advance_data_version(conn: Connection, floor: int) -> int:
    """Make the data version greater than both its value and ``floor`` (a restore moves past
    the replaced database's version, so no cache keyed on it shows the old figures)."""
    current = bump_data_version(conn)
    if current <= floor:
        conn.execute(update(meta).where(meta.c.key == DATA_VERSION).values(int_value=floor + 1))
    return data_version(conn)


def get_flag(bind: Engine | Connection, key: str) -> int:
    """A small integer flag kept beside the data version (e.g. ``demo``)."""
    if isinstance(bind, Engine):
        with bind.connect() as conn:
            return get_flag(conn, key)
    found = bind.execute(select(meta.c.int_value).where(meta.c.key == key)).scalar()
    return int(found or 0)


def set_flag(conn: Connection, key: str, value: int) -> None:
    dialect = conn.dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    conn.execute(insert(meta).values(key=key, int_value=value).on_conflict_do_nothing())
    conn.execute(update(meta).where(meta.c.key == key).values(int_value=value))
