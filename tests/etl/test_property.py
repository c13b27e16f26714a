"""Whatever workbook arrives, validation answers with figures and problems, never a crash.

The pipeline turns any exception into the problem ``unexpected`` ("lỗi không lường
trước", logged server-side), so "no exception" proves nothing: each property asserts that
no problem has that code, and that every problem renders its Vietnamese message.

The workbooks are built from scratch in .xlsx, .xls and .ods: the real template with
random edits, free-form tables (title rows, header synonyms in any order, codes, names and
aliases of real indicators, group and total rows, messy figures) with or without an info
sheet, activity and plan sheets, and wide history sheets with month labels in every form
people write (some in the future, some not months at all).
"""

from __future__ import annotations

import io
import json
import re
from datetime import date

import openpyxl
from etl_files import ods, xls, xlsx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.catalog import load_catalog
from core.months import Month
from etl import layout
from etl.model import ValidationResult
from etl.pipeline import UNEXPECTED, Context, validate_content
from etl.template import build_template

CATALOG = load_catalog()
TODAY = date(2024, 1, 1)
TEMPLATE = build_template(CATALOG, "TTKT", Month(2023, 1))
UNITS = sorted(u.code for u in CATALOG.units if u.kind == "unit")
INDICATORS = CATALOG.indicators
SECTIONS = sorted(s.code for s in CATALOG.sections)

# Text without characters XML 1.0 forbids (openpyxl refuses them when writing).
TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=30)
FIGURE_TEXT = st.sampled_from([
    "hơn 20", "khoảng 1.234,5", "5.749", "07", "-3", "1.2.3", "%", "12,5", "1.100", "0",
    "gần 300", "trên 1.000", "5 749", "5,749", "—", "x", "không", "N/A", "1e3",
])
NUMBER = st.one_of(st.integers(-10**12, 10**12),
                   st.floats(allow_nan=False, allow_infinity=False, width=32))
CELL = st.one_of(st.none(), TEXT, NUMBER, FIGURE_TEXT, st.booleans(),
                 st.dates(date(1900, 3, 1), date(2100, 1, 1)),
                 st.sampled_from(["=1+1", "TTKT_KD_PTD", "Tổng cộng", "I", "T1/2023",
                                  "01/2023", "Lũy kế"]))
MONTH_TEXT = st.one_of(
    st.builds(lambda y, m: f"{m:02d}/{y}", st.integers(2015, 2026), st.integers(1, 12)),
    st.builds(lambda y, m: f"tháng {m} năm {y}", st.integers(2015, 2026), st.integers(1, 13)),
    st.builds(lambda y, m: f"{y}-{m:02d}", st.integers(2015, 2026), st.integers(0, 12)),
    TEXT,
)
HISTORY_LABEL = st.one_of(
    st.builds(lambda y, m: f"T{m}/{y}", st.integers(2019, 2025), st.integers(1, 12)),
    st.builds(lambda y, m: f"{m:02d}/{y}", st.integers(2019, 2025), st.integers(1, 12)),
    st.builds(lambda y, m: f"Tháng {m}/{y}", st.integers(2019, 2025), st.integers(1, 12)),
    st.builds(lambda y, m: f"Tháng {m} năm {y}", st.integers(2019, 2025), st.integers(1, 12)),
    st.builds(lambda y, m: f"{y}-{m:02d}", st.integers(2019, 2025), st.integers(1, 12)),
    st.builds(date, st.integers(2019, 2025), st.integers(1, 12), st.just(1)),
    st.sampled_from(["Ghi chú", "Lũy kế", "Tổng", ""]),
)
# Header words per column role, as people write them (etl/layout.py has the synonyms).
HEADER_WORDS = {
    "stt": ["STT", "TT", "Số TT"],
    "code": ["Mã chỉ tiêu", "Mã", "MÃ SỐ", "code"],
    "name": ["Tên chỉ tiêu", "Chỉ tiêu", "Nội dung", "nội dung chỉ tiêu"],
    "unit": ["Đơn vị tính", "ĐVT", "đơn vị"],
    "value": ["Giá trị", "Số lượng", "Kết quả", "Thực hiện tháng", "Tháng 01/2023",
              "Tháng này"],
    "ytd": ["Lũy kế", "Lũy kế từ đầu năm"],
    "compare": ["%", "So sánh cùng kỳ", "Kế hoạch"],
    "note": ["Ghi chú", "Chú thích"],
}
SHEET_NAMES = ["Chỉ tiêu", "Sheet1", "Báo cáo", "BC tháng", "Số liệu", "Lịch sử"]


