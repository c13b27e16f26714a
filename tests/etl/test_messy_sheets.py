"""Sheets as analysts really make them: titles, merged headers, synonyms, lũy kế, formats."""

from __future__ import annotations

from datetime import date

import pytest
from etl_files import filled_template, ods, rezip, xls, xlsx

from core.catalog import Catalog
from core.months import Month
from etl.headers import month_of_label
from etl.pipeline import Context, validate_content

TODAY = date(2024, 6, 15)

# A real-world sheet: unit and month in titles, a two-row merged header, a this-month
# column beside lũy kế and % columns, group rows, numbers written every way, a total row.
MESSY_ROWS = [
    ["TRUNG TÂM KỸ THUẬT TIÊU CHUẨN ĐO LƯỜNG CHẤT LƯỢNG"],
    ["BÁO CÁO KẾT QUẢ THỰC HIỆN THÁNG 01/2023"],
    [],
    ["TT", "Nội dung", "ĐVT", "Kết quả thực hiện", None, "So sánh cùng kỳ (%)", "Ghi chú"],
    [None, None, None, "Tháng này", "Lũy kế", None, None],
    ["I", "Kiểm định, hiệu chuẩn", None, None, None, None, None],
    ["1", "Tổng số phương tiện đo được kiểm định", "phương tiện", "5.749", "5.749", "96,15",
     None],
    ["2", "MAU THU NGHIEM", "mẫu", 544, 544, None, "gồm mẫu xăng dầu"],
    ["2.1", "Công   tơ điện", "chiếc", "1.100", None, None, None],
    ["2.2", "đồng hồ nước", "chiếc", "07", None, None, None],
    ["3", "Cân được kiểm định", "chiếc", "hơn 20", None, None, None],
    ["4", "Phương tiện đo được hiệu chuẩn", "phương tiện", "khoảng 200", None, None, None],
    ["5", "Cột đo xăng dầu được kiểm định", "cột", "12,0", None, None, None],
    [None, None, None, None, None, None, None],
    [None, "Tổng cộng", None, 7633, None, None, None],
]
EXPECTED = {
    "TTKT_KD_PTD": (5749.0, None, 7), "TTKT_THU_NGHIEM": (544.0, None, 8),
    "TTKT_KD_CONGTO": (1100.0, None, 9), "TTKT_KD_DONGHONUOC": (7.0, None, 10),
    "TTKT_KD_CAN": (20.0, "more_than", 11), "TTKT_HIEUCHUAN": (200.0, "about", 12),
    "TTKT_KD_COTDO": (12.0, None, 13),
}


def _values(result):
    (sub,) = result.submissions
    return {v.indicator: (v.value, v.qualifier, v.row) for v in sub.values}


def _messy() -> bytes:
    return xlsx({"BC thang 1": MESSY_ROWS}, merges={"BC thang 1": ["A1:G1", "A2:G2", "D4:E4",
                                                                      "A4:A5", "B4:B5"]})


def test_real_world_sheet_is_read_with_unit_and_month_from_its_titles(catalog: Catalog):
    result = validate_content(_messy(), "bc.xlsx", catalog, Context(today=TODAY))
    assert result.ok, [p.message for p in result.problems]
    assert (result.unit, result.month) == ("TTKT", Month(2023, 1))
    assert _values(result) == EXPECTED
    (sub,) = result.submissions
    assert {v.column for v in sub.values} == {"D"}  # never the lũy kế or % column
    note = next(v.note for v in sub.values if v.indicator == "TTKT_THU_NGHIEM")
    assert note == "gồm mẫu xăng dầu"


def test_title_month_conflicting_with_the_callers_month_is_an_error(catalog: Catalog):
    result = validate_content(_messy(), "bc.xlsx", catalog,
                              Context(month=Month(2023, 2), today=TODAY))
    (problem,) = result.errors
    assert (problem.code, problem.sheet, problem.row, problem.column) == \
        ("month_conflict", "BC thang 1", 2, "A")


def test_unit_line_in_the_title_is_read(catalog: Catalog):
    rows = [["Đơn vị: Trung tâm Kỹ thuật Tiêu chuẩn Đo lường Chất lượng"],
            ["Kỳ báo cáo: tháng 01 năm 2023"],
            ["STT", "Ten chi tieu", "Don vi tinh", "So luong", "Ghi chu"],
            [1, "Mẫu thử nghiệm", "mẫu", 544, None]]
    result = validate_content(xlsx({"Sheet1": rows}), "a.xlsx", catalog, Context(today=TODAY))
    assert result.ok, [p.message for p in result.problems]
    assert (result.unit, result.month) == ("TTKT", Month(2023, 1))
    assert _values(result) == {"TTKT_THU_NGHIEM": (544.0, None, 4)}


@pytest.mark.parametrize("value_label", ["Giá trị", "Số lượng", "Kết quả", "Thực hiện",
                                         "Thực hiện tháng 01/2023", "Tháng 01/2023"])
