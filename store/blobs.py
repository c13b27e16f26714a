"""Original files, stored once by their SHA-256 so any figure traces back to its bytes."""

from __future__ import annotations

import hashlib

from sqlalchemy import Connection, select
from sqlalchemy.dialects import postgresql, sqlite

from core.timezone import utc_now
from store.schema import file_blob


def sha256_of(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def put_blob(conn: Connection, content: bytes) -> str:
    """Store ``content`` if new; returns its SHA-256."""
    digest = sha256_of(content)
    insert = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
    conn.execute(
        insert(file_blob)
        .values(sha256=digest, size=len(content), content=content, created_at=utc_now())
        .on_conflict_do_nothing()
    )
    return digest


def get_blob(conn: Connection, digest: str) -> bytes | None:
    return conn.execute(select(file_blob.c.content).where(file_blob.c.sha256 == digest)).scalar()
