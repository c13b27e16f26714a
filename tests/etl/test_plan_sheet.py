"""The «Kế hoạch» sheet: next month's tasks, progress on this month's tasks (prefilled by
the template), next period's tasks; statuses validated with Vietnamese problems."""

from __future__ import annotations

import io

import openpyxl
import pytest

from core.months import Month
from etl import layout
from etl.pipeline import validate_content
from etl.plan_sheet import parse_status, read_plan_sheet
from etl.template import PLAN_ROWS, build_template
from etl.workbook import Sheet
from store.submissions import DONE, IN_PROGRESS, MONTH_HORIZON, NOT_STARTED, PERIOD_HORIZON

MARCH = Month(2023, 3)
PLANNED = ["Tổ chức Hội đồng nghiệm thu nhiệm vụ đến hạn.", "Kiểm tra tiến độ các nhiệm vụ."]
FIRST_TASK_ROW = PLAN_ROWS + 6  # below next month's rows: a gap, title, help line, header


def _form(catalog, followup=PLANNED, next_period="quý II năm 2023"):
    return openpyxl.load_workbook(io.BytesIO(build_template(
        catalog, "VP", MARCH, "Nguyễn Thị Thu Hà", followup, next_period)))


def _validate(catalog, wb):
    out = io.BytesIO()
    wb.save(out)
    return validate_content(out.getvalue(), "bao-cao-VP-2023-03.xlsx", catalog)


def test_the_form_prefills_last_months_tasks_with_a_status_list(catalog):
    ws = _form(catalog)[layout.SHEET_PLAN]
    header = [ws.cell(FIRST_TASK_ROW - 1, c).value for c in range(1, 5)]
    assert tuple(header) == layout.FOLLOWUP_HEADERS
    assert "03/2023" in ws.cell(FIRST_TASK_ROW - 3, 1).value
    rows = [(ws.cell(r, 1).value, ws.cell(r, 2).value) for r in (FIRST_TASK_ROW,
                                                                  FIRST_TASK_ROW + 1)]
    assert rows == [(1, PLANNED[0]), (2, PLANNED[1])]
    (pick,) = [v for v in ws.data_validations.dataValidation
               if f"C{FIRST_TASK_ROW}" in str(v.sqref)]
    assert pick.type == "list" and all(label in pick.formula1
                                       for label in layout.PROGRESS_LABELS.values())
    assert str(pick.sqref) == f"C{FIRST_TASK_ROW}:C{FIRST_TASK_ROW + 1}"
    # the task text is locked (the report matches a status to its task by text);
    # status, note and next month's rows are open
    assert ws.protection.sheet
    assert ws.cell(FIRST_TASK_ROW, 2).protection.locked
    assert not ws.cell(FIRST_TASK_ROW, 3).protection.locked
    assert not ws.cell(FIRST_TASK_ROW, 4).protection.locked
    assert not ws.cell(2, 2).protection.locked
    titles = [c.value for c in ws["A"] if isinstance(c.value, str)]
    assert "NHIỆM VỤ TRỌNG TÂM QUÝ II NĂM 2023" in titles


def test_no_tasks_planned_no_follow_up_table_and_no_period_table_mid_quarter(catalog):
    ws = _form(catalog, followup=(), next_period=None)[layout.SHEET_PLAN]
    values = [c.value for row in ws.iter_rows() for c in row if c.value]
    assert values == list(layout.PLAN_HEADERS)


def test_statuses_notes_and_next_period_tasks_are_read(catalog):
    wb = _form(catalog)
    ws = wb[layout.SHEET_PLAN]
    ws["B2"] = "Nhiệm vụ tháng 4."
    ws.cell(FIRST_TASK_ROW, 3, "Hoàn thành")
    ws.cell(FIRST_TASK_ROW, 4, "Đã tổ chức ngày 10/3.")
    ws.cell(FIRST_TASK_ROW + 1, 3, "  đang TRIỂN KHAI ")
    period_first = next(r for r in range(1, ws.max_row + 1)
                        if ws.cell(r, 2).value == layout.PERIOD_PLAN_HEADERS[1]) + 1
    ws.cell(period_first, 2, "Nhiệm vụ trọng tâm quý II.")
    result = _validate(catalog, wb)
    assert result.ok, [p.message for p in result.problems]
    (sub,) = result.submissions
    assert [(p.text, p.horizon) for p in sub.plan_items] == [
        ("Nhiệm vụ tháng 4.", MONTH_HORIZON), ("Nhiệm vụ trọng tâm quý II.", PERIOD_HORIZON)]
    assert [(g.task, g.status, g.note, g.row) for g in sub.progress] == [
        (PLANNED[0], DONE, "Đã tổ chức ngày 10/3.", FIRST_TASK_ROW),
        (PLANNED[1], IN_PROGRESS, None, FIRST_TASK_ROW + 1)]
    shown = result.to_json()
    assert shown["progress"][0]["status"] == "done"
    assert {p["horizon"] for p in shown["plan_items"]} == {"month", "period"}


