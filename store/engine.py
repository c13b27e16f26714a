"""Which database, and an engine set up the way this product needs it."""

from __future__ import annotations

import os
import sqlite3
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url

from store.maintenance import check_writable

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = f"sqlite:///{ROOT / 'data' / 'app.db'}"
# The server's secrets (never committed); SECRETS_FILE names another one (a test server's).
SECRETS_PATH = Path(os.environ.get("SECRETS_FILE") or ROOT / ".streamlit" / "secrets.toml")


def database_url() -> str:
    """``DATABASE_URL``, else ``[connections.db] url`` in secrets.toml, else data/app.db."""
    url = os.environ.get("DATABASE_URL")
    if url:
        return url
    if SECRETS_PATH.exists():
        with SECRETS_PATH.open("rb") as fh:
            secrets = tomllib.load(fh)
        url = secrets.get("connections", {}).get("db", {}).get("url")
        if url:
            return url
    return DEFAULT_URL


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # WAL lets readers work while a loader writes; foreign keys are off by default in SQLite.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_read_only_pragmas(dbapi_connection, _record) -> None:
    # A read-only connection takes the journal mode the file has (setting WAL is a write).
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def _sqlite_begin(conn) -> None:
    # A writer takes the lock at BEGIN so concurrent loaders queue instead of failing to
    # upgrade a read lock; readers stay deferred so they never wait on each other.
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.info.pop("write", False) else "BEGIN")


def make_engine(url: str | None = None, *, read_only: bool = False) -> Engine:
    """An engine for ``url`` (default: :func:`database_url`); connecting writes nothing.

    SQLite gets WAL, foreign keys, a busy timeout and ``BEGIN IMMEDIATE`` for writers;
    PostgreSQL uses psycopg 3. ``read_only``: SQLite opens the file with ``mode=ro`` (and
    never creates it), PostgreSQL runs every transaction read-only.
    """
    url = url or database_url()
    parsed = make_url(url)
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() == "sqlite":
        connect_args = {"timeout": 30, "check_same_thread": False}
        if read_only and parsed.database and parsed.database != ":memory:":
            target = f"{Path(parsed.database).resolve().as_uri()}?mode=ro"
            engine = create_engine("sqlite://", creator=lambda: sqlite3.connect(
                target, uri=True, **connect_args))
            event.listen(engine, "connect", _sqlite_read_only_pragmas)
        else:
            engine = create_engine(parsed, connect_args=connect_args)
            event.listen(engine, "connect", _sqlite_pragmas)
        # Let SQLAlchemy's BEGIN be ours (pysqlite's own transaction handling is switched off).
        event.listen(engine, "connect", lambda c, _r: setattr(c, "isolation_level", None))
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    if read_only:
        return create_engine(parsed, pool_pre_ping=True,
                             connect_args={"options": "-c default_transaction_read_only=on"})
    return create_engine(parsed, pool_pre_ping=True)


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


@contextmanager
def write_transaction(engine: Engine, *, during_maintenance: bool = False
                      ) -> Iterator[Connection]:
    """One write transaction: committed on success, rolled back on any exception.

    Refused with ``store.maintenance.UnderMaintenance`` while a restore runs, unless
    ``during_maintenance`` (the restore itself, setting a database up).
    """
    with engine.connect() as conn:
        conn.info["write"] = True
        with conn.begin():
            if not during_maintenance:
                check_writable(conn)
            yield conn


def fold_sqlite_journal(path: Path | str) -> None:
    """Fold a SQLite file's write-ahead log into the file itself, so that copying the one
    file copies the whole database (no engine may have it open)."""
    with sqlite3.connect(path) as raw:
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
