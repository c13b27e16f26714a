"""One migration at a time per database, across processes.

Two processes that set up the same brand-new database at once (two app servers starting,
``make run`` while a test builds the demo) would both create tables; on SQLite one then
dies with ``database is locked``, on PostgreSQL with a duplicate table. Whoever takes the
lock migrates; the others wait, then find the schema at its newest and do nothing.

- SQLite: ``fcntl.flock`` on a file beside the database (``app.db.lock``), which the
  kernel releases when the holder exits, even by a crash. The lock file stays: removing it
  would let a late process lock a different file than a waiting one.
- PostgreSQL: a session advisory lock (``pg_advisory_lock``), scoped to the database.
"""

from __future__ import annotations

import fcntl
import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.pool import NullPool

# One 64-bit advisory lock key for "set-up of this database" (pg_advisory_lock takes a bigint).
ADVISORY_KEY = int.from_bytes(hashlib.sha256(b"sokhcn.store.migrate").digest()[:8], "big",
                              signed=True)


def sqlite_file(url: str | URL) -> Path | None:
    """The database file of a SQLite URL, or None (in-memory, or not SQLite)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


@contextmanager
def setup_lock(url: str) -> Iterator[None]:
    """Hold the database's set-up lock for the ``with`` block (blocks until it is free)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "postgresql":
        with _advisory_lock(parsed):
            yield
        return
    path = sqlite_file(parsed)
    if path is None:  # in-memory: one process by definition
        yield
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(path.name + ".lock"), "a") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


@contextmanager
def _advisory_lock(url: URL) -> Iterator[None]:
    if url.drivername == "postgresql":
        url = url.set(drivername="postgresql+psycopg")
    engine = create_engine(url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT pg_advisory_lock(:key)"), {"key": ADVISORY_KEY})
            try:
                yield
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": ADVISORY_KEY})
    finally:
        engine.dispose()
