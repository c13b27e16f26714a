"""Restore takes only our own backups, and never loses a write the app confirmed.

Each tampered file is made here from a real backup (or from scratch): a stub, a newer and
an older revision, an extra table, column, view or index, an audit-wiping trigger under a
name of its own or under the name of one of ours, a corrupt or foreign file, and (on
PostgreSQL) dumps with extra objects, some visible in the dump's table of contents and
some only once restored. Every refusal says why in Vietnamese and leaves the database,
the audit log and the maintenance flag as they were, with no dated copy made.
"""

from __future__ import annotations

import sqlite3
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, func, select, text
from sqlalchemy.engine import make_url

from actions import backup as backups
from actions.base import ActionError
from actions.settings import change_setting
from admin.cli import main
from store.append_only import SQLITE_TRIGGERS
from store.audit_queries import audit_rows
from store.database import head_revision, migrate, open_database
from store.engine import make_engine
from store.maintenance import UnderMaintenance
from store.meta import data_version, get_flag
from store.migrate import current_revision, upgrade
from store.schema import audit_log, setting
from store.settings import get_setting
from tests.actors import ADMINISTRATOR

SIGNER = "report_signer_name"


def _sign(engine: Engine, name: str) -> None:
    change_setting(engine, ADMINISTRATOR, SIGNER, name)


def _state(engine: Engine) -> tuple:
    """What a refused restore must leave as it was."""
    with engine.connect() as conn:
        audit = conn.execute(select(audit_log.c.id, audit_log.c.action)
                             .order_by(audit_log.c.id)).all()
        settings = conn.execute(select(setting.c.key, setting.c.value)
                                .order_by(setting.c.id)).all()
        return (current_revision(engine), [tuple(r) for r in audit],
                [tuple(r) for r in settings], get_flag(conn, "maintenance"),
                data_version(conn))


def _path(url: str) -> Path:
    return Path(make_url(url).database)


@pytest.fixture
def live(sqlite_url: str, sqlite_engine: Engine) -> Engine:
    _sign(sqlite_engine, "Người ký trước sao lưu")
    return sqlite_engine


@pytest.fixture
def good_backup(live: Engine, tmp_path: Path) -> Path:
    """A genuine backup of the live database; the live one then moves on."""
    target = backups.backup(live, ADMINISTRATOR, tmp_path / "backups" / "good.db").value
    _sign(live, "Người ký sau sao lưu")
    return target


def _tampered(good: Path, name: str, *statements: str) -> Path:
    """A copy of ``good`` changed by ``statements`` (run as an attacker would: our
    append-only triggers dropped first when a statement needs it)."""
    target = good.with_name(name)
    target.write_bytes(good.read_bytes())
    conn = sqlite3.connect(target)
    try:
        for statement in statements:
            conn.execute(statement)
        conn.commit()
    finally:
        conn.close()
    return target


def _refused(engine: Engine, url: str, file: Path, key: str, *, mentions: tuple[str, ...] = ()
             ) -> str:
    before = _state(engine)
    folder = _path(url).parent
    copies_before = sorted(folder.glob("*before-restore*"))
    with pytest.raises(ActionError) as refused:
        backups.restore(engine, ADMINISTRATOR, file)
    assert refused.value.key == key, refused.value.message()
    message = refused.value.message()
    assert "{" not in message and "Không có gì bị thay đổi" in message
    for name in mentions:
        assert name in message
    assert _state(engine) == before
    assert sorted(folder.glob("*before-restore*")) == copies_before
    assert not list(folder.glob(".restore-*"))
    return message


TRIGGERS_OFF = [f"DROP TRIGGER {name}" for name in SQLITE_TRIGGERS]
WIPE = "BEGIN DELETE FROM audit_log; END"


