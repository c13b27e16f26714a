"""Wide history sheets: indicators down, months across, one submission per month."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from etl_files import history_sheet, xlsx

from core.catalog import Catalog
from core.months import Month
from etl.pipeline import Context, validate_content
from store.submissions import list_submissions, submission_values
from tests.actors import upload

TODAY = date(2024, 6, 15)
STYLES = {
    "T1/2022": ["T1/2022", "T2/2022", "T3/2022"],
    "01/2022": ["01/2022", "02/2022", "03/2022"],
    "Tháng 1/2022": ["Tháng 1/2022", "Tháng 2/2022", "Tháng 3/2022"],
    "dates": [datetime(2022, 1, 1), datetime(2022, 2, 1), datetime(2022, 3, 1)],
}


@pytest.mark.parametrize("style", list(STYLES))
def test_each_month_header_style_gives_one_submission_per_month(style: str, catalog: Catalog):
    rows = [["TTKT_KD_PTD", "Phương tiện đo được kiểm định", 5749, "5.800", None],
            ["", "Mẫu thử nghiệm", 544, None, "hơn 600"]]
    content = history_sheet(STYLES[style], rows)
    result = validate_content(content, "h.xlsx", catalog, Context(unit="TTKT", today=TODAY))
    assert result.ok, [p.message for p in result.problems]
    assert result.source == "history"
    got = {(str(s.month), v.indicator): (v.value, v.qualifier, v.row, v.column)
           for s in result.submissions for v in s.values}
    assert got == {
        ("2022-01", "TTKT_KD_PTD"): (5749.0, None, 2, "C"),
        ("2022-02", "TTKT_KD_PTD"): (5800.0, None, 2, "D"),
        ("2022-01", "TTKT_THU_NGHIEM"): (544.0, None, 3, "C"),
        ("2022-03", "TTKT_THU_NGHIEM"): (600.0, "more_than", 3, "E"),
    }
    assert all(s.unit == "TTKT" and s.sheet == "Lịch sử" for s in result.submissions)


def test_unit_from_the_title_and_years_on_several_sheets(catalog: Catalog):
    head = ["Mã chỉ tiêu", "Tên chỉ tiêu"]
    sheets = {
        "2021": [["Đơn vị: Trung tâm Kỹ thuật Tiêu chuẩn Đo lường Chất lượng"],
                 [*head, *[f"T{m}/2021" for m in range(1, 13)]],
                 ["TTKT_KD_PTD", "", *range(100, 112)]],
        "2022": [[*head, *[f"T{m}/2022" for m in range(1, 13)]],
                 ["TTKT_KD_PTD", "", *range(200, 212)]],
    }
    result = validate_content(xlsx(sheets), "h.xlsx", catalog, Context(today=TODAY))
    assert result.ok, [p.message for p in result.problems]
    assert result.unit == "TTKT"
    assert [str(s.month) for s in result.submissions] == \
        [str(Month(2021, 1) + i) for i in range(24)]


def test_indicator_not_valid_in_a_month_is_reported_at_its_cell(catalog: Catalog):
    rows = [["TTKT_KD_HUYETAP", "", 5, 6, 7]]  # valid until 12/2024
    content = history_sheet(["T11/2024", "T12/2024", "T1/2025"], rows)
    result = validate_content(content, "h.xlsx", catalog,
                              Context(unit="TTKT", today=date(2025, 6, 1)))
    (problem,) = result.errors
    assert (problem.code, problem.sheet, problem.row, problem.column) == \
        ("indicator_not_valid", "Lịch sử", 2, "E")


def test_history_without_a_unit_is_an_error(catalog: Catalog):
    content = history_sheet(["T1/2022", "T2/2022", "T3/2022"], [["TTKT_KD_PTD", "", 1, 2, 3]])
    result = validate_content(content, "h.xlsx", catalog, Context(today=TODAY))
    assert [p.code for p in result.errors] == ["missing_unit"]
    assert not result.submissions


def test_history_loads_with_source_history(sqlite_engine, catalog: Catalog):
    content = history_sheet(["T1/2022", "T2/2022", "T3/2022"],
                            [["TTKT_KD_PTD", "", 1, 2, None]])
    outcome = upload(sqlite_engine, content, "h.xlsx", "tester", unit="TTKT", today=TODAY)
    assert outcome.ok
    assert [(x.period, x.version) for x in outcome.loaded] == [(Month(2022, 1), 1),
                                                              (Month(2022, 2), 1)]
    with sqlite_engine.connect() as conn:
        subs = list_submissions(conn, unit="TTKT")
        assert {s["source"] for s in subs} == {"history"}
        assert {s["sheet"] for s in subs} == {"Lịch sử"}
        values = submission_values(conn, subs[0]["id"])
    assert [(v["indicator_code"], v["value"], v["row"], v["col"]) for v in values] == \
        [("TTKT_KD_PTD", 2.0, 2, "D")]


def test_a_monthly_sheet_with_one_comparison_month_is_not_a_history(catalog: Catalog):
    rows = [["STT", "Chỉ tiêu", "Tháng 12/2022", "Tháng 01/2023"], [1, "Mẫu thử nghiệm", 500, 544]]
    result = validate_content(xlsx({"A": rows}), "a.xlsx", catalog,
                              Context(unit="TTKT", month=Month(2023, 1), today=TODAY))
    assert result.source == "upload"
    assert [(v.value, v.column) for v in result.submissions[0].values] == [(544.0, "D")]


def test_a_history_sheet_with_no_known_row_gives_problems_and_no_month(catalog: Catalog):
    rows = [["KHONG_CO_MA", "", 1, 2, 3], ["TTKT_KHONG_CO", "", 4, None, 6]]
    content = history_sheet(["T1/2022", "T2/2022", "T3/2022"], rows)
    result = validate_content(content, "h.xlsx", catalog, Context(unit="TTKT", today=TODAY))
    assert not result.ok and not result.submissions
    assert {p.row for p in result.errors} == {2, 3}


def test_codes_names_and_short_rows_of_one_history_sheet_read_alike(catalog: Catalog):
    # Code rows (the quick path), a name row (matched by words) and a row cut short.
    rows = [["TTKT_KD_PTD", "", 1, 2, 3], ["", "Mẫu thử nghiệm", 4, "khoảng 5", 6],
            ["TTKT_KD_CAN", ""]]
    content = history_sheet(["T1/2022", "T2/2022", "T3/2022"], rows)
    result = validate_content(content, "h.xlsx", catalog, Context(unit="TTKT", today=TODAY))
    assert result.ok, [p.message for p in result.problems]
    got = {(str(s.month), v.indicator): (v.value, v.qualifier, v.row, v.column)
           for s in result.submissions for v in s.values}
    assert got == {
        ("2022-01", "TTKT_KD_PTD"): (1.0, None, 2, "C"),
        ("2022-02", "TTKT_KD_PTD"): (2.0, None, 2, "D"),
        ("2022-03", "TTKT_KD_PTD"): (3.0, None, 2, "E"),
        ("2022-01", "TTKT_THU_NGHIEM"): (4.0, None, 3, "C"),
        ("2022-02", "TTKT_THU_NGHIEM"): (5.0, "about", 3, "D"),
        ("2022-03", "TTKT_THU_NGHIEM"): (6.0, None, 3, "E"),
    }
