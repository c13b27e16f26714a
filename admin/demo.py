"""The demo: sample history loaded through the real loader, demo accounts, the demo flag."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from actions.accounts import ensure_accounts
from actions.base import ActionError, Actor
from actions.database import migrate_database
from actions.demo import mark_demo
from auth.permissions import ADMIN, ANALYST, EDITOR, VIEWER
from demo.load import load_sample
from store.database import open_database
from store.engine import ROOT, fold_sqlite_journal
from store.submissions import count_submissions

SAMPLE_DIR = ROOT / "data" / "sample"
DEMO_PASSWORD = "demo123"
DEMO_ACCOUNTS = (
    ("lanhdao", "Lãnh đạo Sở (demo)", VIEWER, None),
    ("chuyenvien", "Chuyên viên TTKT (demo)", ANALYST, "TTKT"),
    ("vanphong", "Văn phòng Sở (demo)", EDITOR, None),
    ("quantri", "Quản trị hệ thống (demo)", ADMIN, None),
)


# Who sets the demo up (the audit's "who" of its accounts).
DEMO_ACTOR = Actor("demo", ADMIN)


def ensure_demo_accounts(engine: Engine) -> None:
    ensure_accounts(engine, DEMO_ACTOR, DEMO_ACCOUNTS, DEMO_PASSWORD)


def setup_demo(url: str | None = None, sample_dir: Path = SAMPLE_DIR,
               progress=None) -> tuple[Engine, int]:
    """Migrate, mark the database as the demo (refused, ``ActionError``, unless it is brand
    new or already the demo: a real database never gets the demo's accounts nor its sample),
    load the sample history when it has no submission yet, and add the demo accounts.

    Returns the engine and how many sample files were loaded (0 when data was there).
    """
    migrate_database(url, DEMO_ACTOR)
    engine = open_database(url)
    try:
        mark_demo(engine, DEMO_ACTOR)  # first: the check and the mark share a transaction
    except ActionError:
        engine.dispose()
        raise
    loaded = 0
    with engine.connect() as conn:
        empty = count_submissions(conn) == 0
    if empty:
        loaded = load_sample(engine, sample_dir, progress=progress)
    ensure_demo_accounts(engine)
    return engine, loaded


def build_demo_file(path: Path) -> Path:
    """The demo database as one self-contained SQLite file (the WAL folded in), so that
    copying the file copies the whole database — for the tests, screenshots and benchmarks."""
    engine, _loaded = setup_demo(f"sqlite:///{path}", sample_dir=path.parent / "sample")
    engine.dispose()
    fold_sqlite_journal(path)
    return path
