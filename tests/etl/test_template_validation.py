"""The template's data validation agrees with the loader (issue 12).

Every form a clerk may type — numbers, text numbers of every shape, qualifiers spelt every
way, percentages, negatives, words, blanks — is put into figure cells of a real template
(``etl.template.build_template``, over a catalogue with one indicator per form and kind)
and judged twice: by LibreOffice Calc, which evaluates each cell's real data-validation
rule (Tools › Detective › Mark Invalid Data, ``calc_invalid_cells.py``), and by the loader
(``validate_content`` of the same file). The two verdicts must be the same for every form
and every kind.

A second test, without LibreOffice, checks the lists the rules read against the loader for
every string of digits and separators up to eight characters.
"""

from __future__ import annotations

import functools
import io
import itertools
import json
import os
import shutil
import subprocess
import unicodedata
from dataclasses import replace
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from core.catalog import Catalog, Indicator
from core.months import Month
from core.numbers import AMOUNT, COUNT, PERCENT, check_kind, is_whole, parse_vn_number
from etl import layout, value_rule
from etl.pipeline import Context, validate_content
from etl.template import build_template
from etl.workbook import is_empty

JAN = Month(2023, 1)
TODAY = date(2024, 6, 15)
UNIT = "TTKT"
KINDS = (COUNT, AMOUNT, PERCENT)
HERE = Path(__file__).resolve().parent
# Calc judging ~600 cells takes minutes on a busy 2-core machine (5 at load 2, over 10 at 13)
CALC_TIMEOUT_S = 1500


class Formatted:
    """A number cell with a display format (a percentage, a date)."""

    def __init__(self, value: float, code: str):
        self.value, self.code = value, code

    def __repr__(self) -> str:
        return f"{self.value!r} as {self.code!r}"


def _nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def _keyboard(text: str) -> str:
    return value_rule._keyboard_form(text)


NUMBERS = [
    # one reading
    "5749", "5.749", "07", "0", "1.100", "1.234.567", "12,5", "1.234,5", "1.234.567,89",
    "0,125", "0,749", "12,0", "12,00", "5.00", "5.5", "12.50", "5.7490", "1 234", "5 749,5",
    "0.5", "1.234,0",
    # two readings, English only, or no number at all
    "5,749", "1,234", "12,500", "1,234,567", "1,234.5", "1.23.4", "1..2", "12.", ".5", ",5",
    "1,2,3", "1234.567", "0.125", "00.125", "012.345", "5,75", "1.2345.678",
]
QUALIFIERS = [
    "khoảng ", "Khoảng ", "KHOẢNG ", "khoang ", "khoãng ", _nfd("khoảng "),
    _keyboard("khoảng "), "hơn ", "trên ", "gần ", "xấp xỉ ", "xấp  xỉ ", "ước tính ", "ước ",
    "hon ", _nfd("ước tính "), _keyboard("Xấp xỉ "), "khoảng\u00a0", "  hơn   ",
]
TEXTS = [
    "năm", "5 cái", "hơn", "abc 5", "hơn20", "khoảng200", "-hơn 20", "hōn 20", "hơn khoảng 20",
    "5-10", "khoảng 200-300", "n/a", "-5", "-0", "khoảng -5", "- 5", "5749 ", " 07",
    "5\u00a0749", "85%", "85 %", "khoảng 85%", "hơn 96,15%", "85%%", "8%5", "%", "85% %",
    "0,85%", "5,749%", "", "   ", "\u00a0", "khoảng ", "hơn 1.200", "khoảng 200",
]
DATE_FORMAT = "DD/MM/YYYY"
NUMBER_CELLS: list[object] = [
    0, 5749, 12.5, 0.85, 5.749, -3, -0.5, 4.9999999999, 5.000000002, 1e12, 1100.0,
    Formatted(0.85, "0%"), Formatted(0.9615, "0.00%"), Formatted(45000, DATE_FORMAT),
    Formatted(5749, "#,##0"),
]


def forms() -> list[object]:
    """The forms of the class: numbers alone and after each qualifier, texts, cells."""
    texts = NUMBERS + [q + n for q in QUALIFIERS for n in ("200", "1.200", "12,5", "5,749")]
    texts += ["khoảng " + n for n in NUMBERS] + TEXTS
    return [*NUMBER_CELLS, *dict.fromkeys(texts)]


