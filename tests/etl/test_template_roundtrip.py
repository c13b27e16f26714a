"""The template: its form (sheets, headers, validation, protection) and a full round trip.

Template → filled with openpyxl as a unit would → ``ingest`` → the same numbers back from
the database with their sheet, row and column; on SQLite and PostgreSQL.
"""

from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import Engine

from core.catalog import Catalog
from core.months import Month
from etl import layout
from etl.template import build_template, template_file_name
from store.submissions import (
    count_submissions,
    list_submissions,
    submission_activities,
    submission_plan_items,
    submission_values,
)
from tests.actors import upload

MONTH = Month(2023, 1)
UNIT = "TTKT"


@pytest.fixture(scope="module")
def template(catalog: Catalog) -> bytes:
    return build_template(catalog, UNIT, MONTH, "Đoàn Minh Tuấn")


def _book(content: bytes) -> Workbook:
    return load_workbook(BytesIO(content))


def _save(wb: Workbook) -> bytes:
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def test_sheets_and_headers(template: bytes) -> None:
    wb = _book(template)
    visible = [ws.title for ws in wb.worksheets if ws.sheet_state == "visible"]
    assert visible == [layout.SHEET_GUIDE, layout.SHEET_INFO, layout.SHEET_VALUES,
                       layout.SHEET_ACTIVITIES, layout.SHEET_PLAN]
    assert wb.active.title == layout.SHEET_VALUES
    for name, headers in ((layout.SHEET_VALUES, layout.VALUE_HEADERS),
                          (layout.SHEET_ACTIVITIES, layout.ACTIVITY_HEADERS),
                          (layout.SHEET_PLAN, layout.PLAN_HEADERS)):
        ws = wb[name]
        assert tuple(c.value for c in ws[1][:len(headers)]) == headers
        assert ws.freeze_panes == "A2"
    info = wb[layout.SHEET_INFO]
    assert [info.cell(r, 1).value for r in range(1, 6)] == [
        layout.INFO_UNIT_CODE, layout.INFO_UNIT_NAME, layout.INFO_MONTH, layout.INFO_AUTHOR,
        layout.INFO_DATE]
    assert info["B1"].value == UNIT and info["B4"].value == "Đoàn Minh Tuấn"
    assert info["B3"].value == "01/2023" and info["B3"].number_format == "@"


def test_indicators_of_the_unit_and_month(template: bytes, catalog: Catalog) -> None:
    ws = _book(template)[layout.SHEET_VALUES]
    codes = [ws.cell(r, 1).value for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value]
    assert codes == [i.code for i in catalog.indicators_for(UNIT, MONTH)]
    assert "TTKT_KD_YTE" not in codes  # valid only from 2025
    later = _book(build_template(catalog, UNIT, Month(2025, 6)))[layout.SHEET_VALUES]
    later_codes = {later.cell(r, 1).value for r in range(2, later.max_row + 1)}
    assert "TTKT_KD_YTE" in later_codes and "TTKT_KD_HUYETAP" not in later_codes


def test_data_validation_and_protection(template: bytes, catalog: Catalog) -> None:
    wb = _book(template)
    values = wb[layout.SHEET_VALUES]
    last = len(catalog.indicators_for(UNIT, MONTH)) + 1
    checks = values.data_validations.dataValidation
    # One rule per figure cell, of its indicator's kind (tests/etl/test_template_validation)
    custom = {str(dv.sqref): dv for dv in checks if dv.type == "custom"}
    assert set(custom) == {f"D{r}" for r in range(2, last + 1)}
    assert all(dv.showErrorMessage and dv.allow_blank for dv in custom.values())
    assert values.protection.sheet
    assert values["A2"].protection.locked and values["B2"].protection.locked
    assert not values["D2"].protection.locked and not values["E2"].protection.locked
    info = wb[layout.SHEET_INFO]
    assert info.protection.sheet
    assert info["B1"].protection.locked and info["B3"].protection.locked
    assert not info["B4"].protection.locked and not info["B5"].protection.locked
    activities = wb[layout.SHEET_ACTIVITIES]
    lists = [dv for dv in activities.data_validations.dataValidation if dv.type == "list"]
    assert lists and str(lists[0].sqref).startswith("A2:A")
    assert lists[0].formula1.startswith("=_ds!")
    hidden = wb["_ds"]
    assert hidden.sheet_state == "hidden"
    assert hidden["A1"].value == "3.2. Trung tâm Kỹ thuật Tiêu chuẩn Đo lường Chất lượng"


