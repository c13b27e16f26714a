"""The problems table: errors first, whole-file problems leave "Dòng" empty, never "None"."""

from __future__ import annotations

from core.messages import t
from etl.problems import Problem
from ui.problems_table import problems_frame


def test_whole_file_problems_leave_the_row_empty_and_errors_come_first() -> None:
    frame = problems_frame([
        Problem("warning", "missing_unit", sheet="Số liệu", row=None),
        Problem("error", "missing_sheet", {"sheet_name": "Số liệu", "sheets": "Thông tin"},
                sheet="Thông tin",
                row=12, column="B"),
        Problem("error", "empty_file"),
    ])
    assert frame[t("upload.col_row")].tolist() == ["12", "", ""]
    assert frame[t("upload.col_severity")].tolist() == [
        t("upload.severity_error"), t("upload.severity_error"), t("upload.severity_warning")]
    assert frame[t("upload.col_sheet")].tolist() == ["Thông tin", "", "Số liệu"]
    assert frame[t("upload.col_column")].tolist() == ["B", "", ""]
    assert frame[t("upload.col_message")].tolist()[0] == Problem(
        "error", "missing_sheet", {"sheet_name": "Số liệu", "sheets": "Thông tin"}).message
    text = frame.to_string()
    assert "None" not in text and "nan" not in text and "<NA>" not in text


def test_no_problems_no_rows() -> None:
    frame = problems_frame([])
    assert frame.empty and list(frame.columns)[2] == t("upload.col_row")