def probe_catalog(catalog: Catalog, count: int) -> tuple[Catalog, dict[str, list[str]]]:
    """The catalogue with ``count`` more indicators of each kind for the unit."""
    model = catalog.indicator("TTKT_KD_PTD")
    probes: list[Indicator] = []
    codes: dict[str, list[str]] = {}
    for kind in KINDS:
        codes[kind] = [f"PROBE_{kind.upper()}_{n:03d}" for n in range(count)]
        probes += [replace(model, code=code, name=f"Thử {kind} {n}", aliases=(),
                           value_kind=kind, headline=False)
                   for n, code in enumerate(codes[kind])]
    return replace(catalog, indicators=[*catalog.indicators, *probes]), codes


def filled_template(catalog: Catalog, codes: dict[str, list[str]], items: list[object]
                    ) -> tuple[bytes, dict[int, tuple[str, object]]]:
    """The unit's template with form n in the figure cell of each kind's n-th probe;
    (bytes, Excel row → (kind, form))."""
    wb = openpyxl.load_workbook(io.BytesIO(build_template(catalog, UNIT, JAN)))
    ws = wb[layout.SHEET_VALUES]
    rows = {ws.cell(row=r, column=1).value: r for r in range(2, ws.max_row + 1)}
    placed: dict[int, tuple[str, object]] = {}
    for kind in KINDS:
        for code, form in zip(codes[kind], items, strict=True):
            cell = ws.cell(row=rows[code], column=4)
            if isinstance(form, Formatted):
                cell.value, cell.number_format = form.value, form.code
            else:
                cell.value = form
            placed[rows[code]] = (kind, form)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue(), placed


def loader_refuses(catalog: Catalog, content: bytes, placed: dict[int, tuple[str, object]]
                   ) -> set[int]:
    result = validate_content(content, "mau.xlsx", catalog, Context(today=TODAY))
    loaded = {v.row for sub in result.submissions for v in sub.values}
    errors = {p.row for p in result.problems
              if p.severity == "error" and p.sheet == layout.SHEET_VALUES}
    assert not loaded & errors
    blank = {r for r, (_, form) in placed.items()
             if not isinstance(form, Formatted) and is_empty(form)}
    return {r for r in placed if r not in loaded and r not in blank}


def calc_refuses(content: bytes, tmp_path: Path) -> set[int]:
    """Excel rows whose figure cell LibreOffice finds invalid by its data validation."""
    source = tmp_path / "mau.xlsx"
    source.write_bytes(content)
    done = subprocess.run(
        ["/usr/bin/python3", str(HERE / "calc_invalid_cells.py"), str(tmp_path / "lo"),
         layout.SHEET_VALUES, str(source)],
        check=True, capture_output=True, text=True, timeout=CALC_TIMEOUT_S)
    cells = json.loads(done.stdout)[str(source)]
    assert all(column == 3 for _, column in cells), cells  # only figure cells have rules
    return {row + 1 for row, _ in cells}


def _calc_missing() -> str | None:
    """Why LibreOffice cannot judge the rules here (None when it can)."""
    if shutil.which("soffice") is None:
        return "LibreOffice not installed (libreoffice-calc-nogui)"
    if not any(Path(p).exists() for p in ("/usr/lib/libreoffice/program/libsclo.so",
                                          "/opt/libreoffice/program/libsclo.so")):
        return "LibreOffice Calc not installed (libreoffice-calc-nogui)"
    probe = subprocess.run(["/usr/bin/python3", "-c", "import uno"], capture_output=True)
    if probe.returncode != 0:
        return "LibreOffice's Python bridge not installed (python3-uno)"
    return None


@pytest.fixture(scope="module")
def calc() -> None:
    """LibreOffice Calc with its Python bridge: skipped locally when missing, a failure in
    CI (CI set), like the PostgreSQL server (scripts/install_system_deps.sh installs it)."""
    missing = _calc_missing()
    if missing is None:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{missing}: make system-deps")
    pytest.skip(missing)


