"""One-time links to download a backup (``download_ticket``), kept only by their hash.

A ticket belongs to one admin, expires soon after it is made and is spent by its first use
(``spend_ticket`` is one conditional ``UPDATE``, so two requests at once cannot both win).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Connection, delete, insert, select, update

from core.timezone import as_utc
from store.schema import download_ticket

# Spent or expired tickets are kept this long (the audit log is the record), then dropped.
KEEP_FOR = timedelta(days=1)


def insert_ticket(conn: Connection, ticket_hash: str, username: str, now: datetime,
                  lifetime: timedelta) -> datetime:
    """Store a new ticket; returns when it expires. Old tickets are dropped on the way."""
    now = as_utc(now)
    conn.execute(delete(download_ticket).where(download_ticket.c.expires_at < now - KEEP_FOR))
    expires = now + lifetime
    conn.execute(insert(download_ticket).values(
        token_hash=ticket_hash, username=username, created_at=now, expires_at=expires,
        used_at=None))
    return expires


def ticket_owner(conn: Connection, ticket_hash: str) -> str | None:
    """Whose ticket this is (live or not), None when unknown."""
    return conn.execute(select(download_ticket.c.username)
                        .where(download_ticket.c.token_hash == ticket_hash)).scalar()


def spend_ticket(conn: Connection, ticket_hash: str, username: str, now: datetime) -> bool:
    """Use the ticket once: True when it was ``username``'s, unused and not expired."""
    now = as_utc(now)
    result = conn.execute(
        update(download_ticket)
        .where(download_ticket.c.token_hash == ticket_hash,
               download_ticket.c.username == username,
               download_ticket.c.used_at.is_(None),
               download_ticket.c.expires_at > now)
        .values(used_at=now))
    return result.rowcount == 1
