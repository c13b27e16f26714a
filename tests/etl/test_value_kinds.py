"""No wrong number loads silently: each indicator's kind (count, amount, percent) decides
which figures load, an ambiguous text is asked about, a cell formatted as a percentage
is read as one — in every workbook format, in monthly and history sheets."""

from __future__ import annotations

from datetime import date

import pytest
from etl_files import db_dump
from value_workbooks import BUILDERS, Fmt, Pct, book, xlsx

from actions.base import ActionError
from actions.submissions import ingest
from core.catalog import Catalog
from core.months import Month
from etl.pipeline import Context, validate_content
from tests.actors import OFFICE

TODAY = date(2024, 6, 15)
# One indicator of each kind (data/catalog.yaml value_kind)
COUNT = ("TTKT", "TTKT_KD_PTD")  # phương tiện đo
AMOUNT = ("KHTC", "KHTC_GIAINGAN")  # triệu đồng
PERCENT = ("KHTC", "KHTC_TYLE_GIAINGAN")  # %
KG = ("TTUD", "TTUD_GIONG_NAM")  # kg: an amount too


def _check(cell: object, which=COUNT, fmt: str = "xlsx", month: str = "01/2023"):
    unit, code = which
    content = BUILDERS[fmt](book(unit, month, [[code, "", "", cell, ""]]))
    return validate_content(content, f"bc.{fmt}", CATALOG, Context(today=TODAY))


CATALOG: Catalog


@pytest.fixture(autouse=True)
def _catalog(catalog: Catalog) -> None:
    global CATALOG
    CATALOG = catalog


def _loaded(result) -> float | None:
    assert result.ok, [p.message for p in result.problems]
    (sub,) = result.submissions
    (value,) = sub.values
    return value.value


def _refused(result) -> tuple[str, dict]:
    (problem,) = result.problems
    assert problem.is_error and (problem.sheet, problem.row, problem.column) == \
        ("Chỉ tiêu", 2, "D")
    assert not result.submissions or not result.submissions[0].values
    return problem.code, dict(problem.params)


def test_the_catalogue_gives_every_indicator_a_kind(catalog: Catalog) -> None:
    kinds = {i.code: i.value_kind for i in catalog.indicators}
    assert set(kinds.values()) == {"count", "amount", "percent"}
    assert (kinds["TTKT_KD_PTD"], kinds["KHTC_GIAINGAN"], kinds["KHTC_TYLE_GIAINGAN"],
            kinds["TTUD_GIONG_NAM"]) == ("count", "amount", "percent", "amount")
    # Every % indicator is a percentage, every money indicator an amount.
    for ind in catalog.indicators:
        if ind.unit == "%":
            assert ind.value_kind == "percent", ind.code
        if ind.unit in ("đồng", "nghìn đồng", "triệu đồng", "tỷ đồng", "kg", "tấn"):
            assert ind.value_kind == "amount", ind.code


# --- text as written, per kind -----------------------------------------------------------

@pytest.mark.parametrize(("which", "text", "value"), [
    (COUNT, "5.749", 5749), (COUNT, "5749", 5749), (COUNT, "07", 7), (COUNT, "0", 0),
    (COUNT, "1.234.567", 1234567), (COUNT, "12,0", 12), (COUNT, " 5 749 ", 5749),
    (AMOUNT, "12,5", 12.5), (AMOUNT, "1.234,56", 1234.56), (AMOUNT, "0,125", 0.125),
    (AMOUNT, "12,50", 12.5), (AMOUNT, "12.5", 12.5), (AMOUNT, "5.749", 5749),
    (KG, "1.100", 1100), (KG, "1.100,5", 1100.5),
    (PERCENT, "96,15", 96.15), (PERCENT, "96,15%", 96.15), (PERCENT, "85%", 85),
    (PERCENT, "85 %", 85), (PERCENT, "0,85", 0.85), (PERCENT, "120%", 120),
])
def test_text_with_one_reading_loads(which, text: str, value: float) -> None:
    assert _loaded(_check(text, which)) == pytest.approx(value)


@pytest.mark.parametrize("which", [COUNT, AMOUNT, PERCENT, KG])
@pytest.mark.parametrize(("text", "decimal", "thousands"), [
    ("5,749", "5,749", "5.749"), ("1,234", "1,234", "1.234"), ("12,500", "12,5", "12.500"),
    ("khoảng 1,000", "1", "1.000"), ("hơn 999,999", "999,999", "999.999"),
])
def test_a_comma_and_three_digits_is_asked_about_whatever_the_kind(which, text, decimal,
                                                                   thousands) -> None:
    code, params = _refused(_check(text, which))
    assert code == "ambiguous_number"
    assert (params["value"], params["decimal"], params["thousands"]) == \
        (text, decimal, thousands)
    message = _check(text, which).problems[0].message
    assert decimal in message and thousands in message