@pytest.mark.timeout(CALC_TIMEOUT_S + 600)
def test_the_validation_rule_and_the_loader_agree(calc, tmp_path: Path, catalog: Catalog):
    items = forms()
    probes, codes = probe_catalog(catalog, len(items))
    content, placed = filled_template(probes, codes, items)
    loader = loader_refuses(probes, content, placed)
    calc_says = calc_refuses(content, tmp_path)
    # LibreOffice's CELL("format") says "G" for a date (Excel says "D…"), so only Excel's
    # rule can refuse a date-formatted cell; the loader must refuse it in every kind.
    dates = {r for r, (_, form) in placed.items()
             if isinstance(form, Formatted) and form.code == DATE_FORMAT}
    assert dates and dates <= loader
    disagree = sorted(
        (placed[r][0], repr(placed[r][1]), "Calc refuses" if r in calc_says else "loader refuses")
        for r in placed if r not in dates and (r in calc_says) != (r in loader))
    assert not disagree, "\n".join(map(str, disagree))
    verdicts = {placed[r]: r not in loader for r in placed}
    # the examples, in every kind, and the clear refusals
    for kind in KINDS:
        for form in ("khoảng 200", "hơn 1.200", "5.749", 5749, 0, ""):
            assert verdicts[(kind, form)], (kind, form)
        for form in (-3, "-5", "năm", "5 cái", "5,749", "1,234,567", "hơn"):
            assert not verdicts[(kind, form)], (kind, form)
    assert not verdicts[(COUNT, "5,75")] and verdicts[(AMOUNT, "5,75")]
    assert not verdicts[(COUNT, 12.5)] and verdicts[(AMOUNT, 12.5)]
    assert verdicts[(PERCENT, "85%")] and not verdicts[(COUNT, "85%")]
    assert not verdicts[(AMOUNT, "85%")]


# --- the lists the rule reads, against the loader, without LibreOffice -------------------

@functools.cache
def _shapes() -> dict[int, value_rule.Shape]:
    return {s.signature: s for s in value_rule.shape_table()}


def _rule_reads(text: str, kind: str) -> bool:
    """The text branch of the rule (etl/value_rule.py) over a number part, in Python: its
    shape is listed, its first digit is what the shape needs, a count's decimals are 0."""
    if not text or len(text) > value_rule.MAX_CHARS or set(text) - set("0123456789.,"):
        return False
    shape = _shapes().get(value_rule.signature(text))
    if shape is None:
        return False
    if shape.lead == value_rule.ZERO_LEAD and text[0] != "0":
        return False
    if shape.lead == value_rule.NONZERO_LEAD and text[0] == "0":
        return False
    digits = int(text.replace(".", "").replace(",", ""))
    return kind != COUNT or is_whole(digits / 10 ** shape.decimals)


def _loader_reads(text: str, kind: str) -> bool:
    parsed = parse_vn_number(text)
    return parsed is not None and check_kind(parsed, kind)[1] is None


def test_the_shape_lists_are_the_loaders_for_every_short_number():
    checked = 0
    for size in range(1, 9):
        for chars in itertools.product("01.,", repeat=size):
            text = "".join(chars)
            for kind in (COUNT, AMOUNT):
                assert _rule_reads(text, kind) == _loader_reads(text, kind), (text, kind)
            checked += 1
    assert checked == sum(4 ** n for n in range(1, 9))


@pytest.mark.parametrize("text", ["1.234.567.890,125", "12.345.678.901.234", "9" * 26,
                                  "1,0000000001", "123.456.789.012,0001", "5" * 27])
def test_long_numbers(text: str):
    for kind in (COUNT, AMOUNT):
        assert _rule_reads(text, kind) == (_loader_reads(text, kind) and len(text) <= 26)


def test_each_figure_cell_judges_itself(catalog: Catalog):
    wb = openpyxl.load_workbook(io.BytesIO(build_template(catalog, "KHTC", JAN)))
    ws = wb[layout.SHEET_VALUES]
    rules = {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}
    for r in range(2, ws.max_row + 1):
        kind = catalog.indicator(ws.cell(row=r, column=1).value).value_kind
        rule = rules[f"D{r}"]
        assert rule.type == "custom" and rule.formula1 == value_rule.verdict_name(r)
        assert rule.allow_blank and rule.showErrorMessage and len(rule.error) <= 255
        names = value_rule.cell_names(ws.title, r, "D", kind)
        for name, formula in names.items():
            defined = wb.defined_names[name]
            assert defined.attr_text == formula and defined.hidden
            assert len(formula) <= 8192  # Excel's limit for a name's formula
            assert f"'{ws.title}'!$D${r}" in formula or "$D$" not in formula
    for name, column in value_rule.LIST_COLUMNS.items():
        assert wb.defined_names[name].attr_text.startswith(f"_ds!${column}$1:")
    assert wb["_ds"].sheet_state == "hidden"


def test_every_qualifier_spelling_is_listed_as_keyboards_type_it():
    words = set(value_rule.qualifier_words())
    for spelling in ("khoảng", "khoãng", "hon", "xấp xỉ", "ước tính"):
        for form in (spelling, _nfd(spelling), _keyboard(spelling)):
            assert form + " " in words
            assert parse_vn_number(form + " 20") is not None
    assert _keyboard("khoảng") == "kho" + "a\u0309" + "ng"
    assert _keyboard("ước") == "\u01b0\u01a1\u0301c"  # ư, ơ composed; the tone combining
