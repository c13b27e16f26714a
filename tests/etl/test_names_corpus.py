"""Realistic messy workbooks, made here: names, units and months as office staff write them.

Each class of the issue ("Names as people write them") is tested with cases of its own:
reworded, reordered, abbreviated, missing, qualified, wrong unit of measure, hostile; units
from titles in every form; months in every form (and when they could mean two); history
sheets with the year in the title, two-level headers, several units.
"""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest
from etl_files import xlsx

from core.catalog import Catalog
from core.months import Month
from etl.model import ValidationResult
from etl.pipeline import Context, validate_content

TODAY = date(2024, 10, 15)
JAN = Month(2023, 1)
HEAD = ["STT", "Tên chỉ tiêu", "ĐVT", "Thực hiện tháng"]


def _check(content: bytes, catalog: Catalog, **ctx) -> ValidationResult:
    return validate_content(content, "f.xlsx", catalog, Context(today=TODAY, **ctx))


def _values(result: ValidationResult) -> dict[str, float]:
    return {v.indicator: v.value for s in result.submissions for v in s.values}


def _problems(result: ValidationResult) -> list[tuple]:
    return [(p.code, p.sheet, p.row, p.column) for p in result.problems]


def _sheet(rows: list[list], title: str | None = "TRUNG TÂM KỸ THUẬT TIÊU CHUẨN ĐO LƯỜNG CHẤT "
           "LƯỢNG", month_title: str | None = "BÁO CÁO THÁNG 01/2023") -> bytes:
    head = [[x] for x in (title, month_title) if x]
    return xlsx({"Số liệu": [*head, HEAD, *rows]})


# --- names -----------------------------------------------------------------------------


def test_a_sheet_of_names_as_people_write_them(catalog: Catalog) -> None:
    rows = [
        [1, "Số PTĐ được KĐ", "phương tiện", 5749],  # abbreviations
        [2, "mẫu thử nghiệm", "mẫu", 544],  # an alias: exact
        [3, "ĐỒNG HỒ NƯỚC ĐƯỢC KIỂM ĐỊNH", "cái", 7],  # upper case, a measure synonym
        [4, "Công tơ điện đã kiểm định", "chiếc", 1100],  # reordered, a stop word
        [5, "Số lượng cân đã kiểm định trong tháng", "chiếc", 20],  # stop words
    ]
    result = _check(_sheet(rows), catalog)
    assert result.ok, [p.message for p in result.errors]
    assert _values(result) == {"TTKT_KD_PTD": 5749, "TTKT_THU_NGHIEM": 544,
                               "TTKT_KD_DONGHONUOC": 7, "TTKT_KD_CONGTO": 1100,
                               "TTKT_KD_CAN": 20}
    autos = [(p.row, p.params["indicator"]) for p in result.problems if p.code == "auto_matched"]
    assert autos == [(4, "TTKT_KD_PTD"), (7, "TTKT_KD_CONGTO"), (8, "TTKT_KD_CAN")]
    assert {p.severity for p in result.problems} == {"warning"}
    first = next(p for p in result.problems if p.code == "auto_matched")
    assert (first.sheet, first.column) == ("Số liệu", "B")
    assert "Ghép tự động" in first.message and "Phương tiện đo được kiểm định" in first.message


def test_near_misses_are_asked_about_never_guessed(catalog: Catalog) -> None:
    rows = [
        [1, "Phương tiện đo được kiểm định, hiệu chuẩn", "phương tiện đo", 5749],
        [2, "Mẫu thử nghiệm không đạt", "mẫu", 3],
        [3, "Phương tiện đo được kiểm đinhh", "phương tiện đo", 12],  # a typo
    ]
    result = _check(_sheet(rows), catalog)
    assert not result.ok and not any(s.values for s in result.submissions)
    unknown = {p.row: p for p in result.errors if p.code == "unknown_indicator"}
    assert sorted(unknown) == [4, 5, 6]
    assert set(unknown[4].params["codes"]) >= {"TTKT_KD_PTD", "TTKT_HIEUCHUAN"}
    assert unknown[5].params["codes"][0] == "TTKT_THU_NGHIEM"
    assert unknown[6].params["codes"][0] == "TTKT_KD_PTD"
    assert all(p.params["unit"] == "TTKT" for p in unknown.values())


