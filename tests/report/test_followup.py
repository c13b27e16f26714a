"""Follow-up of last month's key tasks: statuses set by the office, saved, audited, rendered."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from actions.base import FORBIDDEN, ActionError, Actor
from actions.report import set_followups
from auth.permissions import roles_without
from core.months import Month, ReportPeriod
from report.assemble import assemble_report
from report.followup import followup_items, planned_tasks
from store.schema import audit_log, plan_followup
from tests.actors import OFFICE
from tests.report.conftest import JAN_TASKS

FEB = Month(2023, 2)


def test_tasks_planned_for_a_month_are_last_months_part_two(small_engine):
    with small_engine.connect() as conn:
        assert planned_tasks(conn, FEB) == JAN_TASKS
        assert planned_tasks(conn, Month(2023, 1)) == []  # no December report
    january = assemble_report(small_engine, ReportPeriod.parse("2023-01"))
    assert january.tasks == JAN_TASKS


def test_statuses_are_saved_audited_and_rendered(small_engine):
    done = set_followups(small_engine, OFFICE, FEB, [
        (0, "done", "Đã tổ chức ngày 10/02."), (2, "in_progress", ""),
        (2, "not_started", "Chuyển sang tháng 3.")])  # the same task twice in one save
    assert done.message() == "Đã lưu kết quả thực hiện 3 nhiệm vụ."
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


@pytest.mark.parametrize("role", [*roles_without("report.edit"), None])
def test_only_editors_set_statuses(small_sqlite, role):
    with pytest.raises(ActionError) as refused:
        set_followups(small_sqlite, Actor("x", role), FEB, [(0, "done", "")])
    assert refused.value.key == FORBIDDEN


@pytest.mark.parametrize(("position", "status", "key"), [
    (0, "finished", "report.followup_bad_status"), (3, "done", "report.followup_no_task"),
    (-1, "done", "report.followup_no_task")])
def test_unknown_status_or_task_is_refused(small_sqlite, position, status, key):
    with pytest.raises(ActionError) as refused:
        # a good change first: the refusal leaves it unsaved too
        set_followups(small_sqlite, OFFICE, FEB, [(1, "done", ""), (position, status, "")])
    assert refused.value.key == key
    with small_sqlite.connect() as conn:
        assert followup_items(conn, FEB)[1].status is None


def test_a_reworded_task_loses_its_old_status(small_sqlite):
    from tests.report.conftest import add_month

    set_followups(small_sqlite, OFFICE, FEB, [(1, "done", "")])
    # the office resubmits January with task 2 reworded
    add_month(small_sqlite, "VP", "2023-01", {"VP_VB_DEN": 400}, [],
              ["Nhiệm vụ một.", "Nhiệm vụ hai (sửa).", "Nhiệm vụ ba."])
    with small_sqlite.connect() as conn:
        items = followup_items(conn, FEB)
    assert [(i.task, i.status) for i in items] == [
        ("Nhiệm vụ một.", None), ("Nhiệm vụ hai (sửa).", None), ("Nhiệm vụ ba.", None)]


# --- what the units report in their form -------------------------------------------------


def _statuses(engine, month=FEB):
    with engine.connect() as conn:
        return [(i.task, i.status, i.comment, i.source, i.reported_status)
                for i in followup_items(conn, month)]


def test_units_report_progress_in_their_form_and_the_office_corrects_it(small_sqlite):
    from tests.report.conftest import add_month

    add_month(small_sqlite, "VP", "2023-02", {"VP_VB_DEN": 420}, [], ["Nhiệm vụ tháng 3."],
              progress=[("Nhiệm vụ một.", "done", "Xong ngày 05/02."),
                        ("  nhiệm vụ HAI ", "in_progress", None),  # case and spaces differ
                        ("Nhiệm vụ không có trong kế hoạch.", "done", None)])
    assert _statuses(small_sqlite) == [
        ("Nhiệm vụ một.", "done", "Xong ngày 05/02.", "unit", "done"),
        ("Nhiệm vụ hai.", "in_progress", "", "unit", "in_progress"),
        ("Nhiệm vụ ba.", None, "", None, None)]
    doc = assemble_report(small_sqlite, ReportPeriod.parse("2023-02"))
    assert [(r.status, r.comment) for r in doc.followup] == [
        ("Hoàn thành", "Xong ngày 05/02."), ("Đang thực hiện", ""), ("Chưa cập nhật", "")]

    set_followups(small_sqlite, OFFICE, FEB, [(1, "not_started", "Dừng theo chỉ đạo.")])
    assert _statuses(small_sqlite)[1] == (
        "Nhiệm vụ hai.", "not_started", "Dừng theo chỉ đạo.", "office", "in_progress")

    # the unit resubmits: its newest approved version counts; an unapproved later one
    # does not replace an approved one
    add_month(small_sqlite, "VP", "2023-02", {"VP_VB_DEN": 420}, [], ["Nhiệm vụ tháng 3."],
              progress=[("Nhiệm vụ một.", "not_started", "Lùi sang tháng 3.")])
    add_month(small_sqlite, "VP", "2023-02", {"VP_VB_DEN": 420}, [], ["Nhiệm vụ tháng 3."],
              progress=[("Nhiệm vụ một.", "done", None)], approve=False)
    assert _statuses(small_sqlite)[0] == (
        "Nhiệm vụ một.", "not_started", "Lùi sang tháng 3.", "unit", "not_started")


def test_progress_of_another_unit_or_month_is_not_taken(small_sqlite):
    from tests.report.conftest import add_month

    add_month(small_sqlite, "TTKT", "2023-02", {"TTKT_KD_PTD": 5000}, [], [],
              progress=[("Nhiệm vụ một.", "done", None)])  # not TTKT's task
    add_month(small_sqlite, "VP", "2023-03", {"VP_VB_DEN": 430}, [], [],
              progress=[("Nhiệm vụ hai.", "done", None)])  # reported for March
    assert [status for _t, status, *_ in _statuses(small_sqlite)] == [None, None, None]


def test_the_form_of_a_month_lists_the_tasks_its_unit_set_for_it(small_sqlite):
    from report.followup import unit_planned_tasks

    with small_sqlite.connect() as conn:
        assert unit_planned_tasks(conn, "VP", FEB) == JAN_TASKS
        assert unit_planned_tasks(conn, "VP", Month(2023, 3)) == ["Nhiệm vụ tháng 3."]
        assert unit_planned_tasks(conn, "TTKT", FEB) == []  # it planned nothing
        assert unit_planned_tasks(conn, "VP", Month(2023, 1)) == []  # no December report


def test_the_template_command_prefills_the_follow_up(small_sqlite, sqlite_url, tmp_path,
                                                     monkeypatch, capsys):
    import openpyxl

    from cli.etl import main
    from etl import layout

    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    out = tmp_path / "vp-2023-03.xlsx"
    assert main(["template", "--unit", "VP", "--month", "2023-03", "-o", str(out)]) == 0
    ws = openpyxl.load_workbook(out)[layout.SHEET_PLAN]
    cells = [c.value for row in ws.iter_rows() for c in row if c.value]
    assert "Nhiệm vụ tháng 3." in cells  # February's task for March, to report on
    assert "NHIỆM VỤ TRỌNG TÂM QUÝ II NĂM 2023" in cells  # March closes the quarter


def test_the_sample_fills_the_follow_up(sample_engine):
    with sample_engine.connect() as conn:
        months = [Month(2023, m) for m in range(2, 13)]
        items = {m: followup_items(conn, m) for m in months}
    assert all(items[m] for m in months)
    statuses = [i.status for m in months for i in items[m]]
    assert None not in statuses  # the demo shows a real follow-up, not "Chưa cập nhật"
    assert {"done", "in_progress", "not_started"} <= set(statuses)
    assert all(i.source == "unit" for m in months for i in items[m])
