"""The problems table: errors first, whole-file problems leave "Dòng" empty, never "None";
drawn as an escaped HTML table whose message cells wrap (never cut at the column edge)."""

from __future__ import annotations

import re

import pytest

from core.messages import t
from etl.problems import Problem
from tests.html_table import read_table
from ui.problems_table import problems_frame, problems_html

COLUMNS = [t(f"upload.col_{c}") for c in ("severity", "sheet", "row", "column", "message")]


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


LONG = "Phương tiện đo được kiểm định trong tháng theo từng loại " * 12
HOSTILE = '<script>alert("x")</script> &amp; *đậm* {row} </td></tr></table>'


@pytest.mark.parametrize("name", [LONG, HOSTILE, "A" * 3000, "dòng 1\ndòng 2", "0"])
def test_the_html_table_holds_every_message_whole_and_escaped(name: str) -> None:
    params = {"label": name, "suggestions": name}
    problems = [
        Problem("warning", "unknown_indicator", params, sheet=name, row=7, column="C"),
        Problem("error", "empty_file"),
        Problem("error", "unknown_indicator", {"label": "x", "suggestions": "y"},
                sheet="Số liệu", row=0),
    ]
    markup = problems_html(problems)
    heads, rows = read_table(markup)
    assert heads == COLUMNS
    frame = problems_frame(problems)
    assert [[cell["text"] for cell in row] for row in rows] == frame.values.tolist()
    assert rows[2][4]["text"] == Problem("warning", "unknown_indicator", params).message
    assert "<script>" not in markup and ("<" not in name or name not in markup)
    assert [row[2]["text"] for row in rows] == ["", "0", "7"]  # row 0 is a row, not empty
    assert [c["class"] for c in rows[0]] == ["sev", "sheet empty", "num empty", "num empty",
                                             "msg"]
    assert [c["data-label"] for c in rows[2]] == COLUMNS  # the phone layout's labels
    assert [row[0]["text"] for row in rows] == [t("upload.severity_error")] * 2 + [
        t("upload.severity_warning")]
    assert [row[0]["row_class"] for row in rows] == ["error", "error", "warning"]
    assert "<thead><tr>" + "".join(f"<th>{c}</th>" for c in COLUMNS) + "</tr></thead>" in markup
    assert "None" not in markup and "nan" not in markup


def test_messages_wrap_and_the_phone_layout_stacks() -> None:
    markup = problems_html([Problem("error", "empty_file")])
    assert re.search(r"td\.msg \{[^}]*white-space: pre-wrap;[^}]*overflow-wrap: anywhere",
                     markup)
    assert "@media (max-width: 640px)" in markup
    assert re.search(r"td\.empty \{ display: none; \}", markup)
    assert 'class="error"' in markup