@pytest.mark.parametrize("which", [COUNT, AMOUNT])
@pytest.mark.parametrize(("text", "hint"), [
    ("1,234,567", "1.234.567"), ("1,234.5", "1.234,5"), ("12,345,678.91", "12.345.678,91"),
])
def test_english_notation_is_refused_with_the_vietnamese_form(which, text, hint) -> None:
    result = _check(text, which)
    code, params = _refused(result)
    assert (code, params["hint"], params["value"]) == ("english_number", hint, text)
    assert f"Có phải {hint}?" in result.problems[0].message


@pytest.mark.parametrize(("text", "shown", "hint"), [
    ("5,75", "5,75", "5.750"), ("12,5", "12,5", "12.500"), ("5.75", "5.75", "5.750"),
    ("1.234,5", "1.234,5", "1.234.500"), ("khoảng 2,5", "khoảng 2,5", "2.500"),
])
def test_a_fraction_for_a_count_is_an_error_with_a_hint(text, shown, hint) -> None:
    result = _check(text, COUNT)
    code, params = _refused(result)
    assert (code, params["value"], params["hint"]) == ("count_not_whole", shown, hint)
    assert params["unit"] == "phương tiện đo"
    assert f"{shown} — có phải {hint}?" in result.problems[0].message


def test_a_fraction_with_no_thousands_reading_says_so_without_a_guess() -> None:
    code, params = _refused(_check("0,1234", COUNT))
    assert code == "count_fraction" and params["value"] == "0,1234" and "hint" not in params


@pytest.mark.parametrize("which", [COUNT, AMOUNT, KG])
@pytest.mark.parametrize("text", ["85%", "khoảng 85%", "0,5 %"])
def test_a_percentage_for_an_indicator_that_is_none_is_an_error(which, text) -> None:
    code, params = _refused(_check(text, which))
    assert code == "percent_not_allowed" and params["value"] == text


# --- numbers as Excel stores them --------------------------------------------------------

@pytest.mark.parametrize("fmt", ["xlsx", "xls", "ods"])
def test_an_english_5_749_in_a_count_cell_is_refused_with_the_exact_figure(fmt) -> None:
    """Typed 5.749 into an English Excel: stored 5.749, shown 5,75 — never 5,749 or 6."""
    result = _check(Fmt(5.749, "#,##0.00"), COUNT, fmt)
    code, params = _refused(result)
    assert (code, params["value"], params["hint"]) == ("count_not_whole", "5,749", "5.749")
    assert "5,749 — có phải 5.749?" in result.problems[0].message


@pytest.mark.parametrize("fmt", ["xlsx", "xls", "ods"])
@pytest.mark.parametrize(("cell", "value"), [
    (5749.0, 5749), (0.0, 0), (4.9999999999, 5), (Fmt(1100.0, "#,##0"), 1100),
])
def test_whole_numbers_load_for_a_count(fmt, cell, value) -> None:
    assert _loaded(_check(cell, COUNT, fmt)) == value


@pytest.mark.parametrize("fmt", ["xlsx", "xls", "ods"])
@pytest.mark.parametrize("which", [AMOUNT, KG])
def test_amounts_keep_their_decimals_exactly(fmt, which) -> None:
    assert _loaded(_check(Fmt(1234.567, "#,##0.0"), which, fmt)) == 1234.567


@pytest.mark.parametrize("fmt", ["xlsx", "xls", "ods"])
@pytest.mark.parametrize(("cell", "value"), [
    (Pct(0.85), 85), (Pct(0.9615, "0.00%"), 96.15), (Pct(1.2), 120), (Pct(0.0), 0),
    (Pct(0.005, "0.0%"), 0.5),
])
def test_a_cell_formatted_as_a_percentage_loads_as_percent_points(fmt, cell, value) -> None:
    assert _loaded(_check(cell, PERCENT, fmt)) == pytest.approx(value)


@pytest.mark.parametrize("fmt", ["xlsx", "xls", "ods"])
@pytest.mark.parametrize("which", [COUNT, AMOUNT, KG])
def test_a_cell_formatted_as_a_percentage_is_an_error_for_other_kinds(fmt, which) -> None:
    result = _check(Pct(0.85), which, fmt)
    code, params = _refused(result)
    assert (code, params["value"]) == ("percent_not_allowed", "85%")
    assert "85%" in result.problems[0].message