@pytest.mark.parametrize(("name", "measure", "code"), [
    ("Tiền phạt vi phạm hành chính", "đồng", "measure_mismatch"),  # exact name, wrong scale
    ("TTRA_TIENPHAT", "nghìn đồng", "measure_mismatch"),  # a code, wrong scale
    ("Số tiền phạt VPHC", "đồng", "unknown_indicator"),  # by words: not accepted
])
def test_a_wrong_unit_of_measure_is_an_error(catalog: Catalog, name: str, measure: str,
                                             code: str) -> None:
    rows = [[1, name, measure, 15000000]]
    result = _check(_sheet(rows, "THANH TRA SỞ"), catalog)
    (problem,) = result.errors
    assert (problem.code, problem.row) == (code, 4)
    if code == "measure_mismatch":
        assert problem.params["expected"] == "triệu đồng"
        assert "triệu đồng" in problem.message and measure in problem.message
    assert not any(s.values for s in result.submissions)


@pytest.mark.parametrize("measure", ["triệu đồng", "Tr.đ", "trđ", "triệu", "", None])
def test_a_unit_of_measure_written_otherwise_is_accepted(catalog: Catalog, measure) -> None:
    result = _check(_sheet([[1, "Tiền phạt VPHC", measure, 15]], "THANH TRA SỞ"), catalog)
    assert result.ok, [p.message for p in result.errors]
    assert _values(result) == {"TTRA_TIENPHAT": 15}


def test_names_in_the_code_column(catalog: Catalog) -> None:
    rows = [["Mã chỉ tiêu", "Tên chỉ tiêu", "Giá trị"],
            ["Phương tiện đo được kiểm định", None, 5749],  # the name typed as the code
            ["TTKT_THU_NGHIEM", "Mẫu", 544],
            ["Kiểm định cân", "", 20]]
    result = _check(xlsx({"Chỉ tiêu": rows}), catalog, unit="TTKT", month=JAN)
    assert result.ok, [p.message for p in result.errors]
    assert _values(result) == {"TTKT_KD_PTD": 5749, "TTKT_THU_NGHIEM": 544, "TTKT_KD_CAN": 20}
    only_code = [["Mã", "Giá trị"], ["mẫu thử nghiệm", 1], ["TTKT_KD_PDT", 2]]
    result = _check(xlsx({"Chỉ tiêu": only_code}), catalog, unit="TTKT", month=JAN)
    (problem,) = result.errors
    assert (problem.code, problem.row, problem.column) == ("unknown_indicator", 3, "A")
    assert problem.params["codes"][0] == "TTKT_KD_PTD"  # a mistyped code suggests the code


@pytest.mark.parametrize(("label", "code"), [
    ("x" * 10_000, "unknown_indicator"), ("<script>alert(1)</script>", "unknown_indicator"),
    ("**đậm** [liên kết](http://x) {name}", "unknown_indicator"), ("12345", "unknown_indicator"),
    ("😀 phương tiện", "auto_matched"), ("phương\u200btiện đo", "auto_matched"),
    ("\t\n ", None),
])
def test_hostile_names_are_refused_or_reported_never_loaded_quietly(catalog: Catalog,
                                                                    label: str, code) -> None:
    rows = [["Tên chỉ tiêu", "Giá trị"], [label, 5], ["Mẫu thử nghiệm", 544]]
    result = _check(xlsx({"Chỉ tiêu": rows}), catalog, unit="TTKT", month=JAN)
    for p in result.problems:
        assert p.message and "{" not in p.message.replace("{name}", "")
    assert [p.code for p in result.problems] == ([code] if code else [])
    if code == "auto_matched":  # loaded, but shown for review at its cell
        assert result.problems[0].row == 2 and result.ok


def test_qualified_values_of_names_matched_by_words(catalog: Catalog) -> None:
    rows = [[1, "Số PTĐ được KĐ", "phương tiện đo", "khoảng 5.700"],
            [2, "Kiểm định công tơ điện", "chiếc", "hơn 1.000"],
            [3, "Kiểm định đồng hồ nước", "chiếc", 0]]
    result = _check(_sheet(rows), catalog)
    assert result.ok
    got = {v.indicator: (v.value, v.qualifier) for v in result.submissions[0].values}
    assert got == {"TTKT_KD_PTD": (5700, "about"), "TTKT_KD_CONGTO": (1000, "more_than"),
                   "TTKT_KD_DONGHONUOC": (0, None)}


