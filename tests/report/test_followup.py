"""Follow-up of last month's key tasks: statuses set by the office, saved, audited, rendered."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from auth.roles import PermissionDenied
from core.months import Month, ReportPeriod
from report.assemble import assemble_report
from report.followup import followup_items, planned_tasks, set_followup
from store.engine import write_transaction
from store.schema import audit_log, plan_followup
from tests.report.conftest import JAN_TASKS

FEB = Month(2023, 2)


def test_tasks_planned_for_a_month_are_last_months_part_two(small_engine):
    with small_engine.connect() as conn:
        assert planned_tasks(conn, FEB) == JAN_TASKS
        assert planned_tasks(conn, Month(2023, 1)) == []  # no December report
    january = assemble_report(small_engine, ReportPeriod.parse("2023-01"))
    assert january.tasks == JAN_TASKS


def test_statuses_are_saved_audited_and_rendered(small_engine):
    with write_transaction(small_engine) as conn:
        set_followup(conn, FEB, 0, "done", "Đã tổ chức ngày 10/02.", actor="vanphong",
                     role="editor")
        set_followup(conn, FEB, 2, "in_progress", "", actor="vanphong", role="editor")
        set_followup(conn, FEB, 2, "not_started", "Chuyển sang tháng 3.", actor="vanphong",
                     role="editor")
    doc = assemble_report(small_engine, ReportPeriod.parse("2023-02"))
    assert doc.followup_title == "Kết quả thực hiện nhiệm vụ trọng tâm tháng trước"
    assert [(r.task, r.status, r.comment) for r in doc.followup] == [
        ("Nhiệm vụ một.", "Hoàn thành", "Đã tổ chức ngày 10/02."),
        ("Nhiệm vụ hai.", "Chưa cập nhật", ""),
        ("Nhiệm vụ ba.", "Chưa thực hiện", "Chuyển sang tháng 3."),
    ]
    with small_engine.connect() as conn:
        rows = conn.execute(select(plan_followup).order_by(plan_followup.c.position)).all()
        audits = conn.execute(select(audit_log).where(audit_log.c.action == "report.followup_set")
                              .order_by(audit_log.c.id)).mappings().all()
    assert [(r.position, r.status) for r in rows] == [(0, "done"), (2, "not_started")]
    assert len(audits) == 3
    assert audits[2]["before"]["status"] == "in_progress"
    assert audits[2]["after"] == {"task": "Nhiệm vụ ba.", "status": "not_started",
                                  "comment": "Chuyển sang tháng 3."}
    # a month report has the annex, longer periods do not
    assert assemble_report(small_engine, ReportPeriod.parse("2023-Q1")).followup == []


@pytest.mark.parametrize("role", ["viewer", "analyst", "admin"])
def test_only_editors_set_statuses(small_sqlite, role):
    with write_transaction(small_sqlite) as conn, pytest.raises(PermissionDenied):
        set_followup(conn, FEB, 0, "done", "", actor="x", role=role)


@pytest.mark.parametrize(("position", "status"), [(0, "finished"), (3, "done"), (-1, "done")])
def test_unknown_status_or_task_is_refused(small_sqlite, position, status):
    with write_transaction(small_sqlite) as conn, pytest.raises(ValueError):
        set_followup(conn, FEB, position, status, "", actor="vanphong", role="editor")


def test_a_reworded_task_loses_its_old_status(small_sqlite):
    from tests.report.conftest import add_month

    with write_transaction(small_sqlite) as conn:
        set_followup(conn, FEB, 1, "done", "", actor="vanphong", role="editor")
    # the office resubmits January with task 2 reworded
    add_month(small_sqlite, "VP", "2023-01", {"VP_VB_DEN": 400}, [],
              ["Nhiệm vụ một.", "Nhiệm vụ hai (sửa).", "Nhiệm vụ ba."])
    with small_sqlite.connect() as conn:
        items = followup_items(conn, FEB)
    assert [(i.task, i.status) for i in items] == [
        ("Nhiệm vụ một.", None), ("Nhiệm vụ hai (sửa).", None), ("Nhiệm vụ ba.", None)]
