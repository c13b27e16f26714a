"""Opening never creates, migrates nor seeds; ``migrate`` does, once, under a lock."""

from __future__ import annotations

import hashlib
import multiprocessing
import sqlite3
import traceback
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select, text
from sqlalchemy.exc import DBAPIError

from actions.database import migrate_database
from core.processes import plain_main
from store.database import DatabaseNotReady, head_revision, migrate, open_database
from store.engine import make_engine
from store.migrate import current_revision
from store.schema import audit_log, indicator, org_unit
from store.setup_lock import setup_lock

PARALLEL = 4


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_opening_a_missing_sqlite_file_creates_nothing(tmp_path: Path) -> None:
    path = tmp_path / "new" / "app.db"
    with pytest.raises(DatabaseNotReady) as err:
        open_database(f"sqlite:///{path}")
    assert err.value.key == "store.not_migrated"
    assert "python -m admin migrate" in err.value.message and str(path) in err.value.message
    assert not path.parent.exists()


def test_opening_an_unmigrated_file_refuses_and_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as raw:  # some other program's database, not in WAL mode
        raw.execute("CREATE TABLE notes (text TEXT)")
    before = _digest(path)
    with pytest.raises(DatabaseNotReady) as err:
        open_database(f"sqlite:///{path}")
    assert err.value.key == "store.not_migrated"
    assert _digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.db"]


def test_opening_an_older_schema_says_which_and_what_to_run(db_url: str) -> None:
    migrate(db_url)
    engine = make_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0000_older'"))
    engine.dispose()
    with pytest.raises(DatabaseNotReady) as err:
        open_database(db_url)
    assert err.value.key == "store.outdated"
    assert "0000_older" in err.value.message and head_revision() in err.value.message
    assert "python -m admin migrate" in str(err.value)


def test_migrate_creates_seeds_once_and_is_idempotent(db_url: str) -> None:
    seeded: list[int] = []

    def on_seed(conn, catalog) -> None:
        seeded.append(len(catalog.indicators))

    assert migrate(db_url, on_seed=on_seed) == head_revision()
    assert migrate(db_url, on_seed=on_seed) == head_revision()
    engine = open_database(db_url)
    try:
        assert current_revision(engine) == head_revision()
        with engine.connect() as conn:
            count = conn.scalar(select(func.count()).select_from(indicator))
            assert count > 0 and seeded == [count]  # seeded by the first call only
            # The store writes no audit row: the seed's is its caller's (actions.database).
            assert conn.scalar(select(func.count()).select_from(audit_log)) == 0
    finally:
        engine.dispose()


def test_read_only_engine_refuses_writes(db_url: str) -> None:
    migrate(db_url)
    engine = open_database(db_url, read_only=True)
    try:
        with engine.connect() as conn:
            assert conn.scalar(select(func.count()).select_from(org_unit)) > 0
            with pytest.raises(DBAPIError, match=r"(?i)read-only|readonly"):
                conn.execute(insert(org_unit).values(code="X", name="X", kind="unit"))
    finally:
        engine.dispose()


def _migrate_in_child(url: str, barrier, results) -> None:
    """Child process: wait for the others, then set up the same database at once (as an
    app server's start does: the audited action over ``migrate``)."""
    try:
        barrier.wait(timeout=120)
        results.put(("ok", migrate_database(url).value))
    except BaseException:  # reported to the parent, which fails the test with it
        results.put(("failed", traceback.format_exc()))


@pytest.mark.slow
def test_processes_creating_a_new_database_at_once_all_succeed(db_url: str) -> None:
    """Issue #11: without the set-up lock one of them died with 'database is locked'
    (SQLite) or a duplicate table (PostgreSQL)."""
    ctx = multiprocessing.get_context("spawn")
    barrier, results = ctx.Barrier(PARALLEL), ctx.Queue()
    with plain_main():
        workers = [ctx.Process(target=_migrate_in_child, args=(db_url, barrier, results))
                   for _ in range(PARALLEL)]
        for worker in workers:
            worker.start()
    outcomes = [results.get(timeout=300) for _ in workers]
    for worker in workers:
        worker.join(timeout=60)
    assert outcomes == [("ok", head_revision())] * PARALLEL, outcomes
    engine = open_database(db_url)
    try:
        with engine.connect() as conn:
            seeds = select(func.count()).where(audit_log.c.action == "catalog.seed")
            assert conn.scalar(seeds) == 1  # seeded by exactly one of them
    finally:
        engine.dispose()


def _hold_lock(url: str, holding, release) -> None:
    with setup_lock(url):
        holding.set()
        release.wait(timeout=60)


def test_the_lock_makes_a_second_process_wait(db_url: str) -> None:
    """While one process holds the set-up lock another cannot take it; after, it can."""
    ctx = multiprocessing.get_context("spawn")
    holding, release = ctx.Event(), ctx.Event()
    with plain_main():
        holder = ctx.Process(target=_hold_lock, args=(db_url, holding, release))
        holder.start()
    try:
        assert holding.wait(timeout=60)
        waiter = ctx.Process(target=_take_lock, args=(db_url,))
        with plain_main():
            waiter.start()
        waiter.join(timeout=3)
        assert waiter.is_alive()  # blocked behind the holder
        release.set()
        waiter.join(timeout=60)
        assert waiter.exitcode == 0
    finally:
        release.set()
        holder.join(timeout=60)


def _take_lock(url: str) -> None:
    with setup_lock(url):
        pass