# --- units from titles -----------------------------------------------------------------


@pytest.mark.parametrize(("title", "unit"), [
    ("THANH TRA SỞ - SỞ KH&CN QUẢNG TRỊ", "TTRA"),
    ("THANH TRA SỞ", "TTRA"),
    ("Trung tâm Kỹ thuật Tiêu chuẩn Đo lường Chất lượng", "TTKT"),
    ("TRUNG TAM KY THUAT TIEU CHUAN DO LUONG CHAT LUONG", "TTKT"),
    ("TT Kỹ thuật TĐC", "TTKT"),
    ("CHI CỤC TIÊU CHUẨN - ĐO LƯỜNG - CHẤT LƯỢNG", "TDC"),
    ("Chi cục TĐC Quảng Trị", "TDC"),
    ("Đơn vị: Phòng QLCN", "QLCN"),
    ("ĐƠN VỊ BÁO CÁO: ttud", "TTUD"),
    ("Đơn vị: Phòng Kế hoạch - Tài chính", "KHTC"),
    ("SỞ KH&CN QUẢNG TRỊ - PHÒNG QUẢN LÝ KHOA HỌC", "QLKH"),
    ("Báo cáo của Văn phòng Sở", "VP"),
])
def test_units_are_found_in_titles_as_written(catalog: Catalog, title: str, unit: str) -> None:
    rows = [["SỞ KHOA HỌC VÀ CÔNG NGHỆ"], [title], ["Tháng 01/2023"],
            ["Mã chỉ tiêu", "Giá trị"], [catalog.indicators_for(unit)[0].code, 1]]
    result = _check(xlsx({"A": rows}), catalog)
    assert result.ok, [p.message for p in result.problems]
    assert result.unit == unit


@pytest.mark.parametrize("title", ["SỞ KHOA HỌC VÀ CÔNG NGHỆ", "UBND TỈNH QUẢNG TRỊ",
                                   "Trung tâm", "Phòng"])
def test_a_title_naming_no_unit_leaves_the_unit_to_ask(catalog: Catalog, title: str) -> None:
    rows = [[title], ["Tháng 01/2023"], ["Mã chỉ tiêu", "Giá trị"], ["TTKT_KD_PTD", 1]]
    result = _check(xlsx({"A": rows}), catalog)
    assert [p.code for p in result.errors] == ["missing_unit"]
    assert result.errors[0].sheet is None
    assert "tiêu đề" in result.errors[0].message and "Thông tin" not in result.errors[0].message
    assert _check(xlsx({"A": rows}), catalog, unit="TTKT").ok


def test_an_unknown_unit_after_its_label_is_an_error_at_its_cell(catalog: Catalog) -> None:
    rows = [["Đơn vị: Phòng Không Có"], ["Tháng 01/2023"], ["Mã chỉ tiêu", "Giá trị"],
            ["TTKT_KD_PTD", 1]]
    result = _check(xlsx({"A": rows}), catalog)
    assert _problems(result) == [("unknown_unit", "A", 1, "A")]
    assert "Phòng Không Có" in result.errors[0].message


@pytest.mark.parametrize(("info", "title", "code"), [
    ([["Mã đơn vị", "TTKT"]], "THANH TRA SỞ", "unit_sources_differ"),
    ([["Mã đơn vị", "TTKT"], ["Tên đơn vị", "Thanh tra Sở"]], None, "unit_sources_differ"),
    ([["Tên đơn vị", "Thanh tra Sở"]], None, None),
    ([["Mã đơn vị", "Trung tâm Kỹ thuật TĐC"]], None, None),
    ([["Đơn vị", "ttkt"]], "TRUNG TÂM KỸ THUẬT TIÊU CHUẨN ĐO LƯỜNG CHẤT LƯỢNG", None),
])
def test_the_info_sheet_and_the_titles_must_name_one_unit(catalog: Catalog, info, title,
                                                          code) -> None:
    figure = "TTRA_CUOC_TTKT" if info == [["Tên đơn vị", "Thanh tra Sở"]] else "TTKT_KD_PTD"
    sheets = {"Thông tin": [*info, ["Tháng báo cáo", "01/2023"]],
              "Chỉ tiêu": [*([[title]] if title else []), ["Mã chỉ tiêu", "Giá trị"],
                           [figure, 1]]}
    result = _check(xlsx(sheets), catalog)
    if code is None:
        assert result.ok, [p.message for p in result.problems]
    else:
        assert [p.code for p in result.errors] == [code]
        assert {"TTKT", "TTRA"} <= set(result.errors[0].params.values())


