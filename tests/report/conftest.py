"""Fixtures of the report tests: the full sample history loaded once per session, and a
small hand-built database for write tests on SQLite and PostgreSQL.

The sample (2021-01 … 2023-12 through the real loader) takes about a minute to load, so
it is built once; tests that write get their own copy of the file (``sample_copy_url``).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from core.months import Month
from store.engine import make_engine, write_transaction
from store.submissions import (
    PERIOD_HORIZON,
    NewActivity,
    NewPlanItem,
    NewProgress,
    NewSubmission,
    NewValue,
    insert_submission,
    set_status,
)


@pytest.fixture(scope="session")
def sample_path(demo_db_path: Path) -> Path:
    """The sample history in a SQLite file (the session's demo database, built once)."""
    return demo_db_path


@pytest.fixture(scope="session")
def sample_engine(sample_path: Path) -> Iterator[Engine]:
    """Read-only use: tests that write take ``sample_copy_url``."""
    engine = make_engine(f"sqlite:///{sample_path}")
    yield engine
    engine.dispose()


@pytest.fixture
def sample_copy_url(sample_path: Path, tmp_path: Path) -> str:
    target = tmp_path / "sample-copy.db"
    shutil.copyfile(sample_path, target)
    return f"sqlite:///{target}"


# --- a small database built in code ---------------------------------------------------------

FOOTNOTE = "Gồm: Kế hoạch A; Kế hoạch B."
JAN_TASKS = ["Nhiệm vụ một.", "Nhiệm vụ hai.", "Nhiệm vụ ba."]


def add_month(engine: Engine, unit: str, month: str, values: dict[str, float],
              activities: list[tuple[str, str, list[str]]] = (), tasks: list[str] = (),
              approve: bool = True, period_tasks: list[str] = (),
              progress: list[tuple[str, str, str | None]] = ()) -> int:
    """One submission version of ``month`` (``YYYY-MM``) with values, bullets ``(section,
    text, footnotes)``, tasks for next month and next period, and progress ``(task,
    status, note)`` on the tasks planned for the month."""
    with write_transaction(engine) as conn:  # test data: plain store writes, no audit
        sub_id = insert_submission(conn, NewSubmission(
            unit, Month.parse(month), "sample", "test", [NewValue(k, v) for k, v in values.items()],
            [NewActivity(s, text, list(notes)) for s, text, notes in activities],
            [NewPlanItem(task) for task in tasks]
            + [NewPlanItem(task, horizon=PERIOD_HORIZON) for task in period_tasks],
            progress=[NewProgress(task, status, note) for task, status, note in progress])).id
        if approve:
            set_status(conn, sub_id, "approved", "vanphong")
    return sub_id


def fill_small(engine: Engine) -> Engine:
    """January and February 2023 of two units: VP (with three tasks for February and a
    footnote) and TTKT."""
    add_month(engine, "VP", "2023-01", {"VP_VB_DEN": 400},
              [("1", "Tham mưu kế hoạch năm.", [FOOTNOTE]), ("1", "Tổng kết năm 2022.", [])],
              JAN_TASKS)
    add_month(engine, "TTKT", "2023-01", {"TTKT_KD_PTD": 5749, "TTKT_THU_NGHIEM": 544},
              [("3.2", "Kiểm định 5749 phương tiện đo.", [])])
    add_month(engine, "VP", "2023-02", {"VP_VB_DEN": 420},
              [("1", "Tham mưu tháng 2.", [])], ["Nhiệm vụ tháng 3."])
    return engine


@pytest.fixture
def small_engine(engine: Engine) -> Engine:
    """The small database on SQLite and PostgreSQL (``engine``)."""
    return fill_small(engine)


@pytest.fixture
def small_sqlite(sqlite_engine: Engine) -> Engine:
    """The small database on SQLite only (rules that do not depend on the database)."""
    return fill_small(sqlite_engine)
