"""Maintenance mode: while a restore runs, every write is refused (none is lost).

A restore replaces the whole database. A write confirmed to a user while it runs would be
in neither the dated copy of the old database nor the restored one, so the restore first
turns maintenance on: the ``maintenance`` flag in ``meta``, read by every write
transaction (``store.engine.write_transaction``) once it holds the write lock.

- SQLite has one writer at a time: the write that sets the flag waits for the writer in
  progress, and every later write transaction sees the flag.
- PostgreSQL writes run side by side, so each write transaction first takes a shared
  advisory lock (``pg_advisory_xact_lock_shared``) and the restore sets the flag under
  the exclusive one: it waits for the writes in progress to commit, and writes that start
  meanwhile wait for the flag and then see it.

A refused write raises ``UnderMaintenance`` (a ``DatabaseNotReady``: the pages, the command
lines and the routes show its Vietnamese message). The restore's own writes, and setting
up a database, pass ``during_maintenance=True``.
"""

from __future__ import annotations

import hashlib

from sqlalchemy import Connection, select, text

from store.meta import set_flag as set_meta_flag
from store.not_ready import DatabaseNotReady
from store.schema import meta

FLAG = "maintenance"
# pg_advisory_xact_lock takes a bigint: one key for "writes may proceed".
WRITE_GATE_KEY = int.from_bytes(hashlib.sha256(b"sokhcn.store.write_gate").digest()[:8],
                                "big", signed=True)


class UnderMaintenance(DatabaseNotReady):
    """A write refused because a restore is running; nothing was written."""

    def __init__(self) -> None:
        super().__init__("store.maintenance")


def flag_set(conn: Connection) -> bool:
    found = conn.execute(select(meta.c.int_value).where(meta.c.key == FLAG)).scalar()
    return bool(found)


def check_writable(conn: Connection) -> None:
    """Raise ``UnderMaintenance`` when a restore runs (inside a write transaction)."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock_shared(:key)"), {"key": WRITE_GATE_KEY})
    if flag_set(conn):
        raise UnderMaintenance


def set_flag(conn: Connection, on: bool) -> None:
    """Turn maintenance on or off inside the caller's write transaction (PostgreSQL: after
    every write in progress has finished)."""
    if on and conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITE_GATE_KEY})
    set_meta_flag(conn, FLAG, 1 if on else 0)