# --- months ----------------------------------------------------------------------------


@pytest.mark.parametrize("value", [
    "Tháng 01/2023", "Tháng 1 năm 2023", "T01/2023", "t1/2023", "01/2023", "1/2023",
    "01-2023", "2023-01", "Tháng 01 - 2023", "THÁNG 1, NĂM 2023", "31/01/2023",
    date(2023, 1, 1), datetime(2023, 1, 31), datetime(2023, 1, 13), 44927, 44957.0,
])
def test_the_month_in_the_info_sheet_in_every_form(catalog: Catalog, value) -> None:
    sheets = {"Thông tin": [["Mã đơn vị", "TTKT"], ["Tháng báo cáo", value]],
              "Chỉ tiêu": [["Mã chỉ tiêu", "Giá trị"], ["TTKT_KD_PTD", 1]]}
    result = _check(xlsx(sheets), catalog)
    assert result.ok, [p.message for p in result.problems]
    assert result.month == JAN
    assert (result.month_source.sheet, result.month_source.row) == ("Thông tin", 1)


@pytest.mark.parametrize("title", [
    "BÁO CÁO THÁNG 01/2023", "Báo cáo tháng 1 năm 2023", "KẾT QUẢ THỰC HIỆN T01/2023",
    "Số liệu đến ngày 31/01/2023",
    "BÁO CÁO KẾT QUẢ CÔNG TÁC THÁNG 01 VÀ KẾ HOẠCH THÁNG 02 NĂM 2023",
    "Kết quả tháng 01/2023, so với tháng 12/2022",
])
def test_the_month_in_a_title_in_every_form(catalog: Catalog, title: str) -> None:
    rows = [["Quảng Trị, ngày 05 tháng 02 năm 2023"], [title], ["Mã chỉ tiêu", "Giá trị"],
            ["TTKT_KD_PTD", 1]]
    result = _check(xlsx({"A": rows}), catalog, unit="TTKT")
    assert result.ok, [p.message for p in result.problems]
    assert result.month == JAN


@pytest.mark.parametrize(("value", "months"), [
    (date(2023, 1, 5), "01/2023 hoặc 05/2023"),  # Excel may have swapped day and month
    (datetime(2023, 3, 12), "03/2023 hoặc 12/2023"),
    (44931, "01/2023 hoặc 05/2023"),  # the same date as a serial
    ("Tháng 12/2022 - Tháng 01/2023", "12/2022 hoặc 01/2023"),
])
def test_a_month_that_could_be_two_is_asked_never_guessed(catalog: Catalog, value,
                                                          months: str) -> None:
    sheets = {"Thông tin": [["Mã đơn vị", "TTKT"], ["Tháng báo cáo", value]],
              "Chỉ tiêu": [["Mã chỉ tiêu", "Giá trị"], ["TTKT_KD_PTD", 1]]}
    result = _check(xlsx(sheets), catalog)
    assert _problems(result) == [("ambiguous_month", "Thông tin", 2, "B")]
    assert result.errors[0].params["months"] == months and not result.submissions
    told = Month.parse(months.split(" hoặc ")[1].replace("/", "/"))
    assert _check(xlsx(sheets), catalog, month=told).month == told  # the caller settles it
    other = _check(xlsx(sheets), catalog, month=Month(2023, 7))
    assert [p.code for p in other.errors] == ["month_conflict"]


def test_two_months_in_titles_are_asked_about(catalog: Catalog) -> None:
    rows = [["BÁO CÁO THÁNG 01/2023"], ["(Số liệu tháng 02/2023)"], ["Mã chỉ tiêu", "Giá trị"],
            ["TTKT_KD_PTD", 1]]
    result = _check(xlsx({"A": rows}), catalog, unit="TTKT")
    assert _problems(result) == [("ambiguous_month", "A", 1, "A")]
    assert _check(xlsx({"A": rows}), catalog, unit="TTKT", month=Month(2023, 2)).ok


