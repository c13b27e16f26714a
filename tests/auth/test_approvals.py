"""Approve / return / reopen: roles checked by the actions, the lock on uploads."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, select

from actions.base import ActionError, Actor
from actions.review import approve, reopen, return_submission
from auth.permissions import ADMIN, ANALYST, VIEWER
from core.catalog import load_catalog
from demo.sample import build_sample_plan, fill_template
from store import approvals
from store.schema import audit_log
from store.submissions import latest_submission
from tests.actors import OFFICE, upload


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


def _load(engine: Engine, files, i: int = 0, acting_unit: str = "TTKT"):
    name, content = files[i]
    return upload(engine, content, name, "chuyenvien", ANALYST, acting_unit)


def test_approved_month_refuses_a_new_version_until_reopened(engine: Engine, ttkt_files) -> None:
    first = _load(engine, ttkt_files)
    assert first.ok and first.loaded, [p.message for p in first.validation.problems]
    sub_id = first.loaded[0].submission_id
    unit, period = first.loaded[0].unit, first.loaded[0].period
    approve(engine, OFFICE, sub_id)
    with engine.connect() as conn:
        assert approvals.is_locked(conn, unit, period)
    refused = _load(engine, ttkt_files, 1)
    assert not refused.ok and not refused.loaded
    message = next(p.message for p in refused.validation.problems if p.code == "month_locked")
    assert "đã được duyệt" in message and "mở lại" in message
    with pytest.raises(ActionError) as blank:
        reopen(engine, OFFICE, sub_id, "   ")  # a reason is required
    assert blank.value.key == "review.reason_required"
    reopen(engine, OFFICE, sub_id, "Sai số liệu kiểm định")
    second = _load(engine, ttkt_files, 1)
    assert second.ok and second.loaded[0].version == 2


def test_returned_version_carries_the_comment_for_the_analyst(engine: Engine, ttkt_files) -> None:
    loaded = _load(engine, ttkt_files).loaded[0]
    with pytest.raises(ActionError):
        return_submission(engine, OFFICE, loaded.submission_id, "")
    return_submission(engine, OFFICE, loaded.submission_id, "Thiếu số mẫu thử nghiệm")
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
    actor = Actor("x", role, "TTKT")
    for act in (lambda: approve(sqlite_engine, actor, sub_id),
                lambda: return_submission(sqlite_engine, actor, sub_id, "lý do"),
                lambda: reopen(sqlite_engine, actor, sub_id, "lý do")):
        with pytest.raises(ActionError) as refused:
            act()
        assert refused.value.key == "action.forbidden"


def test_only_the_newest_version_is_reviewed(sqlite_engine: Engine, ttkt_files) -> None:
    old = _load(sqlite_engine, ttkt_files).loaded[0].submission_id
    _load(sqlite_engine, ttkt_files, 1)
    with pytest.raises(ActionError) as refused:
        approve(sqlite_engine, OFFICE, old)
    assert refused.value.key == "review.not_latest" and refused.value.params == {"version": 2}


def test_analyst_load_for_another_unit_is_refused_by_ingest(sqlite_engine: Engine,
                                                            ttkt_files) -> None:
    refused = _load(sqlite_engine, ttkt_files, acting_unit="QLKH")
    assert not refused.ok and not refused.loaded


def test_every_decision_is_audited(sqlite_engine: Engine, ttkt_files) -> None:
    sub_id = _load(sqlite_engine, ttkt_files).loaded[0].submission_id
    approve(sqlite_engine, OFFICE, sub_id, "Đạt")
    reopen(sqlite_engine, OFFICE, sub_id, "Đơn vị xin sửa")
    return_submission(sqlite_engine, OFFICE, sub_id, "Bổ sung ghi chú")
    with sqlite_engine.connect() as conn:
        rows = conn.execute(select(audit_log.c.action, audit_log.c.actor, audit_log.c.before,
                                   audit_log.c.after)
                            .where(audit_log.c.entity_id == str(sub_id))
                            .order_by(audit_log.c.id)).all()
    assert [r.action for r in rows] == ["submission.create", "submission.approve",
                                        "submission.reopen", "submission.return"]
    assert rows[2].before == {"status": "approved"}
    assert rows[2].after == {"status": "submitted", "comment": "Đơn vị xin sửa"}
