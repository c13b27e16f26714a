"""The corpus of bad files: each gives its own problem, in place, and changes nothing."""

from __future__ import annotations

import dataclasses
import zipfile
from collections.abc import Callable
from datetime import date
from io import BytesIO

import pytest
from etl_files import (
    db_dump,
    encrypted_ole,
    filled_template,
    history_sheet,
    many_entries,
    ods,
    rezip,
    simple_values,
    xls,
    xlsx,
    zip_bomb,
)

from core.catalog import Catalog
from core.months import Month
from etl.pipeline import Context, validate_content
from tests.actors import upload

TODAY = date(2024, 6, 15)
JAN = Month(2023, 1)
ROW = ["TTKT_KD_PTD", "Phương tiện đo được kiểm định", "phương tiện"]
BOMB_XML = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
            b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
            b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            b'<sheetData><row r="1"><c r="A1"><f>1+1</f></c><c r="B1" t="inlineStr">'
            b'<is><t>&lol2;</t></is></c></row></sheetData></worksheet>')


@dataclasses.dataclass(frozen=True)
class Case:
    id: str
    build: Callable[[Catalog], bytes]
    code: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    ctx: dict = dataclasses.field(default_factory=dict)


def _tpl(values: dict, **kw) -> Callable[[Catalog], bytes]:
    return lambda cat: filled_template(cat, "TTKT", JAN, values, **kw)


def _docx_like(_cat: Catalog) -> bytes:
    out = BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


def _unsafe_xml(cat: Catalog) -> bytes:
    content = filled_template(cat, "TTKT", JAN, {"TTKT_KD_PTD": 5})
    names = zipfile.ZipFile(BytesIO(content)).namelist()
    sheet = sorted(n for n in names if n.startswith("xl/worksheets/sheet"))[2]  # Chỉ tiêu
    return rezip(content, replace={sheet: BOMB_XML})