def test_a_copied_sheet_whose_title_kept_last_month_is_refused(catalog: Catalog) -> None:
    sheets = {"Thông tin": [["Mã đơn vị", "TTKT"], ["Tháng báo cáo", "02/2023"]],
              "Chỉ tiêu": [["BÁO CÁO THÁNG 01/2023"], ["Mã chỉ tiêu", "Giá trị"],
                           ["TTKT_KD_PTD", 1]]}
    result = _check(xlsx(sheets), catalog)
    assert _problems(result) == [("month_sources_differ", "Chỉ tiêu", 1, "A")]
    message = result.errors[0].message
    assert "02/2023" in message and "01/2023" in message and "chép từ tháng trước" in message


@pytest.mark.parametrize(("value", "code"), [
    ("Tháng 13/2023", "bad_month"), ("tháng 1", "bad_month"), (12, "bad_month"),
    (2023, "bad_month"), ("Quý I/2023", "bad_month"), (True, "bad_month"),
    (73000, "future_month"), ("12/2099", "future_month"), ("", "missing_month"),
])
def test_a_month_that_is_no_month_or_to_come(catalog: Catalog, value, code: str) -> None:
    sheets = {"Thông tin": [["Mã đơn vị", "TTKT"], ["Tháng báo cáo", value]],
              "Chỉ tiêu": [["Mã chỉ tiêu", "Giá trị"], ["TTKT_KD_PTD", 1]]}
    result = _check(xlsx(sheets), catalog)
    assert [p.code for p in result.errors] == [code]
    assert not result.submissions


def test_a_missing_month_is_asked_where_the_file_can_say_it(catalog: Catalog) -> None:
    no_info = _check(xlsx({"A": [["Mã chỉ tiêu", "Giá trị"], ["TTKT_KD_PTD", 1]]}), catalog,
                     unit="TTKT")
    (problem,) = no_info.errors
    assert (problem.code, problem.sheet) == ("missing_month", None)
    assert "Thông tin" not in problem.message and "tiêu đề" in problem.message
    with_info = _check(xlsx({"Thông tin": [["Mã đơn vị", "TTKT"]],
                             "A": [["Mã chỉ tiêu", "Giá trị"], ["TTKT_KD_PTD", 1]]}), catalog)
    (problem,) = with_info.errors
    assert (problem.code, problem.sheet) == ("missing_month", "Thông tin")
    assert "«Thông tin»" in problem.message


# --- history sheets --------------------------------------------------------------------


def _history_months(result: ValidationResult) -> list[str]:
    return [f"{s.unit} {s.month}" for s in result.submissions]


def test_a_history_sheet_with_the_year_only_in_its_title(catalog: Catalog) -> None:
    rows = [["TRUNG TÂM KỸ THUẬT TIÊU CHUẨN ĐO LƯỜNG CHẤT LƯỢNG"],
            ["SỐ LIỆU THỰC HIỆN NĂM 2022"],
            ["TT", "Chỉ tiêu", *[f"Tháng {m}" for m in range(1, 13)]],
            [1, "Phương tiện đo được kiểm định", *range(100, 112)],
            [2, "Số lượng mẫu thử nghiệm", *range(10, 22)]]
    result = _check(xlsx({"Lịch sử": rows}), catalog)
    assert result.ok, [p.message for p in result.problems]
    assert result.source == "history"
    assert _history_months(result) == [f"TTKT 2022-{m:02d}" for m in range(1, 13)]
    dec = result.submissions[-1]
    assert {(v.indicator, v.value, v.column, v.row) for v in dec.values} == {
        ("TTKT_KD_PTD", 111, "N", 4), ("TTKT_THU_NGHIEM", 21, "N", 5)}


def test_a_history_sheet_named_by_its_year(catalog: Catalog) -> None:
    rows = [["Mã chỉ tiêu", *[f"T{m}" for m in range(1, 13)]],
            ["TTKT_KD_PTD", *range(1, 13)]]
    result = _check(xlsx({"Năm 2021": rows}), catalog, unit="TTKT")
    assert result.ok and _history_months(result)[0] == "TTKT 2021-01"
    assert len(result.submissions) == 12


