"""Backup and restore of the whole database (admin), audited like every other write.

- ``backup``: a snapshot to a file (``python -m admin backup``). The snapshot is taken
  first and its audit row written once it exists, so a failed backup leaves no row (and
  the row is not inside the snapshot it describes).
- ``issue_download`` / ``download``: the admin page never holds backup bytes. It asks for
  a one-time link (``web/backup.py`` serves it): the link works once, for the admin who
  asked, for ``LINK_LIFETIME``; the route checks the admin's session cookie and spends
  the link before it takes the snapshot.
- ``restore``: ``store.backup.restore`` checks the file, turns maintenance mode on, keeps
  the replaced database as a dated copy and replaces the content in place; this action
  ends maintenance in the transaction of its audit row, written into the restored
  database, and moves the data version past both databases' (no cache shows old figures).
- ``end_maintenance``: for an operator whose restore was interrupted (the process killed).
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine

from actions.base import Acting, ActionError, Done, require
from core.timezone import utc_now
from store import audit
from store.backup import BackupError, Restored, backup_suffix
from store.backup import backup as backup_to
from store.backup import restore as restore_from
from store.download_tickets import insert_ticket, spend_ticket, ticket_owner
from store.engine import write_transaction
from store.maintenance import set_flag as set_maintenance
from store.meta import advance_data_version

PERMISSION = "admin.backup"
LINK_LIFETIME = timedelta(minutes=2)


def _url(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def _refused(exc: BackupError) -> ActionError:
    return ActionError(exc.key, **exc.params)


def backup(engine: Engine, actor: Acting, target: Path | str) -> Done[Path]:
    """Write a consistent snapshot of the database to ``target`` (safe while the app runs)."""
    require(actor, PERMISSION)
    try:
        path = backup_to(target, _url(engine))
    except BackupError as exc:
        raise _refused(exc) from None
    with write_transaction(engine) as conn:
        audit.record(conn, actor.username, "backup.create", "database", None, None,
                     {"file": str(path), "bytes": path.stat().st_size})
    return Done("admin.backup_done", {"file": str(path)}, path)


def ticket_hash(ticket: str) -> str:
    return hashlib.sha256(ticket.encode("utf-8")).hexdigest()


def issue_download(engine: Engine, actor: Acting, now: datetime | None = None) -> Done[str]:
    """A one-time link token for the admin's backup download (value: the token)."""
    require(actor, PERMISSION)
    ticket = secrets.token_urlsafe(32)
    with write_transaction(engine) as conn:
        expires = insert_ticket(conn, ticket_hash(ticket), actor.username, now or utc_now(),
                                LINK_LIFETIME)
        audit.record(conn, actor.username, "backup.link", "database", None, None,
                     {"expires_at": expires.isoformat()})
    minutes = int(LINK_LIFETIME.total_seconds() // 60)
    return Done("admin.backup_link_ready", {"minutes": minutes}, ticket)


def download(engine: Engine, actor: Acting, ticket: str, folder: Path,
             now: datetime | None = None) -> Done[Path]:
    """Spend the link ``ticket`` and write a snapshot into ``folder`` (value: its path).

    Refused, with nothing spent, when the ticket is another admin's; refused when it is
    unknown, spent or expired.
    """
    require(actor, PERMISSION)
    digest = ticket_hash(ticket)
    with write_transaction(engine) as conn:
        owner = ticket_owner(conn, digest)
        if owner is not None and owner != actor.username:
            raise ActionError("admin.backup_link_not_yours")
        if owner is None or not spend_ticket(conn, digest, actor.username, now or utc_now()):
            raise ActionError("admin.backup_link_gone")
    try:
        path = backup_to(folder / f"backup{backup_suffix(_url(engine))}", _url(engine))
    except BackupError as exc:
        raise _refused(exc) from None
    with write_transaction(engine) as conn:
        audit.record(conn, actor.username, "backup.download", "database", None, None,
                     {"bytes": path.stat().st_size})
    return Done("admin.backup_ready", value=path)


def restore(engine: Engine, actor: Acting, source: Path | str,
            keep_dir: Path | str | None = None) -> Done[Restored]:
    """Replace the database with the snapshot in ``source``; safe while the app runs."""
    require(actor, PERMISSION)
    engine.dispose()  # no pooled connection of ours may hold the old database
    try:
        done = restore_from(source, _url(engine), keep_dir)
    except BackupError as exc:
        raise _refused(exc) from None
    engine.dispose()
    with write_transaction(engine, during_maintenance=True) as conn:
        advance_data_version(conn, done.replaced_data_version)
        set_maintenance(conn, False)
        audit.record(conn, actor.username, "backup.restore", "database", None, None,
                     {"file": str(source), "revision": done.revision, "head": done.head,
                      "kept": str(done.kept) if done.kept else None})
    key = "admin.restore_done_kept" if done.kept else "admin.restore_done"
    return Done(key, {"file": str(source), "kept": str(done.kept or "")}, done)


def end_maintenance(engine: Engine, actor: Acting) -> Done[None]:
    """Turn maintenance mode off (after a restore that was killed half-way)."""
    require(actor, PERMISSION)
    with write_transaction(engine, during_maintenance=True) as conn:
        set_maintenance(conn, False)
        audit.record(conn, actor.username, "maintenance.off", "meta", "maintenance", None,
                     {"maintenance": 0})
    return Done("admin.maintenance_off")