def _indicator_label(role: str):
    ind = st.sampled_from(INDICATORS)
    if role == "code":
        return st.one_of(ind.map(lambda i: i.code), ind.map(lambda i: i.code.lower()), TEXT)
    names = ind.map(lambda i: i.name)
    aliases = ind.filter(lambda i: bool(i.aliases)).map(lambda i: i.aliases[0])
    return st.one_of(names, aliases, names.map(str.upper), TEXT,
                     st.sampled_from(["Tổng cộng", "I", "II", "A", "1.", "2.1", "Cộng"]))


def _cell_for(role: str):
    if role in ("code", "name"):
        return _indicator_label(role)
    if role == "stt":
        return st.one_of(st.integers(1, 200), st.sampled_from(["I", "II", "1", "a"]), st.none())
    if role == "unit":
        return st.sampled_from(["phương tiện", "lượt", "tin bài", "", None])
    if role == "note":
        return st.one_of(st.none(), TEXT)
    if role == "value":  # mostly plausible figures, so files also pass and load values
        return st.one_of(st.integers(0, 100_000), st.integers(0, 100_000), st.none(), CELL)
    return CELL


@st.composite
def table_sheets(draw) -> dict[str, list[list[object]]]:
    """A free-form month table, maybe with an info sheet, activities and a plan."""
    sheets: dict[str, list[list[object]]] = {}
    if draw(st.booleans()):
        info = []
        if draw(st.booleans()):
            info.append([layout.INFO_UNIT_CODE, draw(st.one_of(st.sampled_from(UNITS), TEXT))])
        if draw(st.booleans()):
            info.append([layout.INFO_MONTH, draw(MONTH_TEXT)])
        sheets[layout.SHEET_INFO] = info or [[None]]
    roles = draw(st.lists(st.sampled_from(list(HEADER_WORDS)), min_size=1, max_size=6,
                          unique=True))
    header = [draw(st.sampled_from(HEADER_WORDS[r])) for r in roles]
    titles = draw(st.lists(st.one_of(
        st.builds(lambda m: f"BÁO CÁO KẾT QUẢ THÁNG {m}", MONTH_TEXT),
        st.sampled_from([f"Đơn vị: {u.name}" for u in CATALOG.units]),
        TEXT), max_size=3))
    rows = [[t] for t in titles] + [header]
    for _ in range(draw(st.integers(0, 14))):
        rows.append([draw(_cell_for(r)) for r in roles])
    sheets[draw(st.sampled_from(SHEET_NAMES))] = rows
    if draw(st.booleans()):
        activity_rows: list[list[object]] = [list(layout.ACTIVITY_HEADERS)]
        for _ in range(draw(st.integers(0, 5))):
            activity_rows.append([draw(st.one_of(st.sampled_from(SECTIONS), TEXT)),
                                  draw(TEXT), draw(st.one_of(st.none(), TEXT))])
        sheets[layout.SHEET_ACTIVITIES] = activity_rows
    if draw(st.booleans()):
        plan_rows = [list(layout.PLAN_HEADERS)]
        plan_rows += [[n, draw(TEXT)] for n in range(1, draw(st.integers(0, 4)) + 1)]
        sheets[layout.SHEET_PLAN] = plan_rows
    return sheets


