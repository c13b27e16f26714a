"""Backup and restore of the whole database, safe while the app is running.

- SQLite: the online backup API (``sqlite3.Connection.backup``) copies a consistent
  snapshot page by page while readers and writers carry on; the backup is itself a SQLite
  file. Restore checks the file, copies it next to the database and swaps it in.
- PostgreSQL: ``pg_dump --format=custom`` (one consistent snapshot by design) and
  ``pg_restore --clean``. The password goes through ``PGPASSWORD``, never the command line.

Everything (figures, original files, accounts, audit log, settings) lives in the database,
so this one file is the whole product state.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import tempfile
from pathlib import Path

from sqlalchemy.engine import URL, make_url

from store.engine import database_url


class BackupError(RuntimeError):
    """Backup or restore failed; ``key`` is the message-catalogue key of the reason."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


def _url(url: str | None) -> URL:
    return make_url(url or database_url())


def _sqlite_path(url: URL) -> Path:
    if not url.database or url.database == ":memory:":
        raise BackupError("admin.backup_no_file")
    return Path(url.database)


def _pg_command(url: URL) -> tuple[str, dict[str, str]]:
    """A libpq connection URI without the password, and the environment carrying it."""
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    plain = url.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def _run(args: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        # Only the tool's own message, never the command (it names the database).
        raise BackupError("admin.backup_tool_failed", tool=args[0],
                          message=(done.stderr or "").strip()[-500:])


def backup(target: Path | str, url: str | None = None) -> Path:
    """Write a consistent snapshot of the database to ``target``; returns the path."""
    parsed = _url(url)
    target = Path(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError:
        raise BackupError("admin.backup_cannot_write", file=str(target)) from None
    if parsed.get_backend_name() == "sqlite":
        source = _sqlite_path(parsed)
        if not source.exists():
            raise BackupError("admin.backup_no_file")
        tmp = target.with_name(target.name + ".part")
        tmp.unlink(missing_ok=True)
        _online_copy(sqlite3.connect(source), tmp)
        os.replace(tmp, target)
        return target
    if parsed.get_backend_name() == "postgresql":
        uri, env = _pg_command(parsed)
        _run(["pg_dump", "--format=custom", "--no-owner", "--file", str(target), uri], env)
        return target
    raise BackupError("admin.backup_unsupported", backend=parsed.get_backend_name())


def backup_bytes(url: str | None = None) -> tuple[bytes, str]:
    """A snapshot as bytes with a suggested file extension (for the admin page's download)."""
    parsed = _url(url)
    suffix = ".db" if parsed.get_backend_name() == "sqlite" else ".dump"
    with tempfile.TemporaryDirectory() as tmp:
        path = backup(Path(tmp) / f"backup{suffix}", url)
        return path.read_bytes(), suffix


def _check_sqlite_file(path: Path) -> None:
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            ok = conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise BackupError("admin.restore_bad_file") from exc
    if not ok or "submission" not in tables:
        raise BackupError("admin.restore_bad_file")


def restore(source: Path | str, url: str | None = None) -> None:
    """Bring the database back to the snapshot in ``source`` (stop the app first)."""
    parsed = _url(url)
    source = Path(source)
    if not source.is_file():
        raise BackupError("admin.restore_missing", file=str(source))
    if parsed.get_backend_name() == "sqlite":
        _check_sqlite_file(source)
        target = _sqlite_path(parsed)
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(target.name + ".restoring")
        tmp.unlink(missing_ok=True)
        _online_copy(sqlite3.connect(f"file:{source}?mode=ro", uri=True), tmp)
        # The old file may be damaged beyond opening: swap whole files, drop its journal.
        for extra in ("-wal", "-shm"):
            Path(str(target) + extra).unlink(missing_ok=True)
        os.replace(tmp, target)
        return
    if parsed.get_backend_name() == "postgresql":
        uri, env = _pg_command(parsed)
        _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
              "--dbname", uri, str(source)], env)
        return
    raise BackupError("admin.backup_unsupported", backend=parsed.get_backend_name())


def _online_copy(src: sqlite3.Connection, target: Path) -> None:
    """SQLite's online backup of ``src`` into the file ``target`` (consistent while in use)."""
    dst = sqlite3.connect(target)
    try:
        with dst:
            src.backup(dst)
    finally:
        dst.close()
        src.close()
