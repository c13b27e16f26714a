"""Approving a version with warnings: every warning listed, an acknowledgement naming the
count required by the action itself, and kept in the audit row."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import Engine, select

from actions import review
from actions.base import ActionError
from core.catalog import load_catalog
from core.months import Month
from store.database import open_database
from store.schema import audit_log, submission
from tests.actors import OFFICE, upload
from tests.etl.etl_files import filled_template

FREE = Month(2024, 1)  # the sample has TTKT's figures up to 12/2023 (3.287–6.202 a month)


@pytest.fixture
def demo(demo_db_copy_url: str):
    engine = open_database(demo_db_copy_url)
    yield engine
    engine.dispose()


def _send(engine: Engine, figure: object, month: Month = FREE) -> int:
    content = filled_template(load_catalog(), "TTKT", month, {"TTKT_KD_PTD": figure})
    result = upload(engine, content, f"ttkt-{month}.xlsx")
    assert result.loaded, result
    return result.loaded[0].submission_id


def _status(engine: Engine, sub_id: int) -> str:
    with engine.connect() as conn:
        return conn.execute(select(submission.c.status)
                            .where(submission.c.id == sub_id)).scalar_one()


def _approvals(engine: Engine, sub_id: int) -> list:
    with engine.connect() as conn:
        return conn.execute(select(audit_log).where(
            audit_log.c.action == "submission.approve",
            audit_log.c.entity_id == str(sub_id))).all()


def _warnings(engine: Engine, sub_id: int):
    with engine.connect() as conn:
        return review.version_warnings(conn, sub_id)


@pytest.mark.parametrize(("figure", "shown"), [
    (6, "6"),                  # 5,75 typed for 5.749 is refused at upload now (a count)
    (57490000, "57.490.000"),  # ten thousand times the usual
    (12, "12"),
])
def test_an_outlier_is_listed_with_the_figure_as_stored(demo, figure, shown):
    sub_id = _send(demo, figure)
    found = _warnings(demo, sub_id)
    outliers = [w for w in found if w.code == "outlier"]
    assert len(outliers) == 1
    text = outliers[0].message
    assert f"Giá trị {shown} của chỉ tiêu" in text
    assert re.search(r"từ \d[\d.]* đến \d[\d.]*", text)


def test_a_usual_figure_has_no_outlier_warning(demo):
    sub_id = _send(demo, 5500)
    assert [w for w in _warnings(demo, sub_id) if w.code == "outlier"] == []


@pytest.mark.parametrize("acknowledged", [None, 0, -1, 2, 99])
def test_approving_with_warnings_needs_the_exact_count(demo, acknowledged):
    sub_id = _send(demo, 6)
    count = len(_warnings(demo, sub_id))
    assert count == 1
    with pytest.raises(ActionError) as refused:
        review.approve(demo, OFFICE, sub_id, "ok", acknowledged)
    assert refused.value.key == "review.warnings_unacknowledged"
    assert "1 cảnh báo" in refused.value.message()
    assert _status(demo, sub_id) == "submitted"
    assert _approvals(demo, sub_id) == []


def test_acknowledged_warnings_go_into_the_audit_row(demo):
    sub_id = _send(demo, 6)
    done = review.approve(demo, OFFICE, sub_id, "Đã gọi điện xác nhận", 1)
    assert done.key == "review.approved_ok"
    assert _status(demo, sub_id) == "approved"
    (row,) = _approvals(demo, sub_id)
    assert row.after["warnings_acknowledged"] == 1
    assert len(row.after["warnings"]) == 1 and "Giá trị 6 của" in row.after["warnings"][0]
    assert row.after["comment"] == "Đã gọi điện xác nhận"


def test_a_version_without_warnings_is_approved_without_acknowledgement(demo):
    sub_id = _send(demo, 5500)
    review.approve(demo, OFFICE, sub_id)
    (row,) = _approvals(demo, sub_id)
    assert "warnings_acknowledged" not in row.after
    assert _status(demo, sub_id) == "approved"


def test_carried_over_figures_are_warnings(demo, monkeypatch):
    sub_id = _send(demo, 5500)
    monkeypatch.setattr(review, "carried_over_values",
                        lambda conn, sid: {"TTKT_KD_PTD": 1} if sid == sub_id else {})
    found = _warnings(demo, sub_id)
    assert [w.code for w in found] == ["carried_over"]
    assert "giữ lại từ phiên bản 1" in found[0].message
    with pytest.raises(ActionError):
        review.approve(demo, OFFICE, sub_id)
    review.approve(demo, OFFICE, sub_id, None, 1)
    assert _status(demo, sub_id) == "approved"


def test_carried_over_values_reads_the_store(demo):
    from store.submissions import carried_over_values

    sub_id = _send(demo, 5500)
    with demo.connect() as conn:
        assert carried_over_values(conn, sub_id) == {}


def test_an_unknown_version_has_no_warnings_and_is_not_found(demo):
    assert _warnings(demo, 10**9) == []
    with pytest.raises(ActionError) as refused:
        review.approve(demo, OFFICE, 10**9, None, None)
    assert refused.value.key == "review.not_found"