FIGURES = {  # indicator → what the analyst types in column D
    "TTKT_KD_PTD": 5749,
    "TTKT_THU_NGHIEM": 544,
    "TTKT_KD_CONGTO": "2.931",  # typed as text the Vietnamese way
    "TTKT_HIEUCHUAN": "khoảng 80",
}
EXPECTED = {"TTKT_KD_PTD": (5749, None), "TTKT_THU_NGHIEM": (544, None),
            "TTKT_KD_CONGTO": (2931, None), "TTKT_HIEUCHUAN": (80, "about")}
BULLETS = [
    ("3.2. Trung tâm Kỹ thuật Tiêu chuẩn Đo lường Chất lượng",
     "Tổng số phương tiện đo được kiểm định trong tháng 01/2023 là 5749 phương tiện đo.",
     "Gồm: công tơ điện; đồng hồ nước\nGồm: cột đo nhiên liệu"),
    ("3.2", "Thực hiện các đề tài, dự án KH&CN các cấp.", None),
]
TASKS = ["Tăng cường kiểm định công tơ điện.", "Mở rộng phạm vi được chỉ định."]


def _filled(template: bytes, figures: dict[str, object]) -> tuple[bytes, dict[str, int]]:
    """The template filled like a unit does; returns the bytes and each figure's row."""
    wb = _book(template)
    info = wb[layout.SHEET_INFO]
    info["B5"] = date(2023, 2, 3)
    ws = wb[layout.SHEET_VALUES]
    rows = {}
    for r in range(2, ws.max_row + 1):
        code = ws.cell(r, 1).value
        if code in figures:
            ws.cell(r, 4, figures[code])
            rows[code] = r
    acts = wb[layout.SHEET_ACTIVITIES]
    for r, (section, text, notes) in enumerate(BULLETS, start=2):
        acts.cell(r, 1, section)
        acts.cell(r, 2, text)
        acts.cell(r, 3, notes)
    plan = wb[layout.SHEET_PLAN]
    for r, task in enumerate(TASKS, start=2):
        plan.cell(r, 1, r - 1)
        plan.cell(r, 2, task)
    return _save(wb), rows


def test_round_trip_through_the_database(engine: Engine, template: bytes) -> None:
    content, rows = _filled(template, FIGURES)
    name = template_file_name(UNIT, MONTH)
    outcome = upload(engine, content, name, user="ttkt.chuyenvien")
    assert outcome.ok, [p.message for p in outcome.validation.problems]
    assert [(x.unit, x.period, x.version) for x in outcome.loaded] == [(UNIT, MONTH, 1)]
    with engine.connect() as conn:
        sub = list_submissions(conn, UNIT, MONTH)[0]
        values = {v["indicator_code"]: v for v in submission_values(conn, sub["id"])}
        activities = submission_activities(conn, sub["id"])
        plan = submission_plan_items(conn, sub["id"])
    assert sub["file_name"] == name and sub["submitted_by"] == "ttkt.chuyenvien"
    assert set(values) == set(EXPECTED)  # blank cells stay missing, never zero
    for code, (number, qualifier) in EXPECTED.items():
        row = values[code]
        assert row["value"] == number and row["qualifier"] == qualifier
        assert (row["sheet"], row["row"], row["col"]) == (layout.SHEET_VALUES, rows[code], "D")
    assert [(a["section_code"], a["text"], a["footnotes"], a["row"]) for a in activities] == [
        ("3.2", BULLETS[0][1], ["Gồm: công tơ điện; đồng hồ nước", "Gồm: cột đo nhiên liệu"], 2),
        ("3.2", BULLETS[1][1], [], 3),
    ]
    assert [p["text"] for p in plan] == TASKS


def test_resubmission_adds_a_version_and_identical_bytes_add_nothing(
        engine: Engine, template: bytes) -> None:
    first, _ = _filled(template, FIGURES)
    second, _ = _filled(template, {**FIGURES, "TTKT_KD_PTD": 5750})
    name = template_file_name(UNIT, MONTH)
    assert upload(engine, first, name, user="a").ok
    again = upload(engine, second, name, user="a")
    assert again.ok and again.loaded[0].version == 2
    duplicate = upload(engine, second, name, user="a")
    assert not duplicate.loaded
    assert [p.code for p in duplicate.validation.problems if p.is_error] == ["duplicate_file"]
    with engine.connect() as conn:
        assert count_submissions(conn) == 2
        versions = {s["version"]: s["id"] for s in list_submissions(conn, UNIT, MONTH)}

        def figure(version: int) -> float:
            rows = submission_values(conn, versions[version])
            return next(v["value"] for v in rows if v["indicator_code"] == "TTKT_KD_PTD")

        assert (figure(1), figure(2)) == (5749, 5750)  # version 1 kept as it was
