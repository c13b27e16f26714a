"""Safety before parsing: size, format by magic bytes, zip bombs, passwords.

The container bounds and the worker's limits are tested in ``tests/security``."""

from __future__ import annotations

from datetime import date

import pytest
from etl_files import encrypted_ole, many_entries, ods, rezip, simple_values, xls, zip_bomb

from core.catalog import load_catalog
from etl import safety
from etl.pipeline import Context, validate_content
from etl.safety import inspect_bytes, max_upload_bytes

GOOD = simple_values([["TTKT_KD_PTD", "", "", 5]])


@pytest.mark.parametrize("content,kind", [
    (GOOD, "xlsx"), (xls({"A": [["x"]]}), "xls"), (ods({"A": [["x"]]}), "ods"),
    (rezip(GOOD, add={"xl/vbaProject.bin": b"macro"}), "xlsm"),
])
def test_spreadsheets_are_recognised_by_content(content: bytes, kind: str):
    found = inspect_bytes(content, "whatever.bin")
    assert found.kind == kind and found.ok
    assert [p.code for p in found.problems] == (["macros_ignored"] if kind == "xlsm" else [])


@pytest.mark.parametrize("content,detected", [
    (b"%PDF-1.7 ...", "PDF"), ("Mã;Giá trị\n1;2\n".encode(), "CSV"),
    (b"<html><body>x</body></html>", "trang web"), (b"\x00\x01\x02\xff\xfe\x80" * 50, "khác"),
])
def test_other_formats_are_named_in_the_message(content: bytes, detected: str):
    (problem,) = inspect_bytes(content, "bao-cao.xlsx").problems
    assert problem.code == "not_spreadsheet"
    assert "bao-cao.xlsx" in problem.message and detected in problem.message


def test_password_protected_office_file():
    (problem,) = inspect_bytes(encrypted_ole(), "a.xlsx").problems
    assert problem.code == "password_protected" and "mật khẩu" in problem.message


def test_zip_bombs_are_refused_before_any_xml_is_parsed(monkeypatch):
    def no_parse(*_a, **_k):
        raise AssertionError("XML parsed")

    monkeypatch.setattr("etl.pipeline.read_workbook", no_parse)
    monkeypatch.setattr("etl.pipeline.uncached_formulas", no_parse)
    catalog = load_catalog()
    for content, code in ((zip_bomb(), "zip_bomb"), (many_entries(), "too_many_parts")):
        result = validate_content(content, "b.xlsx", catalog, Context())
        assert [p.code for p in result.problems] == [code]


def test_size_limit_default_and_message():
    assert max_upload_bytes() == safety.DEFAULT_MAX_UPLOAD_MB * 1024 * 1024
    (problem,) = inspect_bytes(b"PK\x03\x04" + b"\0" * 3_000_000, "big.xlsx",
                               max_bytes=2 * 1024 * 1024).problems
    assert problem.code == "too_large"
    assert "2,9 MB" in problem.message and "2 MB" in problem.message


def test_size_limit_reads_the_setting_when_declared(sqlite_engine):
    assert max_upload_bytes(sqlite_engine) > 0  # falls back to 20 MB while undeclared


def test_an_unexpected_failure_is_a_message_not_a_traceback(monkeypatch):
    def boom(*_a, **_k):
        raise RuntimeError("bug")

    monkeypatch.setattr("etl.pipeline.read_values", boom)
    result = validate_content(GOOD, "a.xlsx", load_catalog(), Context(today=date(2024, 1, 1)))
    assert [p.code for p in result.problems] == ["unexpected"]
    assert not result.submissions and "Traceback" not in result.problems[0].message
