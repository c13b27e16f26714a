"""Backup and restore of the whole database, safe while the app is running.

Backup:

- SQLite: the online backup API (``sqlite3.Connection.backup``) copies a consistent
  snapshot page by page while readers and writers carry on; the backup is itself a SQLite
  file.
- PostgreSQL: ``pg_dump --format=custom`` (one consistent snapshot by design). The
  password goes through ``PGPASSWORD``, never the command line.

Restore, on both databases, in this order (nothing is touched before step 4):

1. the file is checked (``store.restore_check``): a database of ours, whole, at a revision
   this code knows, with exactly our tables, columns, indexes and triggers and no view;
2. (SQLite) the check runs on a private copy, which an older revision brings to the head;
3. the set-up lock is taken (no migration runs meanwhile);
4. maintenance mode (``store.maintenance``): writes in progress finish, later ones are
   refused with a Vietnamese message, so no write is confirmed and then lost;
5. the database being replaced is kept as a dated copy (``…-before-restore-<time>``);
6. the snapshot replaces the content *in place*: SQLite through the backup API into the
   open database (every connection of the running app sees the restored data at once;
   swapping the file would leave the app writing into the old, deleted one), PostgreSQL by
   ``psql --single-transaction`` that drops our objects, restores the dump and checks the
   result in the same transaction, rolled back when anything is unexpected;
7. the restored database comes up still in maintenance: the restore action ends it in the
   transaction of its audit row (``actions.backup.restore``).

Everything (figures, original files, accounts, audit log, settings) lives in the database,
so this one file is the whole product state.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.engine import URL, make_url

from core.timezone import vn_now
from store.database import head_revision
from store.engine import database_url, make_engine, write_transaction
from store.maintenance import set_flag as set_maintenance
from store.meta import data_version
from store.migrate import upgrade
from store.restore_check import (
    CHECK_MARKER,
    dump_problems,
    expected_schema,
    known_revisions,
    parse_toc,
    pg_check_sql,
    read_dump_revision,
    read_sqlite_schema,
    schema_problems,
)
from store.setup_lock import setup_lock


class BackupError(RuntimeError):
    """Backup or restore failed; ``key`` is the message-catalogue key of the reason."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


@dataclass(frozen=True)
class Restored:
    """What a restore did: the revision of the file (brought to ``head``), where the
    replaced database was kept, and its data version (caches must move past it)."""

    revision: str
    head: str
    kept: Path | None
    replaced_data_version: int


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


def _run(args: list[str], env: dict[str, str], key: str = "admin.backup_tool_failed"
         ) -> subprocess.CompletedProcess:
    try:
        done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    except OSError:
        raise BackupError("admin.backup_tool_missing", tool=args[0]) from None
    if done.returncode != 0:
        # Only the tool's own message, never the command (it names the database).
        raise BackupError(key, tool=args[0], message=(done.stderr or "").strip()[-500:])
    return done


def _stamp() -> str:
    return vn_now().strftime("%Y%m%d-%H%M%S")


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
        try:
            tmp.unlink(missing_ok=True)
            _online_copy(sqlite3.connect(source), tmp)
            os.replace(tmp, target)
        except OSError:
            raise BackupError("admin.backup_cannot_write", file=str(target)) from None
        return target
    if parsed.get_backend_name() == "postgresql":
        uri, env = _pg_command(parsed)
        _run(["pg_dump", "--format=custom", "--no-owner", "--file", str(target), uri], env)
        return target
    raise BackupError("admin.backup_unsupported", backend=parsed.get_backend_name())


def backup_suffix(url: str | None = None) -> str:
    """The file extension of a backup of this database (``.db`` or ``.dump``)."""
    return ".db" if _url(url).get_backend_name() == "sqlite" else ".dump"


def _online_copy(src: sqlite3.Connection, target: Path) -> None:
    """SQLite's online backup of ``src`` into the file ``target`` (consistent while in use)."""
    dst = sqlite3.connect(target)
    try:
        with dst:
            src.backup(dst)
    finally:
        dst.close()
        src.close()


# --- restore: checking the file -----------------------------------------------------------

def _known(revision: str | None) -> str:
    if revision is None:
        raise BackupError("admin.restore_bad_file")
    if revision not in known_revisions():
        raise BackupError("admin.restore_unknown_revision", revision=revision[:40],
                          head=head_revision())
    return revision


def _refuse_problems(problems: list[str]) -> None:
    if problems:
        raise BackupError("admin.restore_unexpected", details="; ".join(problems))


SQLITE_HEADER = b"SQLite format 3\0"


