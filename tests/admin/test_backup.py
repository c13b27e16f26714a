"""Backup while the database is open, damage it, restore: every submission and file is back."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, delete, select, text

from admin.cli import main
from core.catalog import load_catalog
from demo.sample import build_sample_plan, fill_template
from store.audit_queries import audit_rows
from store.blobs import get_blob
from store.database import head_revision, migrate, open_database
from store.schema import activity, file_blob, submission, value
from tests.actors import upload


def _load_some(engine: Engine) -> list[tuple[int, str]]:
    catalog = load_catalog()
    plan = [s for s in build_sample_plan(catalog) if s.unit in ("TTKT", "QLKH")][:3]
    for sample in plan:
        result = upload(engine, fill_template(catalog, sample), sample.file_name, "test")
        assert result.ok, [p.message for p in result.validation.problems]
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(select(submission.c.id, submission.c.sha256))]


def _state(engine: Engine) -> tuple:
    with engine.connect() as conn:
        subs = conn.execute(select(submission.c.id, submission.c.sha256)
                            .order_by(submission.c.id)).all()
        values = conn.execute(select(value.c.id, value.c.value).order_by(value.c.id)).all()
        blobs = {sha: get_blob(conn, sha) for _, sha in subs}
    return [tuple(s) for s in subs], [tuple(v) for v in values], blobs


def _damage(engine: Engine, db_url: str) -> None:
    with engine.begin() as conn:
        conn.execute(delete(value))
        conn.execute(delete(activity))
        conn.execute(text("DELETE FROM plan_item"))
        conn.execute(delete(submission))
        conn.execute(delete(file_blob))
    engine.dispose()
    if db_url.startswith("sqlite"):
        # Beyond deleted rows: overwrite the file's header so it is no database at all.
        path = Path(db_url.removeprefix("sqlite:///"))
        with path.open("r+b") as fh:
            fh.write(b"\0" * 4096)


@pytest.mark.slow
def test_backup_damage_restore(db_url: str, tmp_path: Path, monkeypatch, capsys) -> None:
    migrate(db_url)
    engine = open_database(db_url)
    loaded = _load_some(engine)
    before = _state(engine)
    assert len(loaded) == 3 and all(before[2].values())
    monkeypatch.setenv("DATABASE_URL", db_url)
    target = tmp_path / "backup.bin"
    # The app keeps a connection open (and a reader mid-transaction) during the backup.
    with engine.connect() as reader:
        reader.execute(select(submission)).all()
        assert main(["backup", "-o", str(target)]) == 0
    assert target.stat().st_size > 0
    assert "Đã sao lưu" in capsys.readouterr().out
    _damage(engine, db_url)
    assert main(["restore", str(target), "--yes"]) == 0
    restored = open_database(db_url)
    try:
        assert _state(restored) == before
        # The backup's row is not inside its own snapshot; the restore's row is written
        # into the restored database.
        assert [r["action"] for r in audit_rows(restored, actions=[
            "backup.create", "backup.restore"])] == ["backup.restore"]
    finally:
        restored.dispose()


def test_cli_backup_and_restore_are_audited(sqlite_url: str, sqlite_engine: Engine,
                                            tmp_path: Path, monkeypatch) -> None:
    engine = sqlite_engine
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    monkeypatch.setattr("getpass.getuser", lambda: "backupper")
    target = tmp_path / "nightly.db"
    assert main(["backup", "-o", str(target)]) == 0
    rows = audit_rows(engine, actions=["backup.create"])
    assert len(rows) == 1 and rows[0]["actor"] == "cli:backupper"
    assert rows[0]["after"] == {"file": str(target), "bytes": target.stat().st_size}
    assert main(["restore", str(target), "--yes"]) == 0
    engine.dispose()
    rows = audit_rows(engine, actions=["backup.create", "backup.restore"])
    # The snapshot was taken before its own row was written: after the restore only the
    # restore's row is there, naming the file it came from.
    assert [(r["action"], r["actor"]) for r in rows] == [("backup.restore", "cli:backupper")]
    after = rows[0]["after"]
    kept = Path(after["kept"])
    assert after["file"] == str(target) and after["revision"] == after["head"] == head_revision()
    # The replaced database is kept beside it, dated, and holds the backup's own row.
    assert kept.parent == Path(sqlite_url.removeprefix("sqlite:///")).parent
    assert kept.name.startswith("test-before-restore-") and kept.suffix == ".db"
    kept_engine = open_database(f"sqlite:///{kept}")
    assert [r["action"] for r in audit_rows(kept_engine, actions=["backup.create"])] == [
        "backup.create"]
    kept_engine.dispose()
    engine.dispose()


def test_a_failed_backup_leaves_no_audit_row(sqlite_url: str, sqlite_engine: Engine,
                                             tmp_path: Path, monkeypatch, capsys) -> None:
    engine = sqlite_engine
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    assert main(["backup", "-o", str(blocker / "backup.db")]) == 1
    assert capsys.readouterr().err.strip()
    assert audit_rows(engine, actions=["backup.create"]) == []
    engine.dispose()


def test_restore_refuses_a_file_that_is_no_backup(sqlite_url: str, tmp_path: Path,
                                                  monkeypatch, capsys) -> None:
    migrate(sqlite_url)
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database" * 100)
    assert main(["restore", str(junk), "--yes"]) == 1
    assert "không phải bản sao lưu" in capsys.readouterr().err
    assert main(["restore", str(tmp_path / "missing.db"), "--yes"]) == 1