@st.composite
def history_sheets(draw) -> dict[str, list[list[object]]]:
    """A wide history sheet: indicators down, months across (3 or more, or fewer)."""
    labels = draw(st.lists(HISTORY_LABEL, min_size=1, max_size=8))
    first = draw(st.sampled_from([["Mã chỉ tiêu", "Tên chỉ tiêu"], ["Chỉ tiêu"], ["Mã"]]))
    rows: list[list[object]] = []
    if draw(st.booleans()):
        rows.append([draw(st.sampled_from([f"Đơn vị: {u.name}" for u in CATALOG.units]))])
    rows.append([*first, *labels])
    for _ in range(draw(st.integers(0, 10))):
        lead = [draw(_indicator_label("code" if h.startswith("Mã") else "name")) for h in first]
        rows.append([*lead, *(draw(CELL) for _ in labels)])
    sheets = {draw(st.sampled_from(SHEET_NAMES)): rows}
    if draw(st.booleans()):
        sheets[layout.SHEET_INFO] = [[layout.INFO_UNIT_CODE, draw(st.sampled_from(UNITS))]]
    return sheets


@st.composite
def template_edits(draw) -> bytes:
    """The real template with random cells written anywhere on its sheets."""
    positions = st.tuples(st.sampled_from([layout.SHEET_INFO, layout.SHEET_VALUES,
                                           layout.SHEET_ACTIVITIES, layout.SHEET_PLAN]),
                          st.integers(1, 40), st.integers(1, 8))
    wb = openpyxl.load_workbook(io.BytesIO(TEMPLATE))
    for (sheet, row, col), value in draw(st.lists(st.tuples(positions, CELL), max_size=15)):
        wb[sheet].cell(row=row, column=col, value=value)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _writable(value: object, fmt: str) -> object:
    """What each writer accepts: .xls and .ods cells are text, numbers, dates or empty."""
    if fmt == "ods" and isinstance(value, date):
        return value.isoformat()
    if fmt in ("xls", "ods") and isinstance(value, bool):
        return int(value)
    return value


@st.composite
def workbooks(draw) -> bytes:
    kind = draw(st.sampled_from(["template", "table", "history"]))
    if kind == "template":
        return draw(template_edits())
    sheets = draw(table_sheets() if kind == "table" else history_sheets())
    fmt = draw(st.sampled_from(["xlsx", "xls", "ods"]))
    sheets = {name: [[_writable(v, fmt) for v in row] for row in rows]
              for name, rows in sheets.items()}
    return {"xlsx": xlsx, "xls": xls, "ods": ods}[fmt](sheets)


CONTEXTS = st.builds(
    Context,
    unit=st.one_of(st.none(), st.sampled_from(UNITS)),
    month=st.one_of(st.none(), st.builds(Month, st.integers(2020, 2024), st.integers(1, 12))),
    today=st.just(TODAY),
)


def _assert_sound(result: ValidationResult) -> None:
    """No crash in disguise; every problem shows; the JSON is strict; figures are sane."""
    codes = {p.code for p in result.problems}
    assert UNEXPECTED not in codes, [p.params for p in result.problems if p.code == UNEXPECTED]
    for p in result.problems:
        assert p.severity in ("error", "warning")
        message = p.message  # rendered now: a missing parameter would raise here
        assert message.strip() and not re.search(r"\{\w+\}", message), (p.code, message)
        assert p.row is None or p.row >= 1
        assert p.column is None or re.fullmatch(r"[A-Z]{1,3}", p.column)
    assert result.ok == (not result.errors)
    json.dumps(result.to_json(), allow_nan=False)
    for sub in result.submissions:
        assert sub.unit in UNITS and sub.month <= Month.of(TODAY)
        assert all(v.value >= 0 and v.indicator in CATALOG.indicator_by_code
                   for v in sub.values)


@settings(max_examples=120, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(workbooks(), CONTEXTS)
def test_any_workbook_gives_figures_and_problems_never_a_crash(content: bytes, ctx: Context):
    _assert_sound(validate_content(content, "p.xlsx", CATALOG, ctx))


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=600))
def test_arbitrary_bytes_never_raise(content):
    result = validate_content(content, "x.xlsx", CATALOG, Context())
    assert not result.ok and result.errors
    _assert_sound(result)


@settings(max_examples=30, deadline=None)
@given(st.binary(min_size=1, max_size=300), st.integers(0, 2))
def test_corrupted_xlsx_never_raises(noise, third):
    damaged = bytearray(TEMPLATE)
    start = len(damaged) * third // 3
    damaged[start:start + len(noise)] = noise
    _assert_sound(validate_content(bytes(damaged), "x.xlsx", CATALOG, Context(today=TODAY)))
