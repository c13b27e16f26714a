"""Merged cells are read for what they stand for, or reported with their address; a
figure is never skipped silently (issue 12). Every shape in .xlsx, .xls and .ods."""

from __future__ import annotations

from datetime import date

import pytest
from value_workbooks import BUILDERS, Span, book

from core.catalog import Catalog
from core.months import Month
from etl.pipeline import Context, validate_content

TODAY = date(2024, 6, 15)
PTD, MAU, CAN = "Phương tiện đo được kiểm định", "Mẫu thử nghiệm", "Cân được kiểm định"
FORMATS = pytest.mark.parametrize("fmt", ["xlsx", "xls", "ods"])


def _run(catalog: Catalog, rows, fmt: str):
    content = BUILDERS[fmt](book("TTKT", "01/2023", rows))
    return validate_content(content, f"bc.{fmt}", catalog, Context(today=TODAY))


def _values(result) -> dict[str, tuple[float, str]]:
    if not result.submissions:
        return {}
    (sub,) = result.submissions
    return {v.indicator: (v.value, f"{v.column}{v.row}") for v in sub.values}


def _problems(result) -> list[tuple[str, str, dict]]:
    return [(p.code, f"{p.column}{p.row}", dict(p.params)) for p in result.problems]


@FORMATS
def test_a_figure_merged_down_over_two_indicators_is_read_for_neither(catalog, fmt):
    rows = [["", PTD, "", Span(5749, rows=2), ""],
            ["", MAU, "", None, ""],
            ["", CAN, "", 20, ""]]
    result = _run(catalog, rows, fmt)
    ((code, where, params),) = _problems(result)
    assert (code, where) == ("merged_value_rows", "D2")
    assert (params["range"], params["count"], params["value"]) == ("D2:D3", 2, "5749")
    assert params["names"] == f"«{PTD}»; «{MAU}»"
    assert not result.ok and set(_values(result)) == {"TTKT_KD_CAN"}  # D2 read for no one


@FORMATS
def test_a_figure_merged_down_over_three_rows_names_each_indicator(catalog, fmt):
    rows = [["", PTD, "", Span("1.000", rows=3), ""], ["", MAU, "", None, ""],
            ["", CAN, "", None, ""]]
    ((code, where, params),) = _problems(_run(catalog, rows, fmt))
    assert (code, where, params["count"], params["range"]) == ("merged_value_rows", "D2", 3,
                                                               "D2:D4")
    assert params["names"].count("«") == 3


@FORMATS
def test_a_name_merged_over_two_rows_with_two_figures_is_an_error(catalog, fmt):
    rows = [["", Span(PTD, rows=2), "", 5749, ""], ["", None, "", 12, ""],
            ["", MAU, "", 544, ""]]
    result = _run(catalog, rows, fmt)
    ((code, where, params),) = _problems(result)
    assert (code, where) == ("merged_name_rows", "B2")
    assert (params["name"], params["range"], params["cells"], params["count"]) == \
        (PTD, "B2:B3", "D2, D3", 2)
    assert "B2:B3" in result.problems[0].message


@FORMATS
@pytest.mark.parametrize("lower", [True, False])
def test_a_name_merged_over_two_rows_with_one_figure_reads_it_where_it_stands(catalog, fmt,
                                                                            lower):
    first, second = (None, 5749) if lower else (5749, None)
    rows = [["", Span(PTD, rows=2), "", first, ""], ["", None, "", second, ""],
            ["", MAU, "", 544, ""]]
    result = _run(catalog, rows, fmt)
    assert result.ok, _problems(result)
    assert _values(result) == {"TTKT_KD_PTD": (5749.0, "D3" if lower else "D2"),
                               "TTKT_THU_NGHIEM": (544.0, "D4")}


@FORMATS
def test_a_tall_cell_name_and_figure_merged_together_is_one_figure(catalog, fmt):
    rows = [["", Span(PTD, rows=2), "", Span(5749, rows=2), ""], ["", None, "", None, ""],
            ["", MAU, "", 544, ""]]
    result = _run(catalog, rows, fmt)
    assert result.ok, _problems(result)
    assert _values(result) == {"TTKT_KD_PTD": (5749.0, "D2"), "TTKT_THU_NGHIEM": (544.0, "D4")}