def test_two_level_headers_year_merged_over_months(catalog: Catalog) -> None:
    rows = [["Đơn vị: TTKT"],
            ["Mã chỉ tiêu", "Tên chỉ tiêu", "Năm 2022", *[None] * 11, "Năm 2023", *[None] * 5],
            [None, None, *[f"T{m}" for m in range(1, 13)], *[f"T{m}" for m in range(1, 7)]],
            ["TTKT_KD_PTD", "Phương tiện đo", *range(1, 19)]]
    content = xlsx({"LS": rows}, merges={"LS": ["C2:N2", "O2:T2", "A2:A3", "B2:B3"]})
    result = _check(content, catalog)
    assert result.ok, [p.message for p in result.problems]
    assert _history_months(result) == [f"TTKT {m}" for m in
                                       [*(f"2022-{x:02d}" for x in range(1, 13)),
                                        *(f"2023-{x:02d}" for x in range(1, 7))]]
    assert [v.value for s in result.submissions for v in s.values] == list(range(1, 19))


def test_months_without_any_year_are_refused_cleanly(catalog: Catalog) -> None:
    rows = [["Mã chỉ tiêu", *[f"Tháng {m}" for m in range(1, 13)]], ["TTKT_KD_PTD", *range(12)]]
    result = _check(xlsx({"Lịch sử": rows}), catalog, unit="TTKT")
    assert not result.ok and not result.submissions
    assert "unexpected" not in [p.code for p in result.problems]


def test_a_history_workbook_of_several_units(catalog: Catalog) -> None:
    rows = [["Mã đơn vị", "Mã chỉ tiêu", "T1/2022", "T2/2022", "T3/2022"],
            ["TTKT", "TTKT_KD_PTD", 1, 2, 3],
            [None, "TTKT_THU_NGHIEM", 4, 5, None],  # a merged unit cell: the row above's
            ["Thanh tra Sở", "TTRA_CUOC_TTKT", 7, 8, 9],
            ["ttud", "Tin, bài được cập nhật trên Cổng Thông tin điện tử", None, None, 10]]
    result = _check(xlsx({"Lịch sử": rows}, merges={"Lịch sử": ["A2:A3"]}), catalog)
    assert result.ok, [p.message for p in result.problems]
    assert _history_months(result) == ["TTKT 2022-01", "TTRA 2022-01", "TTKT 2022-02",
                                       "TTRA 2022-02", "TTKT 2022-03", "TTRA 2022-03",
                                       "TTUD 2022-03"]
    assert result.unit is None
    got = {(s.unit, str(s.month), v.indicator): v.value for s in result.submissions
           for v in s.values}
    assert got[("TTKT", "2022-02", "TTKT_THU_NGHIEM")] == 5
    assert got[("TTUD", "2022-03", "TTUD_TINBAI")] == 10


def test_a_unit_column_labelled_only_don_vi_is_told_from_units_of_measure(
        catalog: Catalog) -> None:
    by_units = [["Đơn vị", "Chỉ tiêu", "T1/2022", "T2/2022", "T3/2022"],
                ["Trung tâm Kỹ thuật TĐC", "Mẫu thử nghiệm", 1, 2, 3],
                ["Thanh tra Sở", "Lượt tiếp công dân", 4, 5, 6]]
    result = _check(xlsx({"LS": by_units}), catalog)
    assert result.ok and {s.unit for s in result.submissions} == {"TTKT", "TTRA"}
    by_measure = [["Chỉ tiêu", "Đơn vị", "T1/2022", "T2/2022", "T3/2022"],
                  ["Mẫu thử nghiệm", "mẫu", 1, 2, 3]]
    result = _check(xlsx({"LS": by_measure}), catalog, unit="TTKT")
    assert result.ok and {s.unit for s in result.submissions} == {"TTKT"}


def test_units_of_a_history_workbook_are_checked_row_by_row(catalog: Catalog) -> None:
    rows = [["Mã đơn vị", "Mã chỉ tiêu", "T1/2022", "T2/2022", "T3/2022"],
            ["TTKT", "TTKT_KD_PTD", 1, 2, 3],
            ["Phòng Không Có", "TTKT_THU_NGHIEM", 4, 5, 6],
            ["TTRA", "TTRA_CUOC_TTKT", 7, 8, 9],
            ["TTRA", "TTRA_TIEPDAN", 7, 8, 9]]
    content = xlsx({"LS": rows})
    result = _check(content, catalog)
    assert _problems(result) == [("unknown_unit", "LS", 3, "A")]
    analyst = _check(content, catalog, acting_unit="TTKT")
    assert ("not_your_unit", "LS", 4, "A") in _problems(analyst)
    assert [p.code for p in analyst.errors].count("not_your_unit") == 1  # once per unit
    told = _check(content, catalog, unit="TTRA")
    assert ("unit_conflict", "LS", 2, "A") in _problems(told)


