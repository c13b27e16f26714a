from sqlalchemy import inspect

from store.engine import make_engine
from store.migrate import current_revision, downgrade, upgrade
from store.schema import metadata


def test_upgrade_creates_every_table_and_downgrade_removes_them(db_url: str) -> None:
    engine = make_engine(db_url)
    upgrade(engine)
    assert current_revision(engine) is not None
    tables = set(inspect(engine).get_table_names())
    assert set(metadata.tables) <= tables
    downgrade(engine, "base")
    assert current_revision(engine) is None
    assert not set(metadata.tables) & set(inspect(engine).get_table_names())
    upgrade(engine)  # and back again
    assert set(metadata.tables) <= set(inspect(engine).get_table_names())
    engine.dispose()


def test_sqlite_runs_in_wal_with_foreign_keys(sqlite_url: str) -> None:
    engine = make_engine(sqlite_url)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    engine.dispose()