@pytest.mark.parametrize(("name", "statements", "key", "mentions"), [
    ("extra-table.db", ["CREATE TABLE exfiltrate (x TEXT)"], "admin.restore_unexpected",
     ("exfiltrate",)),
    ("extra-column.db", ["ALTER TABLE app_user ADD COLUMN is_root INTEGER"],
     "admin.restore_unexpected", ("app_user",)),
    ("extra-view.db", ["CREATE VIEW v_users AS SELECT * FROM app_user"],
     "admin.restore_unexpected", ("v_users",)),
    ("extra-index.db", ["CREATE INDEX ix_spy ON app_user (password_hash)"],
     "admin.restore_unexpected", ("ix_spy",)),
    ("wipe-trigger.db", [*TRIGGERS_OFF,
                         f"CREATE TRIGGER wipe_audit AFTER INSERT ON submission {WIPE}"],
     "admin.restore_unexpected", ("wipe_audit", "audit_log_no_update")),
    # Our trigger's own name, another body: it wipes instead of refusing.
    ("innocent-name.db", [*TRIGGERS_OFF,
                          "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
                          "BEGIN SELECT 1; END",
                          "CREATE TRIGGER audit_log_no_delete AFTER INSERT ON setting "
                          f"{WIPE}"],
     "admin.restore_unexpected", ("audit_log_no_update", "audit_log_no_delete")),
    # Same trigger text in other letters and spacing is still ours; one changed word is not.
    ("one-word.db", ["DROP TRIGGER audit_log_no_delete",
                     "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
                     "BEGIN SELECT RAISE(IGNORE); END"],
     "admin.restore_unexpected", ("audit_log_no_delete",)),
    ("no-triggers.db", TRIGGERS_OFF, "admin.restore_unexpected", ("audit_log_no_delete",)),
    ("newer.db", ["UPDATE alembic_version SET version_num = '0099_future'"],
     "admin.restore_unknown_revision", ("0099_future", head_revision())),
    ("two-revisions.db", ["INSERT INTO alembic_version VALUES ('0001')"],
     "admin.restore_bad_file", ()),
    ("no-revision.db", ["DELETE FROM alembic_version"], "admin.restore_bad_file", ()),
    # A head database labelled older: the older schema has no such table nor triggers.
    ("relabelled.db", ["UPDATE alembic_version SET version_num = '0001'"],
     "admin.restore_unexpected", ("download_ticket",)),
])
def test_a_tampered_sqlite_backup_is_refused_and_changes_nothing(
        live: Engine, sqlite_url: str, good_backup: Path, name: str, statements: list[str],
        key: str, mentions: tuple[str, ...]) -> None:
    _refused(live, sqlite_url, _tampered(good_backup, name, *statements), key,
             mentions=mentions)


def test_a_stub_with_a_submission_table_is_no_backup(live: Engine, sqlite_url: str,
                                                     tmp_path: Path) -> None:
    stub = tmp_path / "stub.db"
    conn = sqlite3.connect(stub)
    conn.execute("CREATE TABLE submission (id INTEGER PRIMARY KEY)")
    conn.commit()
    conn.close()
    _refused(live, sqlite_url, stub, "admin.restore_bad_file")
    # With a revision of ours, a stub still lacks every other table.
    conn = sqlite3.connect(stub)
    conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
    conn.execute(f"INSERT INTO alembic_version VALUES ('{head_revision()}')")
    conn.commit()
    conn.close()
    message = _refused(live, sqlite_url, stub, "admin.restore_unexpected",
                       mentions=("audit_log",))
    assert "và " in message and "mục khác" in message  # a long list is cut short


def test_many_extra_objects_are_named_briefly(live: Engine, sqlite_url: str,
                                              good_backup: Path) -> None:
    huge = _tampered(good_backup, "huge.db",
                     *(f"CREATE TABLE t{i:03d} (x)" for i in range(300)))
    message = _refused(live, sqlite_url, huge, "admin.restore_unexpected",
                       mentions=("t000", "292 mục khác"))
    assert "t299" not in message and len(message) < 600