@FORMATS
def test_a_figure_merged_over_a_blank_row_below_is_read(catalog, fmt):
    rows = [["", PTD, "", Span(5749, rows=2), ""], [None, None, None, None, None],
            ["", MAU, "", 544, ""]]
    result = _run(catalog, rows, fmt)
    assert result.ok, _problems(result)
    assert _values(result)["TTKT_KD_PTD"] == (5749.0, "D2")


@FORMATS
def test_merged_across_columns_in_a_monthly_table(catalog, fmt):
    """Name over name and unit, figure over figure and note: both read as written."""
    rows = [["", Span(PTD, cols=2), None, Span(5749, cols=2), None],
            ["", MAU, "mẫu", 544, "ghi chú"]]
    result = _run(catalog, rows, fmt)
    assert result.ok, _problems(result)
    assert _values(result) == {"TTKT_KD_PTD": (5749.0, "D2"), "TTKT_THU_NGHIEM": (544.0, "D3")}


@FORMATS
def test_a_figure_in_a_row_without_a_name_is_reported(catalog, fmt):
    rows = [["", PTD, "", 5749, ""], ["", "", "", 12, "không rõ"], ["", MAU, "", 544, ""]]
    result = _run(catalog, rows, fmt)
    ((code, where, params),) = _problems(result)
    assert (code, where, params["value"], params["cell"]) == ("value_without_name", "D3", "12",
                                                              "D3")


def test_total_rows_labelled_in_the_stt_column_are_not_unnamed_figures(catalog):
    sheets = {"Thông tin": [["Mã đơn vị", "TTKT"], ["Tháng báo cáo", "01/2023"]],
              "Chỉ tiêu": [["STT", "Tên chỉ tiêu", "Giá trị"], ["1", PTD, 5749],
                           ["Tổng cộng", "", 5749], ["I", "", 100]]}
    result = validate_content(BUILDERS["xlsx"](sheets), "a.xlsx", catalog, Context(today=TODAY))
    assert result.ok, _problems(result)


def _history(catalog, rows, fmt="xlsx"):
    sheets = {"Thông tin": [["Mã đơn vị", "TTKT"]],
              "Lịch sử": [["Mã chỉ tiêu", "Tên chỉ tiêu", "T1/2023", "T2/2023", "T3/2023",
                           "T4/2023"], *rows]}
    return validate_content(BUILDERS[fmt](sheets), f"ls.{fmt}", catalog, Context(today=TODAY))


@FORMATS
def test_a_history_figure_merged_across_months_is_read_for_none(catalog, fmt):
    rows = [["TTKT_KD_PTD", PTD, Span(300, cols=3), None, None, 120],
            ["TTKT_THU_NGHIEM", MAU, 40, 41, 42, 43]]
    result = _history(catalog, rows, fmt)
    ((code, where, params),) = _problems(result)
    assert (code, where, params["range"], params["count"]) == ("merged_value_columns", "C2",
                                                               "C2:E2", 3)
    assert params["months"] == "01/2023, 02/2023, 03/2023" and params["name"] == PTD
    got = {(s.month, v.indicator) for s in result.submissions for v in s.values}
    assert (Month(2023, 1), "TTKT_KD_PTD") not in got


@FORMATS
def test_history_figure_merged_down_and_name_merged_down(catalog, fmt):
    rows = [["TTKT_KD_PTD", PTD, Span(10, rows=2), 11, 12, 13],
            ["TTKT_THU_NGHIEM", MAU, None, 41, 42, 43],
            [Span("TTKT_KD_CAN", rows=2), Span(CAN, rows=2), 1, None, None, None],
            [None, None, 2, None, None, None]]
    found = sorted((c, w) for c, w, _ in _problems(_history(catalog, rows, fmt)))
    # The history reader names the row under a merged name as a repeat of it too.
    assert found == [("duplicate_indicator", "A5"), ("merged_name_rows", "A4"),
                     ("merged_value_rows", "C2")]


def test_history_figure_without_a_name_is_reported(catalog):
    rows = [["TTKT_KD_PTD", PTD, 10, 11, 12, 13], ["", "", None, None, 7, None]]
    ((code, where, _),) = _problems(_history(catalog, rows))
    assert (code, where) == ("value_without_name", "E3")
