"""Downloads: CSV with a BOM, Excel, and text cells neutralised against formula injection."""

import io

import openpyxl
import pandas as pd
import pytest

from core.export import safe_cell, to_csv_bytes, to_xlsx_bytes


@pytest.mark.parametrize(("value", "expected"), [
    ("=1+1", "'=1+1"), ("+84 123", "'+84 123"), ("-x", "'-x"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tx", "'\tx"), ("\rx", "'\rx"), ("Cân", "Cân"), ("", ""), (5749, 5749), (-3.5, -3.5),
    (None, None),
])
def test_safe_cell(value, expected):
    assert safe_cell(value) == expected


def test_csv_has_bom_vietnamese_and_gaps():
    frame = pd.DataFrame({"Chỉ tiêu": ["Mẫu thử nghiệm", "=HYPERLINK(\"x\")"],
                          "Giá trị": [544.0, None]})
    data = to_csv_bytes(frame)
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert "Mẫu thử nghiệm,544.0" in text
    assert "'=HYPERLINK" in text
    assert text.strip().endswith(",")  # a missing value is empty, never 0


def test_xlsx_keeps_numbers_and_neutralises_text():
    frame = pd.DataFrame({"Chỉ tiêu": ["-1", "Cân"], "Giá trị": [5749.0, 12.5]})
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes(frame)))
    sheet = book.active
    assert sheet["A2"].value == "'-1"
    assert sheet["B2"].value == 5749
    assert sheet["B3"].value == 12.5
