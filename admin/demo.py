"""The demo: sample history loaded through the real loader, demo accounts, the demo flag."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from auth.accounts import create_user, get_user
from auth.roles import ADMIN, ANALYST, EDITOR, VIEWER
from store.database import migrate, open_database
from store.engine import ROOT, write_transaction
from store.meta import set_flag
from store.submissions import count_submissions

SAMPLE_DIR = ROOT / "data" / "sample"
DEMO_PASSWORD = "demo123"
DEMO_ACCOUNTS = (
    ("lanhdao", "Lãnh đạo Sở (demo)", VIEWER, None),
    ("chuyenvien", "Chuyên viên TTKT (demo)", ANALYST, "TTKT"),
    ("vanphong", "Văn phòng Sở (demo)", EDITOR, None),
    ("quantri", "Quản trị hệ thống (demo)", ADMIN, None),
)


def ensure_demo_accounts(engine: Engine) -> None:
    with write_transaction(engine) as conn:
        for username, name, role, unit in DEMO_ACCOUNTS:
            if get_user(conn, username) is None:
                create_user(conn, username, DEMO_PASSWORD, role, name, unit, actor="demo")


def setup_demo(url: str | None = None, sample_dir: Path = SAMPLE_DIR,
               progress=None) -> tuple[Engine, int]:
    """Migrate, seed, and when the database has no submission load the sample history.

    Returns the engine and how many sample files were loaded (0 when data was there).
    """
    from demo.load import load_sample

    migrate(url)
    engine = open_database(url)
    loaded = 0
    with engine.connect() as conn:
        empty = count_submissions(conn) == 0
    if empty:
        loaded = load_sample(engine, sample_dir, progress=progress)
    ensure_demo_accounts(engine)
    with write_transaction(engine) as conn:
        set_flag(conn, "demo", 1)
    return engine, loaded


def build_demo_file(path: Path) -> Path:
    """The demo database as one self-contained SQLite file (the WAL folded in), so that
    copying the file copies the whole database — for the tests, screenshots and benchmarks."""
    import sqlite3

    engine, _loaded = setup_demo(f"sqlite:///{path}", sample_dir=path.parent / "sample")
    engine.dispose()
    with sqlite3.connect(path) as raw:
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path