GOOD = [[*ROW, 5749]]
CASES = [
    Case("empty_bytes", lambda c: b"", "empty_file"),
    Case("empty_workbook", lambda c: xlsx({"Sheet1": []}), "empty_file"),
    Case("csv_renamed", lambda c: "Mã chỉ tiêu;Giá trị\nTTKT_KD_PTD;5749\n".encode(),
         "not_spreadsheet"),
    Case("pdf_renamed", lambda c: b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n", "not_spreadsheet"),
    Case("docx_renamed", _docx_like, "not_spreadsheet"),
    Case("truncated_xlsx", lambda c: simple_values(GOOD)[:700], "not_spreadsheet"),
    Case("corrupt_part", lambda c: rezip(simple_values(GOOD),
                                         replace={"xl/workbook.xml": b"<<garbage"}),
         "unreadable"),
    Case("password_protected", lambda c: encrypted_ole(), "password_protected"),
    Case("zip_bomb_ratio", lambda c: zip_bomb(), "zip_bomb"),
    Case("zip_bomb_entries", lambda c: many_entries(), "too_many_parts"),
    Case("too_large", _tpl({"TTKT_KD_PTD": 5}), "too_large", ctx={"max_bytes": 1000}),
    Case("xml_entity_bomb", _unsafe_xml, "unsafe_xml"),
    Case("unknown_indicator", lambda c: simple_values([["", "Số mẫu hóa chất lạ", "", 5]]),
         "unknown_indicator", "Chỉ tiêu", 2, "A"),
    Case("duplicate_indicator", lambda c: simple_values([[*ROW, 5], [*ROW, 6]]),
         "duplicate_indicator", "Chỉ tiêu", 3, "D"),
    Case("negative_value", _tpl({"TTKT_KD_PTD": -5}), "negative_value", "Chỉ tiêu", 2, "D"),
    Case("not_a_number", _tpl({"TTKT_THU_NGHIEM": "nhiều"}), "not_a_number",
         "Chỉ tiêu", 3, "D"),
    Case("formula_without_value", _tpl({"TTKT_KD_CAN": "=D2*2"}), "formula_without_value",
         "Chỉ tiêu", 7, "D"),
    Case("missing_unit", lambda c: simple_values(GOOD, unit=None), "missing_unit",
         "Thông tin"),
    Case("unknown_unit", lambda c: simple_values(GOOD, unit="XYZ"), "unknown_unit",
         "Thông tin", 1, "B"),
    Case("unit_conflict", _tpl({"TTKT_KD_PTD": 5}), "unit_conflict", "Thông tin", 1, "B",
         ctx={"unit": "TTUD"}),
    Case("not_your_unit", _tpl({"TTKT_KD_PTD": 5}), "not_your_unit", "Thông tin", 1, "B",
         ctx={"acting_unit": "TTUD"}),
    Case("missing_month", lambda c: simple_values(GOOD, month=None), "missing_month",
         "Thông tin"),
    Case("bad_month", lambda c: simple_values(GOOD, month="13/2023"), "bad_month",
         "Thông tin", 2, "B"),
    Case("month_conflict", _tpl({"TTKT_KD_PTD": 5}), "month_conflict", "Thông tin", 3, "B",
         ctx={"month": Month(2023, 2)}),
    Case("future_month", lambda c: simple_values(GOOD, month="12/2099"), "future_month",
         "Thông tin", 2, "B"),
    Case("indicator_not_valid", lambda c: simple_values([["TTKT_KD_YTE", "", "", 5]]),
         "indicator_not_valid", "Chỉ tiêu", 2, "A"),
    Case("indicator_of_other_unit", lambda c: simple_values([["TTUD_TINBAI", "", "", 5]]),
         "indicator_of_other_unit", "Chỉ tiêu", 2, "A"),
    Case("missing_sheet", lambda c: xlsx({"Thông tin": [["Mã đơn vị", "TTKT"]],
                                          "Ghi chép": [["ghi chú tự do"]]}), "missing_sheet"),
    Case("header_not_found", lambda c: xlsx({"Thông tin": [["Mã đơn vị", "TTKT"],
                                                           ["Tháng báo cáo", "01/2023"]],
                                             "Chỉ tiêu": [["abc", "def"], [1, 2]]}),
         "header_not_found", "Chỉ tiêu"),
    Case("nothing_to_load", _tpl({}), "nothing_to_load", "Chỉ tiêu"),
    Case("history_future_column",
         lambda c: history_sheet(["T1/2023", "T2/2023", "T12/2099"], [[*ROW[:2], 1, 2, 3]]),
         "future_month", "Lịch sử", 1, "E", ctx={"unit": "TTKT"}),
    Case("history_duplicate_month",
         lambda c: history_sheet(["T1/2023", "01/2023", "T2/2023"], [[*ROW[:2], 1, 2, 3]]),
         "duplicate_month_column", "Lịch sử", 1, "D", ctx={"unit": "TTKT"}),
    Case("history_negative",
         lambda c: history_sheet(["T1/2023", "T2/2023", "T3/2023"], [[*ROW[:2], -1, 2, 3]]),
         "negative_value", "Lịch sử", 2, "C", ctx={"unit": "TTKT"}),
    Case("xls_negative", lambda c: xls({"Thông tin": [["Mã đơn vị", "TTKT"],
                                                      ["Tháng báo cáo", "01/2023"]],
                                        "Chỉ tiêu": [["Mã chỉ tiêu", "Giá trị"],
                                                     ["TTKT_KD_PTD", -3.0]]}),
         "negative_value", "Chỉ tiêu", 2, "B"),
    Case("ods_not_a_number", lambda c: ods({"Thông tin": [["Mã đơn vị", "TTKT"],
                                                          ["Tháng báo cáo", "01/2023"]],
                                            "Chỉ tiêu": [["Mã chỉ tiêu", "Giá trị"],
                                                         ["TTKT_KD_PTD", "năm trăm"]]}),
         "not_a_number", "Chỉ tiêu", 2, "B"),
]


def _ctx(case: Case) -> Context:
    return Context(today=TODAY, **case.ctx)


def _matching(problems, case: Case):
    return [p for p in problems if p.code == case.code and p.sheet == case.sheet
            and p.row == case.row and p.column == case.column]


def test_corpus_is_large_enough():
    assert len(CASES) >= 25
    assert len({c.id for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_each_bad_file_gives_its_own_problem(case: Case, catalog: Catalog):
    result = validate_content(case.build(catalog), f"{case.id}.xlsx", catalog, _ctx(case))
    assert not result.ok
    found = _matching(result.problems, case)
    assert found, [(p.code, p.sheet, p.row, p.column) for p in result.problems]
    assert found[0].is_error
    assert found[0].message and "{" not in found[0].message  # placeholders all filled
    assert result.to_json()["ok"] is False


def test_bad_files_leave_the_database_unchanged(engine, catalog: Catalog):
    before = db_dump(engine)
    for case in CASES:
        kwargs = {k: v for k, v in case.ctx.items()}
        outcome = upload(engine, case.build(catalog), f"{case.id}.xlsx", "tester",
                         today=TODAY, **kwargs)
        assert not outcome.ok, case.id
        assert not outcome.loaded, case.id
        assert _matching(outcome.validation.problems, case), case.id
    assert db_dump(engine) == before


def test_identical_bytes_are_reported_and_add_nothing(engine, catalog: Catalog):
    content = filled_template(catalog, "TTKT", JAN, {"TTKT_KD_PTD": 5749})
    first = upload(engine, content, "a.xlsx", "tester", today=TODAY)
    assert first.ok and first.loaded[0].version == 1
    before = db_dump(engine)
    again = upload(engine, content, "a.xlsx", "tester", today=TODAY)
    assert not again.ok and not again.loaded
    assert [p.code for p in again.validation.problems] == ["duplicate_file"]
    assert "phiên bản 1" in again.validation.problems[0].message
    assert db_dump(engine) == before
    with engine.connect() as conn:  # the upload page sees it before confirming
        checked = validate_content(content, "a.xlsx", catalog, Context(today=TODAY), conn=conn)
    assert [p.code for p in checked.problems] == ["duplicate_file"]


def test_value_far_outside_the_units_history_is_a_warning(sqlite_engine, catalog: Catalog):
    figures = [100, 104, 98, 101, 97, 103, 99, 102]
    labels = [f"T{m}/2022" for m in range(1, 9)]
    history = history_sheet(labels, [[*ROW[:2], *figures]])
    assert upload(sqlite_engine, history, "h.xlsx", "tester", unit="TTKT", today=TODAY).ok
    normal = filled_template(catalog, "TTKT", Month(2022, 9), {"TTKT_KD_PTD": 105})
    outcome = upload(sqlite_engine, normal, "n.xlsx", "tester", today=TODAY)
    assert outcome.ok and not outcome.validation.problems
    wild = filled_template(catalog, "TTKT", Month(2022, 10), {"TTKT_KD_PTD": 5000})
    outcome = upload(sqlite_engine, wild, "w.xlsx", "tester", today=TODAY)
    assert outcome.ok and outcome.loaded  # a warning does not block
    (problem,) = outcome.validation.problems
    assert (problem.code, problem.severity, problem.sheet, problem.row, problem.column) == \
        ("outlier", "warning", "Chỉ tiêu", 2, "D")
    assert "5.000" in problem.message


def test_ambiguous_name_lists_the_candidates(catalog: Catalog):
    first, second = catalog.indicators_for("TTKT")[:2]
    shared = dataclasses.replace(second, aliases=(*second.aliases, "kiểm định chung"))
    own = dataclasses.replace(first, aliases=(*first.aliases, "kiểm định chung"))
    others = [i for i in catalog.indicators if i.code not in (first.code, second.code)]
    custom = Catalog(catalog.units, catalog.sections, [own, shared, *others], catalog.targets)
    content = simple_values([["", "Kiểm định chung", "", 5]])
    result = validate_content(content, "a.xlsx", custom, Context(today=TODAY))
    (problem,) = [p for p in result.problems if p.code == "ambiguous_indicator"]
    assert (problem.sheet, problem.row, problem.column) == ("Chỉ tiêu", 2, "A")
    assert first.name in problem.message and second.name in problem.message


def test_unknown_name_suggests_the_closest(catalog: Catalog):
    content = simple_values([["", "Phuong tien do duoc kiem dinh nam", "", 5]])
    result = validate_content(content, "a.xlsx", catalog, Context(today=TODAY))
    (problem,) = result.problems
    assert problem.code == "unknown_indicator"
    assert "Phương tiện đo được kiểm định" in problem.message


@pytest.mark.parametrize(("wild", "shown"), [
    (5.749, "5,749"), (1.25, "1,25"), (123456.789, "123.456,789"), (0.004, "0,004"),
])
def test_an_outlier_is_shown_exactly_as_read_never_rounded(sqlite_engine, catalog: Catalog,
                                                          wild: float, shown: str):
    """Mushroom seed (kg, an amount): history about 1.100 kg; the clerk typed 5.749 in an
    English Excel. The warning names 5,749 — not 5,75, not 6 — and the range as stored."""
    figures = [1100, 1080.5, 1120, 1095, 1110.25, 1090, 1105, 1100]
    labels = [f"T{m}/2022" for m in range(1, 9)]
    history = history_sheet(labels, [["TTUD_GIONG_NAM", "", *figures]])
    assert upload(sqlite_engine, history, "h.xlsx", "tester", unit="TTUD", today=TODAY).ok
    content = filled_template(catalog, "TTUD", Month(2022, 9), {"TTUD_GIONG_NAM": wild})
    outcome = upload(sqlite_engine, content, "w.xlsx", "tester", today=TODAY)
    (problem,) = outcome.validation.problems
    assert problem.code == "outlier"
    assert (problem.params["value"], problem.params["low"], problem.params["high"]) == \
        (shown, "1.080,5", "1.120")
    assert f"Giá trị {shown} của chỉ tiêu" in problem.message
