"""The Alembic head is exactly the schema in ``store/schema.py``, on SQLite and PostgreSQL."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Column, Engine, Index, Integer, MetaData, inspect

from store.engine import make_engine
from store.migrate import current_revision, downgrade, upgrade
from store.schema import metadata


def _drift(engine: Engine, target: MetaData = metadata) -> list:
    """Alembic's autogenerate diff between the database and ``target`` (empty: no drift),
    comparing tables, columns, types, nullability, server defaults, indexes, keys."""
    with engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "compare_server_default": True})
        return compare_metadata(context, target)


def _kinds(diff: list) -> set[str]:
    """Operation names of a diff (modifications come grouped in lists)."""
    flat = [op for item in diff for op in (item if isinstance(item, list) else [item])]
    return {op[0] for op in flat}


def test_head_matches_the_metadata(db_url: str) -> None:
    engine = make_engine(db_url)
    upgrade(engine)
    try:
        assert _drift(engine) == []
        # The comparison sees drift when there is some: a column and an index the
        # migrations do not create, and a table they create that the code lacks.
        changed = MetaData()
        for table in metadata.sorted_tables:
            if table.name != "audit_log":
                table.to_metadata(changed)
        changed.tables["submission"].append_column(Column("canary", Integer))
        Index("ix_canary_display_name", changed.tables["app_user"].c.display_name)
        assert _kinds(_drift(engine, changed)) >= {"add_column", "add_index", "remove_table"}
    finally:
        engine.dispose()


def test_downgrade_removes_every_table_and_upgrade_brings_the_head_back(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        upgrade(engine)
        assert current_revision(engine) is not None
        downgrade(engine, "base")
        assert current_revision(engine) is None
        assert not set(metadata.tables) & set(inspect(engine).get_table_names())
        upgrade(engine)
        assert _drift(engine) == []
    finally:
        engine.dispose()


def test_sqlite_runs_in_wal_with_foreign_keys(sqlite_url: str) -> None:
    engine = make_engine(sqlite_url)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    engine.dispose()