def _untrusted(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA trusted_schema=OFF")  # nothing in the file runs while we look
    return conn


def _sqlite_revision(conn: sqlite3.Connection) -> str | None:
    rows = conn.execute("SELECT version_num FROM alembic_version").fetchall()
    return str(rows[0][0]) if len(rows) == 1 else None


def check_sqlite_copy(path: Path) -> str:
    """Check a private copy of a SQLite backup; returns its revision (``BackupError``
    naming the reason otherwise)."""
    with path.open("rb") as fh:
        if fh.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise BackupError("admin.restore_bad_file")
    try:
        conn = _untrusted(path)
        try:
            if conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise BackupError("admin.restore_corrupt")
            names = {r[0] for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
            if "alembic_version" not in names:
                raise BackupError("admin.restore_bad_file")
            revision = _known(_sqlite_revision(conn))
            found = read_sqlite_schema(conn)
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        raise BackupError("admin.restore_corrupt") from None
    _refuse_problems(schema_problems(found, expected_schema(revision)))
    return revision


def _page_size(path: Path) -> int:
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return int(conn.execute("PRAGMA page_size").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return 4096


def _prepare_sqlite_copy(copy: Path, revision: str, page_size: int) -> None:
    """Bring the checked copy to the head, in maintenance, in the live file's page size
    (the backup API cannot change the page size of a database in WAL mode)."""
    if revision != head_revision():
        engine = make_engine(f"sqlite:///{copy}")
        try:
            upgrade(engine)
        finally:
            engine.dispose()
        if check_sqlite_copy(copy) != head_revision():
            raise BackupError("admin.restore_bad_file")
    conn = sqlite3.connect(copy, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode=DELETE")
        conn.execute("INSERT INTO meta (key, int_value) VALUES ('maintenance', 1) "
                     "ON CONFLICT (key) DO UPDATE SET int_value = 1")
        if int(conn.execute("PRAGMA page_size").fetchone()[0]) != page_size:
            conn.execute(f"PRAGMA page_size={int(page_size)}")
            conn.execute("VACUUM")
    finally:
        conn.close()


# --- restore: replacing the database -------------------------------------------------------

@contextmanager
def _maintenance(engine: Engine) -> Iterator[int]:
    """Maintenance on (yields the data version); back off when the block fails. On
    success the restored database carries the flag until the action ends it."""
    with write_transaction(engine, during_maintenance=True) as conn:
        set_maintenance(conn, True)
        replaced = data_version(conn)
    try:
        yield replaced
    except BaseException:
        with write_transaction(engine, during_maintenance=True) as conn:
            set_maintenance(conn, False)
        raise


def _live_readable(path: Path) -> bool:
    if not path.is_file():
        return False
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            conn.execute("SELECT count(*) FROM meta").fetchone()
            return True
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return False


def _kept_path(folder: Path, name: str, suffix: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{name}-before-restore-{_stamp()}{suffix}"


def _restore_sqlite(source: Path, target: Path, keep_dir: Path | None) -> Restored:
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".restore-", dir=target.parent) as work:
        copy = Path(work) / "restoring.db"
        try:
            shutil.copyfile(source, copy)
        except OSError:
            raise BackupError("admin.restore_missing", file=str(source)) from None
        revision = check_sqlite_copy(copy)
        _prepare_sqlite_copy(copy, revision, _page_size(target) if target.is_file() else 4096)
        url = f"sqlite:///{target}"
        with setup_lock(url):
            folder = keep_dir or target.parent
            if _live_readable(target):
                engine = make_engine(url)
                try:
                    with _maintenance(engine) as replaced:
                        kept = _kept_path(folder, target.stem, target.suffix or ".db")
                        _online_copy(sqlite3.connect(target), kept)
                        _copy_into(copy, target)
                finally:
                    engine.dispose()
                return Restored(revision, head_revision(), kept, replaced)
            kept = None
            if target.is_file():  # damaged beyond opening: keep its bytes, swap the file
                kept = _kept_path(folder, target.stem, target.suffix or ".db")
                shutil.copyfile(target, kept)
                for extra in ("-wal", "-shm"):
                    Path(str(target) + extra).unlink(missing_ok=True)
            os.replace(copy, target)
            return Restored(revision, head_revision(), kept, 0)


def _copy_into(copy: Path, target: Path) -> None:
    """The checked copy into the open database, through SQLite's locking: one write
    transaction, seen by every connection at once."""
    src = sqlite3.connect(f"file:{copy}?mode=ro", uri=True)
    dst = sqlite3.connect(target, timeout=30)
    try:
        src.backup(dst)
    except sqlite3.Error:
        raise BackupError("admin.restore_failed", message="SQLite") from None
    finally:
        dst.close()
        src.close()


_DROP_OURS = """
DO $drop$
DECLARE item record;
BEGIN
  FOR item IN SELECT c.relname, c.relkind FROM pg_class c
      JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S') LOOP
    EXECUTE format('DROP %s IF EXISTS public.%I CASCADE',
      CASE item.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW'
        WHEN 'f' THEN 'FOREIGN TABLE' WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END,
      item.relname);
  END LOOP;
  FOR item IN SELECT p.oid::regprocedure AS signature FROM pg_proc p
      JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public' LOOP
    EXECUTE format('DROP ROUTINE IF EXISTS %s CASCADE', item.signature);
  END LOOP;
END
$drop$;
"""

_STILL_IN_MAINTENANCE = ("INSERT INTO public.meta (key, int_value) VALUES ('maintenance', 1) "
                         "ON CONFLICT (key) DO UPDATE SET int_value = 1;\n")


def check_pg_dump(source: Path, uri: str, env: dict[str, str]) -> str:
    """Check a custom-format dump before anything of it runs; returns its revision."""
    listing = _run(["pg_restore", "--list", str(source)], env, "admin.restore_corrupt_dump")
    entries = parse_toc(listing.stdout)
    data = _run(["pg_restore", "--data-only", "--table=alembic_version", "--file=-",
                 str(source)], env, "admin.restore_corrupt_dump")
    if not any(e.kind == "TABLE" and e.name == "alembic_version" for e in entries):
        raise BackupError("admin.restore_bad_file")
    revision = _known(read_dump_revision(data.stdout))
    _refuse_problems(dump_problems(entries, revision))
    return revision


def _restore_pg(source: Path, parsed: URL, keep_dir: Path | None) -> Restored:
    uri, env = _pg_command(parsed)
    revision = check_pg_dump(source, uri, env)
    url = parsed.render_as_string(hide_password=False)
    with tempfile.TemporaryDirectory(prefix="sokhcn-restore-") as work:
        script = Path(work) / "restore.sql"
        _run(["pg_restore", "--no-owner", "--no-privileges", f"--file={script}",
              str(source)], env, "admin.restore_corrupt_dump")
        prelude, check = Path(work) / "prelude.sql", Path(work) / "check.sql"
        prelude.write_text(_DROP_OURS, encoding="utf-8")
        check.write_text(pg_check_sql(revision) + _STILL_IN_MAINTENANCE, encoding="utf-8")
        with setup_lock(url):
            engine = make_engine(url)
            try:
                with _maintenance(engine) as replaced:
                    kept = _kept_path(keep_dir or source.parent, parsed.database or "db",
                                      ".dump")
                    backup(kept, url)
                    _psql(uri, env, [prelude, script, check])
                    if revision != head_revision():
                        upgrade(engine)
            finally:
                engine.dispose()
    return Restored(revision, head_revision(), kept, replaced)


def _psql(uri: str, env: dict[str, str], files: list[Path]) -> None:
    """Run ``files`` in one transaction; an unexpected object found by the check (or any
    error) rolls everything back."""
    args = ["psql", "--no-psqlrc", "--quiet", "--set=ON_ERROR_STOP=1", "--single-transaction",
            "--dbname", uri]
    for path in files:
        args += ["--file", str(path)]
    try:
        done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    except OSError:
        raise BackupError("admin.backup_tool_missing", tool="psql") from None
    if done.returncode == 0:
        return
    stderr = done.stderr or ""
    if CHECK_MARKER in stderr:
        found = stderr.split(CHECK_MARKER + ":", 1)[1].strip().splitlines()[0]
        raise BackupError("admin.restore_unexpected", details=found[:1000])
    raise BackupError("admin.restore_failed", message=stderr.strip()[-500:])


def restore(source: Path | str, url: str | None = None,
            keep_dir: Path | str | None = None) -> Restored:
    """Replace the database with the snapshot in ``source`` (safe while the app runs:
    maintenance mode, the replaced database kept as a dated copy in ``keep_dir`` — by
    default beside a SQLite database, beside the dump for PostgreSQL)."""
    parsed = _url(url)
    source = Path(source)
    if not source.is_file():
        raise BackupError("admin.restore_missing", file=str(source))
    folder = Path(keep_dir) if keep_dir else None
    if parsed.get_backend_name() == "sqlite":
        return _restore_sqlite(source, _sqlite_path(parsed), folder)
    if parsed.get_backend_name() == "postgresql":
        return _restore_pg(source, parsed, folder)
    raise BackupError("admin.backup_unsupported", backend=parsed.get_backend_name())
