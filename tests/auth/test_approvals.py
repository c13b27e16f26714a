"""Approve / return / reopen: roles checked by the write functions, the lock on uploads."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, select

from auth.roles import ADMIN, ANALYST, EDITOR, VIEWER, PermissionDenied
from core.catalog import load_catalog
from demo.sample import build_sample_plan, fill_template
from etl.load import ingest
from store import approvals
from store.engine import write_transaction
from store.schema import audit_log
from store.submissions import latest_submission


@pytest.fixture(scope="module")
def ttkt_files() -> list[tuple[str, bytes]]:
    """Two different TTKT files of the same month (sample content, one figure changed)."""
    catalog = load_catalog()
    sample = next(s for s in build_sample_plan(catalog) if s.unit == "TTKT")
    first = fill_template(catalog, sample)
    code = next(iter(sample.values))
    changed = type(sample)(**{**sample.__dict__,
                              "values": {**sample.values, code: sample.values[code] + 1}})
    return [(sample.file_name, first), (sample.file_name, fill_template(catalog, changed))]


def _load(engine: Engine, files, i: int = 0, acting_unit: str | None = "TTKT"):
    name, content = files[i]
    return ingest(engine, content, name, "chuyenvien", acting_unit=acting_unit)


def test_approved_month_refuses_a_new_version_until_reopened(engine: Engine, ttkt_files) -> None:
    first = _load(engine, ttkt_files)
    assert first.ok and first.loaded, [p.message for p in first.validation.problems]
    sub_id = first.loaded[0].submission_id
    unit, period = first.loaded[0].unit, first.loaded[0].period
    with write_transaction(engine) as conn:
        approvals.approve(conn, sub_id, "vanphong", EDITOR)
    with engine.connect() as conn:
        assert approvals.is_locked(conn, unit, period)
    refused = _load(engine, ttkt_files, 1)
    assert not refused.ok and not refused.loaded
    message = next(p.message for p in refused.validation.problems if p.code == "month_locked")
    assert "đã được duyệt" in message and "mở lại" in message
    with write_transaction(engine) as conn, pytest.raises(approvals.ReviewError):
        approvals.reopen(conn, sub_id, "   ", "vanphong", EDITOR)  # a reason is required
    with write_transaction(engine) as conn:
        approvals.reopen(conn, sub_id, "Sai số liệu kiểm định", "vanphong", EDITOR)
    second = _load(engine, ttkt_files, 1)
    assert second.ok and second.loaded[0].version == 2


def test_returned_version_carries_the_comment_for_the_analyst(engine: Engine, ttkt_files) -> None:
    loaded = _load(engine, ttkt_files).loaded[0]
    with write_transaction(engine) as conn:
        with pytest.raises(approvals.ReviewError):
            approvals.return_submission(conn, loaded.submission_id, "", "vanphong", EDITOR)
        approvals.return_submission(conn, loaded.submission_id, "Thiếu số mẫu thử nghiệm",
                                    "vanphong", EDITOR)
    with engine.connect() as conn:
        latest = latest_submission(conn, loaded.unit, loaded.period)
        assert not approvals.is_locked(conn, loaded.unit, loaded.period)
    assert latest["status"] == "returned"
    assert latest["review_comment"] == "Thiếu số mẫu thử nghiệm"
    corrected = _load(engine, ttkt_files, 1)
    assert corrected.ok and corrected.loaded[0].version == 2


@pytest.mark.parametrize("role", [VIEWER, ANALYST, ADMIN, None])
def test_only_the_office_reviews(sqlite_engine: Engine, ttkt_files, role) -> None:
    sub_id = _load(sqlite_engine, ttkt_files).loaded[0].submission_id
    for act in (lambda c: approvals.approve(c, sub_id, "x", role),
                lambda c: approvals.return_submission(c, sub_id, "lý do", "x", role),
                lambda c: approvals.reopen(c, sub_id, "lý do", "x", role)):
        with write_transaction(sqlite_engine) as conn, pytest.raises(PermissionDenied):
            act(conn)


def test_only_the_newest_version_is_reviewed(sqlite_engine: Engine, ttkt_files) -> None:
    old = _load(sqlite_engine, ttkt_files).loaded[0].submission_id
    _load(sqlite_engine, ttkt_files, 1)
    with write_transaction(sqlite_engine) as conn, pytest.raises(approvals.ReviewError):
        approvals.approve(conn, old, "vanphong", EDITOR)


def test_analyst_load_for_another_unit_is_refused_by_ingest(sqlite_engine: Engine,
                                                            ttkt_files) -> None:
    refused = _load(sqlite_engine, ttkt_files, acting_unit="QLKH")
    assert not refused.ok and not refused.loaded


def test_every_decision_is_audited(sqlite_engine: Engine, ttkt_files) -> None:
    sub_id = _load(sqlite_engine, ttkt_files).loaded[0].submission_id
    with write_transaction(sqlite_engine) as conn:
        approvals.approve(conn, sub_id, "vanphong", EDITOR, "Đạt")
        approvals.reopen(conn, sub_id, "Đơn vị xin sửa", "vanphong", EDITOR)
        approvals.return_submission(conn, sub_id, "Bổ sung ghi chú", "vanphong", EDITOR)
    with sqlite_engine.connect() as conn:
        rows = conn.execute(select(audit_log.c.action, audit_log.c.actor, audit_log.c.before,
                                   audit_log.c.after)
                            .where(audit_log.c.entity_id == str(sub_id))
                            .order_by(audit_log.c.id)).all()
    assert [r.action for r in rows] == ["submission.create", "submission.approve",
                                        "submission.reopen", "submission.return"]
    assert rows[2].before == {"status": "approved"}
    assert rows[2].after == {"status": "submitted", "comment": "Đơn vị xin sửa"}