@pytest.mark.parametrize("damage", ["junk", "empty", "truncated", "scribbled"])
def test_a_corrupt_or_foreign_file_is_refused(live: Engine, sqlite_url: str,
                                              good_backup: Path, damage: str) -> None:
    content = good_backup.read_bytes()
    bad = good_backup.with_name(f"{damage}.db")
    if damage == "junk":
        bad.write_bytes(b"PK\x03\x04 not a database" * 50)
    elif damage == "empty":
        bad.write_bytes(b"")
    elif damage == "truncated":
        bad.write_bytes(content[: len(content) // 2])
    else:  # the header is right, pages in the middle are noise
        middle = len(content) // 2
        bad.write_bytes(content[:middle] + b"\xa5" * 8192 + content[middle + 8192:])
    key = "admin.restore_bad_file" if damage in ("junk", "empty") else "admin.restore_corrupt"
    _refused(live, sqlite_url, bad, key)


def test_the_cli_prints_the_refusal_and_exits_1(live: Engine, sqlite_url: str,
                                                good_backup: Path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    view = _tampered(good_backup, "view.db", "CREATE VIEW leak AS SELECT 1")
    assert main(["restore", str(view), "--yes"]) == 1
    err = capsys.readouterr().err
    assert "leak" in err and "Traceback" not in err


def test_an_older_backup_is_restored_and_brought_to_the_head(sqlite_url: str,
                                                             tmp_path: Path) -> None:
    """A genuine backup made before this code's newest migration."""
    old_url = f"sqlite:///{tmp_path / 'old.db'}"
    old = make_engine(old_url)
    upgrade(old, "0001")
    with old.begin() as conn:
        conn.execute(text("INSERT INTO setting (key, value, updated_by, updated_at) "
                          "VALUES ('report_signer_name', '\"Người ký năm cũ\"', 'x', "
                          "'2024-01-01 00:00:00')"))
    old.dispose()
    migrate(sqlite_url)
    engine = open_database(sqlite_url)
    try:
        _sign(engine, "Người ký hiện nay")
        done = backups.restore(engine, ADMINISTRATOR, tmp_path / "old.db")
        assert done.value.revision == "0001" and done.value.head == head_revision()
        assert current_revision(engine) == head_revision()
        assert get_setting(engine, SIGNER) == "Người ký năm cũ"
        with engine.connect() as conn:  # the head's triggers are there
            names = conn.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type = 'trigger'").scalars().all()
            assert set(names) == set(SQLITE_TRIGGERS)
            assert get_flag(conn, "maintenance") == 0
        kept = open_database(f"sqlite:///{done.value.kept}")
        assert get_setting(kept, SIGNER) == "Người ký hiện nay"
        kept.dispose()
    finally:
        engine.dispose()


def test_a_running_app_sees_the_restored_data_and_its_writes_stay(
        live: Engine, sqlite_url: str, good_backup: Path, tmp_path: Path) -> None:
    """The app's engine keeps its pooled connections through the restore (the bug: the
    file was swapped, the app kept writing into the old one and its writes vanished)."""
    app = make_engine(sqlite_url)  # another process's engine, never disposed here
    assert get_setting(app, SIGNER) == "Người ký sau sao lưu"
    version_before = data_version(app)
    other = make_engine(sqlite_url)
    backups.restore(other, ADMINISTRATOR, good_backup)
    other.dispose()
    assert get_setting(app, SIGNER) == "Người ký trước sao lưu"
    assert data_version(app) > version_before  # caches keyed on it are not reused
    _sign(app, "Ghi sau khi phục hồi")
    app.dispose()
    fresh = make_engine(sqlite_url)
    assert get_setting(fresh, SIGNER) == "Ghi sau khi phục hồi"
    fresh.dispose()


def test_writes_during_maintenance_are_refused_and_nothing_is_written(
        live: Engine) -> None:
    from store.engine import write_transaction
    from store.maintenance import set_flag

    with write_transaction(live, during_maintenance=True) as conn:
        set_flag(conn, True)
    before = _state(live)
    with pytest.raises(UnderMaintenance) as refused:
        _sign(live, "Không được ghi")
    assert "thử lại sau" in refused.value.message
    assert _state(live) == before
    migrate(live.url.render_as_string(hide_password=False))  # setting up still works
    assert main_maintenance_off(live) == 0
    _sign(live, "Ghi được rồi")
    assert get_setting(live, SIGNER) == "Ghi được rồi"
    assert [r["action"] for r in audit_rows(live, actions=["maintenance.off"])] == [
        "maintenance.off"]


def main_maintenance_off(engine: Engine) -> int:
    import os

    old = os.environ.get("DATABASE_URL")
    os.environ["DATABASE_URL"] = engine.url.render_as_string(hide_password=False)
    try:
        return main(["maintenance-off"])
    finally:
        if old is None:
            os.environ.pop("DATABASE_URL")
        else:
            os.environ["DATABASE_URL"] = old


def _writer(url: str, stop: threading.Event, confirmed: list[str],
            refused: list[str]) -> Callable[[], None]:
    def run() -> None:
        engine = make_engine(url)
        n = 0
        try:
            while not stop.is_set():
                name = f"Người ký {n}"
                n += 1
                try:
                    _sign(engine, name)
                    confirmed.append(name)
                except UnderMaintenance:
                    refused.append(name)
                except Exception:  # a refused or failed write confirmed nothing
                    refused.append(name)
                time.sleep(0.002)
        finally:
            engine.dispose()
    return run


def _signers(engine: Engine) -> set[str]:
    with engine.connect() as conn:
        values = conn.execute(select(setting.c.value).where(setting.c.key == SIGNER)).scalars()
        return {str(v) for v in values}


def _no_confirmed_write_is_lost(engine: Engine, url: str, backup_file: Path,
                                kept_url: Callable[[Path], str]) -> None:
    stop = threading.Event()
    confirmed: list[str] = []
    refused: list[str] = []
    thread = threading.Thread(target=_writer(url, stop, confirmed, refused))
    thread.start()
    def wait_for(count: int) -> None:
        deadline = time.monotonic() + 60
        while len(confirmed) < count and time.monotonic() < deadline:
            time.sleep(0.01)

    try:
        wait_for(5)
        done = backups.restore(engine, ADMINISTRATOR, backup_file).value
        wait_for(len(confirmed) + 5)  # the writer goes on after the restore
    finally:
        stop.set()
        thread.join(60)
    kept = make_engine(kept_url(done.kept))
    try:
        found = _signers(kept) | _signers(engine)
    finally:
        kept.dispose()
    lost = [name for name in confirmed if name not in found]
    assert lost == [] and len(confirmed) >= 10


def test_no_write_confirmed_during_a_sqlite_restore_is_lost(
        live: Engine, sqlite_url: str, good_backup: Path) -> None:
    _no_confirmed_write_is_lost(live, sqlite_url, good_backup, lambda p: f"sqlite:///{p}")


# --- PostgreSQL ---------------------------------------------------------------------------

def _psql(url: str, sql: str) -> None:
    engine = create_engine(make_url(url).set(drivername="postgresql+psycopg"),
                           isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql(sql)
    finally:
        engine.dispose()


def _pg_copy(pg_url: str, name: str) -> str:
    """A new database holding a copy of ``pg_url``'s (dropped with the test's server
    database by ``WITH (FORCE)``… so we drop it ourselves)."""
    source = make_url(pg_url).database
    _psql(pg_url, f'CREATE DATABASE "{name}" TEMPLATE "{source}"')
    return make_url(pg_url).set(database=name).render_as_string(hide_password=False)


@pytest.fixture
def pg_live(pg_url: str) -> Engine:
    migrate(pg_url)
    engine = open_database(pg_url)
    _sign(engine, "Người ký trước sao lưu")
    yield engine
    engine.dispose()


@pytest.fixture
def pg_dump_of(pg_url: str, tmp_path: Path):
    """``make(statements)``: a dump of a copy of the live database changed by
    ``statements`` (the copy is dropped afterwards)."""
    made: list[str] = []

    def make(name: str, *statements: str) -> Path:
        _psql(pg_url, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                      f"WHERE datname = '{make_url(pg_url).database}' AND pid <> pg_backend_pid()")
        db = f"{make_url(pg_url).database}_{len(made)}"
        url = _pg_copy(pg_url, db)
        made.append(db)
        for statement in statements:
            _psql(url, statement)
        target = tmp_path / f"{name}.dump"
        plain = make_url(url).set(password=None).render_as_string(hide_password=False)
        subprocess.run(["pg_dump", "--format=custom", "--no-owner", "--file", str(target),
                        plain], check=True,
                       env={"PGPASSWORD": make_url(url).password or "", "PATH": "/usr/bin"})
        return target

    yield make
    for db in made:
        _psql(pg_url, f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')


PG_TRIGGERS_OFF = "DROP TRIGGER audit_log_no_update_delete ON audit_log"


@pytest.mark.parametrize(("name", "statements", "key", "mentions"), [
    # Seen in the dump's table of contents: refused before anything runs.
    ("view", ["CREATE VIEW v_users AS SELECT * FROM app_user"], "admin.restore_unexpected",
     ("v_users",)),
    ("table", ["CREATE TABLE exfiltrate (x text)"], "admin.restore_unexpected",
     ("exfiltrate",)),
    ("wipe-trigger", [PG_TRIGGERS_OFF,
                      "CREATE FUNCTION wipe() RETURNS trigger LANGUAGE plpgsql AS "
                      "$$BEGIN DELETE FROM audit_log; RETURN NEW; END$$",
                      "CREATE TRIGGER wipe_audit AFTER INSERT ON submission "
                      "FOR EACH ROW EXECUTE FUNCTION wipe()"],
     "admin.restore_unexpected", ("wipe_audit",)),
    ("rule", ["CREATE RULE keep_quiet AS ON DELETE TO audit_log DO INSTEAD NOTHING"],
     "admin.restore_unexpected", ("keep_quiet",)),
    ("schema", ["CREATE SCHEMA side", "CREATE TABLE side.x (y int)"],
     "admin.restore_unexpected", ("side",)),
    ("newer", ["UPDATE alembic_version SET version_num = '0099_future'"],
     "admin.restore_unknown_revision", ("0099_future",)),
    ("no-revision", ["DELETE FROM alembic_version"], "admin.restore_bad_file", ()),
    # Invisible in the table of contents: found inside the restore's own transaction,
    # which is then rolled back.
    ("column", ["ALTER TABLE app_user ADD COLUMN is_root boolean"],
     "admin.restore_unexpected", ("app_user.is_root",)),
    ("innocent-body", ["CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger "
                       "LANGUAGE plpgsql AS $$BEGIN RETURN NULL; END$$"],
     "admin.restore_unexpected", ("audit_log_append_only",)),
    ("disabled-trigger", ["ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_truncate"],
     "admin.restore_unexpected", ("audit_log_no_truncate",)),
    ("default", ["ALTER TABLE app_user ALTER COLUMN role SET DEFAULT 'admin'"],
     "admin.restore_unexpected", ("app_user.role",)),
    ("check", ["ALTER TABLE meta ADD CONSTRAINT slow CHECK (pg_sleep(0) IS NOT NULL)"],
     "admin.restore_unexpected", ("slow",)),
])
def test_a_tampered_postgresql_dump_is_refused_and_changes_nothing(
        pg_live: Engine, pg_url: str, pg_dump_of, tmp_path: Path, name: str,
        statements: list[str], key: str, mentions: tuple[str, ...]) -> None:
    dump = pg_dump_of(name, *statements)
    before = _state(pg_live)
    with pytest.raises(ActionError) as refused:
        backups.restore(pg_live, ADMINISTRATOR, dump)
    message = refused.value.message()
    assert refused.value.key == key, message
    assert "Không có gì bị thay đổi" in message
    for word in mentions:
        assert word in message
    assert _state(pg_live) == before
    with pg_live.connect() as conn:
        assert conn.execute(select(func.count()).select_from(audit_log)).scalar() == len(
            before[1])


def test_a_corrupt_or_foreign_dump_is_refused(pg_live: Engine, pg_dump_of,
                                              tmp_path: Path) -> None:
    good = pg_dump_of("good")
    before = _state(pg_live)
    cases = {
        "junk.dump": (b"PGDMP" + b"\x00" * 10 + b"noise" * 100, "admin.restore_corrupt_dump"),
        "half.dump": (good.read_bytes()[: len(good.read_bytes()) // 3],
                      "admin.restore_corrupt_dump"),
        "sqlite.dump": (b"SQLite format 3\x00" + b"\x00" * 4000, "admin.restore_corrupt_dump"),
    }
    for file_name, (content, key) in cases.items():
        bad = tmp_path / file_name
        bad.write_bytes(content)
        with pytest.raises(ActionError) as refused:
            backups.restore(pg_live, ADMINISTRATOR, bad)
        assert refused.value.key in (key, "admin.restore_unexpected", "admin.restore_bad_file")
        assert _state(pg_live) == before


def test_a_postgresql_stub_dump_is_refused(pg_live: Engine, pg_url: str, tmp_path: Path) -> None:
    stub_db = f"{make_url(pg_url).database}_stub"
    _psql(pg_url, f'CREATE DATABASE "{stub_db}"')
    url = make_url(pg_url).set(database=stub_db)
    try:
        _psql(url.render_as_string(hide_password=False),
              "CREATE TABLE submission (id int primary key)")
        target = tmp_path / "stub.dump"
        subprocess.run(["pg_dump", "--format=custom", "--file", str(target),
                        url.set(password=None).render_as_string(hide_password=False)],
                       check=True, env={"PGPASSWORD": url.password or "", "PATH": "/usr/bin"})
    finally:
        _psql(pg_url, f'DROP DATABASE IF EXISTS "{stub_db}" WITH (FORCE)')
    before = _state(pg_live)
    with pytest.raises(ActionError) as refused:
        backups.restore(pg_live, ADMINISTRATOR, target)
    assert refused.value.key == "admin.restore_bad_file"
    assert _state(pg_live) == before


def test_a_genuine_postgresql_dump_restores_with_a_dated_copy(
        pg_live: Engine, pg_url: str, tmp_path: Path) -> None:
    dump = backups.backup(pg_live, ADMINISTRATOR, tmp_path / "nightly.dump").value
    _sign(pg_live, "Người ký sau sao lưu")
    done = backups.restore(pg_live, ADMINISTRATOR, dump, tmp_path / "kept").value
    assert get_setting(pg_live, SIGNER) == "Người ký trước sao lưu"
    assert done.kept.parent == tmp_path / "kept" and done.kept.suffix == ".dump"
    with pg_live.connect() as conn:
        assert get_flag(conn, "maintenance") == 0
    # The restored audit log is append-only again.
    with pytest.raises(Exception, match="append-only"), pg_live.begin() as conn:
        conn.execute(text("DELETE FROM audit_log"))


def test_no_write_confirmed_during_a_postgresql_restore_is_lost(
        pg_live: Engine, pg_url: str, tmp_path: Path) -> None:
    dump = backups.backup(pg_live, ADMINISTRATOR, tmp_path / "nightly.dump").value

    def kept_url(path: Path) -> str:
        db = f"{make_url(pg_url).database}_kept"
        _psql(pg_url, f'CREATE DATABASE "{db}"')
        url = make_url(pg_url).set(database=db)
        subprocess.run(["pg_restore", "--no-owner", "--dbname",
                        url.set(password=None).render_as_string(hide_password=False),
                        str(path)], check=True,
                       env={"PGPASSWORD": url.password or "", "PATH": "/usr/bin"})
        return url.render_as_string(hide_password=False)

    try:
        _no_confirmed_write_is_lost(pg_live, pg_url, dump, kept_url)
    finally:
        _psql(pg_url, f'DROP DATABASE IF EXISTS "{make_url(pg_url).database}_kept" WITH (FORCE)')