@pytest.mark.parametrize("code", ["#,##0.0%", "0%;[Red]-0%", "[>=1]0%;0.0%"])
def test_custom_percentage_formats_are_recognised(code: str) -> None:
    assert _loaded(_check(Pct(0.5, code), PERCENT)) == 50
    assert _refused(_check(Pct(0.5, code), AMOUNT))[0] == "percent_not_allowed"


@pytest.mark.parametrize("code", ['0" %"', '0\\%', "#,##0.00", "General"])
def test_a_percent_sign_that_is_only_text_in_the_format_is_no_percentage(code: str) -> None:
    assert _loaded(_check(Fmt(0.85, code), AMOUNT)) == 0.85


def test_percent_cells_elsewhere_do_not_touch_the_figures() -> None:
    """A % comparison column beside the figure is never read as the figure."""
    rows = [["TTKT_KD_PTD", "", "", 5749, Pct(0.9615)]]
    result = validate_content(xlsx(book(*COUNT[:1], "01/2023", rows)), "a.xlsx", CATALOG,
                              Context(today=TODAY))
    assert _loaded(result) == 5749


# --- history sheets: the same rules per cell ---------------------------------------------

def _history(rows, unit="KHTC") -> object:
    sheets = {"Thông tin": [["Mã đơn vị", unit]],
              "Lịch sử": [["Mã chỉ tiêu", "Tên chỉ tiêu", "T1/2023", "T2/2023", "T3/2023"],
                          *rows]}
    return validate_content(xlsx(sheets), "ls.xlsx", CATALOG, Context(today=TODAY))


def test_history_cells_follow_the_kind_of_their_indicator() -> None:
    result = _history([
        ["KHTC_TYLE_GIAINGAN", "", Pct(0.1), "12,5%", 30.25],
        ["KHTC_GIAINGAN", "", 1234.5, "1.300,25", Pct(0.5)],
        ["KHTC_DUTOAN", "", "5,000", 5000, 5000],
    ])
    codes = sorted((p.code, p.row, p.column) for p in result.problems)
    assert codes == [("ambiguous_number", 4, "C"), ("percent_not_allowed", 3, "E")]


def test_a_count_in_a_history_sheet_must_be_whole_in_every_month() -> None:
    rows = [["TTKT_KD_PTD", "", 5749.0, 5.749, "5,749"],
            ["TTKT_THU_NGHIEM", "", 544.0, 4.9999999999, "1.000"]]
    result = _history(rows, unit="TTKT")
    found = sorted((p.code, p.row, p.column, p.params.get("value")) for p in result.problems)
    assert found == [("ambiguous_number", 2, "E", "5,749"),
                     ("count_not_whole", 2, "D", "5,749")]


def test_history_percentages_load_as_points() -> None:
    result = _history([["KHTC_TYLE_GIAINGAN", "", Pct(0.1), "12,5%", 30.25]])
    assert result.ok, [p.message for p in result.problems]
    got = {s.month: s.values[0].value for s in result.submissions}
    assert got == {Month(2023, 1): pytest.approx(10), Month(2023, 2): 12.5,
                   Month(2023, 3): 30.25}


# --- a refused figure changes nothing ----------------------------------------------------

@pytest.mark.parametrize("cell", ["5,749", Fmt(5.749, "0.00"), Pct(0.85), "1,234,567"])
def test_ingest_of_a_refused_figure_leaves_the_database_unchanged(sqlite_engine, cell):
    content = xlsx(book("TTKT", "01/2023", [["TTKT_KD_PTD", "", "", cell, ""],
                                          ["TTKT_THU_NGHIEM", "", "", 544, ""]]))
    before = db_dump(sqlite_engine)
    with pytest.raises(ActionError) as refused:
        ingest(sqlite_engine, OFFICE, content, "bc.xlsx", today=TODAY)
    assert refused.value.key == "upload.load_refused"
    assert [p.code for p in refused.value.problems if p.is_error] and \
        all(p.row == 2 for p in refused.value.problems if p.is_error)
    assert db_dump(sqlite_engine) == before


def test_every_problem_of_the_value_rules_renders_in_vietnamese() -> None:
    cases = ["5,749", "1,234,567", "5,75", "0,1234", "85%"]
    for text in cases:
        (problem,) = _check(text, COUNT).problems
        message = problem.message
        assert "{" not in message and "Hãy" in message, message
        assert problem.to_json()["code"] == problem.code