@pytest.mark.parametrize("name_label", ["Nội dung", "Tên chỉ tiêu", "Chỉ tiêu", "NOI DUNG"])
def test_header_synonyms(value_label: str, name_label: str, catalog: Catalog):
    rows = [["STT", name_label, "Đơn vị tính", value_label, "Lũy kế từ đầu năm", "Ghi chú"],
            [1, "Mẫu thử nghiệm", "mẫu", 544, 600, None]]
    result = validate_content(xlsx({"Số liệu": rows}), "a.xlsx", catalog,
                              Context(unit="TTKT", month=Month(2023, 1), today=TODAY))
    assert result.ok, [p.message for p in result.problems]
    assert _values(result) == {"TTKT_THU_NGHIEM": (544.0, None, 2)}


def test_ytd_column_first_is_still_ignored(catalog: Catalog):
    rows = [["STT", "Chỉ tiêu", "Thực hiện lũy kế", "Thực hiện trong tháng", "% so với KH"],
            [1, "Mẫu thử nghiệm", 1000, 544, "54%"]]
    result = validate_content(xlsx({"A": rows}), "a.xlsx", catalog,
                              Context(unit="TTKT", month=Month(2023, 1), today=TODAY))
    assert _values(result) == {"TTKT_THU_NGHIEM": (544.0, None, 2)}


def test_ytd_smaller_than_the_month_is_a_warning(catalog: Catalog):
    rows = [["STT", "Chỉ tiêu", "Tháng này", "Lũy kế"], [1, "Mẫu thử nghiệm", 544, 100]]
    result = validate_content(xlsx({"A": rows}), "a.xlsx", catalog,
                              Context(unit="TTKT", month=Month(2023, 1), today=TODAY))
    assert result.ok
    (problem,) = result.problems
    assert (problem.code, problem.row, problem.column) == ("ytd_below_month", 2, "D")


def test_names_match_without_case_diacritics_or_spacing(catalog: Catalog):
    rows = [["Chỉ tiêu", "Giá trị"], ["  phuong  TIEN do duoc kiem dinh ", 5],
            ["CÂN CÁC LOẠI", 3]]  # a catalogue alias
    result = validate_content(xlsx({"A": rows}), "a.xlsx", catalog,
                              Context(unit="TTKT", month=Month(2023, 1), today=TODAY))
    assert _values(result) == {"TTKT_KD_PTD": (5.0, None, 2), "TTKT_KD_CAN": (3.0, None, 3)}


def test_blank_value_is_missing_not_zero(catalog: Catalog):
    content = filled_template(catalog, "TTKT", Month(2023, 1),
                              {"TTKT_KD_PTD": 0, "TTKT_THU_NGHIEM": None})
    result = validate_content(content, "a.xlsx", catalog, Context(today=TODAY))
    assert _values(result) == {"TTKT_KD_PTD": (0.0, None, 2)}


def test_month_written_as_a_date_in_the_info_sheet(catalog: Catalog):
    rows = {"Thông tin": [["Mã đơn vị", "TTKT"], ["Tháng báo cáo", date(2023, 1, 1)]],
            "Chỉ tiêu": [["Mã chỉ tiêu", "Giá trị"], ["TTKT_KD_PTD", 5]]}
    result = validate_content(xlsx(rows), "a.xlsx", catalog, Context(today=TODAY))
    assert (result.ok, result.month) == (True, Month(2023, 1))


@pytest.mark.parametrize("build", [xls, ods], ids=["xls", "ods"])
def test_old_excel_and_opendocument(build, catalog: Catalog):
    rows = {"Thông tin": [["Mã đơn vị", "TTKT"], ["Tháng báo cáo", "01/2023"]],
            "Chỉ tiêu": [["STT", "Tên chỉ tiêu", "Giá trị"], ["1", "Mẫu thử nghiệm", 544],
                         ["2", "Cân được kiểm định", "1.234"]]}
    result = validate_content(build(rows), "a.bin", catalog, Context(today=TODAY))
    assert result.ok, [p.message for p in result.problems]
    assert _values(result) == {"TTKT_THU_NGHIEM": (544.0, None, 2),
                               "TTKT_KD_CAN": (1234.0, None, 3)}


def test_xlsm_macros_are_ignored_with_a_warning(catalog: Catalog):
    content = rezip(filled_template(catalog, "TTKT", Month(2023, 1), {"TTKT_KD_PTD": 5}),
                    add={"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0 fake macro project"})
    result = validate_content(content, "a.xlsm", catalog, Context(today=TODAY))
    assert result.ok
    assert [(p.code, p.severity) for p in result.problems] == [("macros_ignored", "warning")]
    assert _values(result) == {"TTKT_KD_PTD": (5.0, None, 2)}


def test_hidden_sheets_are_not_read(catalog: Catalog):
    content = filled_template(catalog, "TTKT", Month(2023, 1), {"TTKT_KD_PTD": 5})
    result = validate_content(content, "a.xlsx", catalog, Context(today=TODAY))
    assert result.ok  # the template's hidden dropdown sheet "_ds" is skipped


@pytest.mark.parametrize("label,expected", [
    ("T1/2022", Month(2022, 1)), ("01/2022", Month(2022, 1)), ("Tháng 1/2022", Month(2022, 1)),
    ("Tháng 12 năm 2022", Month(2022, 12)), ("2022-03", Month(2022, 3)),
    (date(2022, 4, 1), Month(2022, 4)), ("Ghi chú", None), ("2022", None), ("13/2022", None),
])
def test_month_labels(label, expected):
    assert month_of_label(label) == expected