@pytest.mark.parametrize(("raw", "status"), [
    ("Hoàn thành", DONE), ("HOÀN THÀNH", DONE), ("hoan thanh", DONE), ("Đã xong", DONE),
    ("Đang thực hiện", IN_PROGRESS), ("đang tiến hành.", IN_PROGRESS),
    ("Chưa thực hiện", NOT_STARTED), ("chưa triển khai", NOT_STARTED),
    ("Chưa hoàn thành", None),  # in progress or not started? the unit is asked
    ("50%", None), ("x", None), ("Hoàn thành một phần", None),
])
def test_status_words(raw, status):
    assert parse_status(raw) == status


@pytest.mark.parametrize("raw", ["Chưa hoàn thành", "50%", "<b>xong</b>", "1"])
def test_an_unknown_status_refuses_the_file_with_where_and_how(catalog, raw):
    wb = _form(catalog)
    wb[layout.SHEET_PLAN].cell(FIRST_TASK_ROW + 1, 3, raw)
    result = _validate(catalog, wb)
    assert not result.ok  # the upload action loads nothing then
    (problem,) = result.errors
    assert (problem.code, problem.sheet, problem.row, problem.column) == (
        "followup_unknown_status", layout.SHEET_PLAN, FIRST_TASK_ROW + 1, "C")
    assert f"«{raw}»" in problem.message and PLANNED[1] in problem.message
    assert "Hoàn thành, Đang thực hiện hoặc Chưa thực hiện" in problem.message


def test_a_note_without_status_and_a_status_without_task_are_warned_and_skipped(catalog):
    wb = _form(catalog)
    ws = wb[layout.SHEET_PLAN]
    ws["B2"] = "Nhiệm vụ tháng 4."
    ws.cell(FIRST_TASK_ROW, 4, "Chờ ý kiến UBND tỉnh.")
    ws.cell(FIRST_TASK_ROW + 1, 2).value = None  # the unit deleted the task's text
    ws.cell(FIRST_TASK_ROW + 1, 3, "Hoàn thành")
    result = _validate(catalog, wb)
    assert result.ok
    assert sorted(p.code for p in result.problems) == [
        "followup_note_without_status", "followup_without_task"]
    assert result.submissions[0].progress == []


def _sheet(*rows):
    return Sheet(layout.SHEET_PLAN, [list(r) for r in rows])


def test_tables_in_another_order_with_other_header_words():
    sheet = _sheet(
        ("Nhiệm vụ kỳ tới", ""),  # a title, not a header (one column named)
        ("TT", "Nhiệm vụ quý sau"),
        (1, "Kỳ sau 1."),
        ("", ""),
        ("Ghi chú", "Trạng thái", "Nhiệm vụ", "STT"),  # reordered columns
        ("", "Chưa thực hiện", "Việc A.", 1),
        ("STT", "Nội dung"),
        (1, "Tháng sau 1."),
    )
    read = read_plan_sheet(sheet)
    assert read.problems == []
    assert [(p.text, p.horizon) for p in read.plan_items] == [
        ("Kỳ sau 1.", PERIOD_HORIZON), ("Tháng sau 1.", MONTH_HORIZON)]
    assert [(g.task, g.status) for g in read.progress] == [("Việc A.", NOT_STARTED)]


def test_an_old_form_is_next_months_tasks_and_a_sheet_without_header_is_an_error():
    old = read_plan_sheet(_sheet(("STT", "Nhiệm vụ tháng sau"), (1, "A."), (2, "B.")))
    assert [p.text for p in old.plan_items] == ["A.", "B."] and old.progress == []
    none = read_plan_sheet(_sheet(("Việc gì đó", ""), ("", "")))
    assert [p.code for p in none.problems] == ["header_not_found"]