def test_sheets_of_a_history_workbook_for_different_units(catalog: Catalog) -> None:
    head = ["Chỉ tiêu", "T1/2022", "T2/2022", "T3/2022"]
    sheets = {"TTKT": [["TRUNG TÂM KỸ THUẬT TĐC"], head, ["Mẫu thử nghiệm", 1, 2, 3]],
              "Thanh tra": [["THANH TRA SỞ"], head, ["Lượt tiếp công dân", 4, 5, 6]],
              "Chung": [head, ["Lượt tiếp công dân", 4, 5, 6]]}
    result = _check(xlsx(sheets), catalog)
    # The third sheet has no title: the workbook's unit (the first title's) is TTKT, and
    # "Lượt tiếp công dân" is TTRA's indicator.
    assert [p.code for p in result.errors] == ["indicator_of_other_unit"]
    assert result.errors[0].sheet == "Chung"
    del sheets["Chung"]
    result = _check(xlsx(sheets), catalog)
    assert result.ok and {s.unit for s in result.submissions} == {"TTKT", "TTRA"}
    analyst = _check(xlsx(sheets), catalog, acting_unit="TTKT")
    assert [(p.code, p.sheet) for p in analyst.errors] == [("not_your_unit", "Thanh tra")]


# --- messages never point to a sheet the file does not have ----------------------------


CORPUS = {
    "no_info_no_month": {"Số liệu": [["Mã chỉ tiêu", "Giá trị"], ["TTKT_KD_PTD", 1]]},
    "no_info_no_unit": {"Số liệu": [["Tháng 01/2023"], ["Mã chỉ tiêu", "Giá trị"],
                                    ["TTKT_KD_PTD", 1]]},
    "nothing": {"Số liệu": [["Mã chỉ tiêu", "Giá trị"], ["TTKT_KD_PTD", None]]},
    "other_unit": {"Bảng": [["Đơn vị: TTRA"], ["Tháng 01/2023"], ["Mã chỉ tiêu", "Giá trị"],
                            ["TTKT_KD_PTD", 1]]},
    "unknown_names": {"Bảng": [["Đơn vị: TTKT"], ["Tháng 01/2023"], ["Chỉ tiêu", "Giá trị"],
                               ["Không có tên này", 1]]},
    "no_table": {"Ghi chú": [["chỉ là ghi chú"]]},
    "history_no_unit": {"LS": [["Mã chỉ tiêu", "T1/2022", "T2/2022", "T3/2022"],
                               ["TTKT_KD_PTD", 1, 2, 3]]},
    "info_only": {"Thông tin": [["Mã đơn vị", "TTKT"]], "Bảng": [["Mã chỉ tiêu", "Giá trị"],
                                                                  ["TTKT_KD_PTD", 1]]},
}
# "không có sheet «Chỉ tiêu»" says a sheet is missing; any other "sheet «…»" points to one.
_SHEET_IN_MESSAGE = re.compile(r"(?<!không có )sheet «([^»]+)»")


@pytest.mark.parametrize("name", list(CORPUS))
@pytest.mark.parametrize("ctx", [{}, {"unit": "TTUD"}, {"month": Month(2023, 3)},
                                 {"acting_unit": "TTKT"}], ids=["none", "unit", "month",
                                                                "analyst"])
def test_messages_never_point_to_a_sheet_the_file_does_not_have(catalog: Catalog, name: str,
                                                                ctx: dict) -> None:
    sheets = CORPUS[name]
    result = _check(xlsx(sheets), catalog, **ctx)
    for p in result.problems:
        assert p.sheet is None or p.sheet in sheets, (p.code, p.sheet)
        for mentioned in _SHEET_IN_MESSAGE.findall(p.message):
            assert mentioned in sheets, (p.code, p.message)
