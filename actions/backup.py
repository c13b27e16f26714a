"""Backup and restore of the whole database (admin), audited like every other write.

The snapshot is taken first and the audit row written once it exists, so a failed backup
leaves no row (and the row is not inside the snapshot it describes). A restore replaces
the whole database, so its row is written into the restored database afterwards.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from actions.base import Acting, ActionError, Done, require
from store import audit
from store.backup import BackupError, backup_bytes
from store.backup import backup as backup_to
from store.backup import restore as restore_from
from store.engine import write_transaction

PERMISSION = "admin.backup"


def _url(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def backup(engine: Engine, actor: Acting, target: Path | str) -> Done[Path]:
    """Write a consistent snapshot of the database to ``target`` (safe while the app runs)."""
    require(actor, PERMISSION)
    try:
        path = backup_to(target, _url(engine))
    except BackupError as exc:
        raise ActionError(exc.key, **exc.params) from None
    with write_transaction(engine) as conn:
        audit.record(conn, actor.username, "backup.create", "database", None, None,
                     {"file": str(path), "bytes": path.stat().st_size})
    return Done("admin.backup_done", {"file": str(path)}, path)


def backup_download(engine: Engine, actor: Acting) -> Done[tuple[bytes, str]]:
    """A snapshot as bytes with its file extension (the admin page's download)."""
    require(actor, PERMISSION)
    try:
        content, suffix = backup_bytes(_url(engine))
    except BackupError as exc:
        raise ActionError(exc.key, **exc.params) from None
    with write_transaction(engine) as conn:
        audit.record(conn, actor.username, "backup.download", "database", None, None,
                     {"bytes": len(content)})
    return Done("admin.backup_ready", value=(content, suffix))


def restore(engine: Engine, actor: Acting, source: Path | str) -> Done[None]:
    """Bring the database back to the snapshot in ``source`` (stop the app first)."""
    require(actor, PERMISSION)
    engine.dispose()  # no pooled connection may hold the old file or block pg_restore
    try:
        restore_from(source, _url(engine))
    except BackupError as exc:
        raise ActionError(exc.key, **exc.params) from None
    engine.dispose()
    with write_transaction(engine) as conn:
        audit.record(conn, actor.username, "backup.restore", "database", None, None,
                     {"file": str(source)})
    return Done("admin.restore_done", {"file": str(source)})
