"""Arbitrary cell contents in a template never raise: every outcome is a result."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.catalog import load_catalog
from core.months import Month
from etl.pipeline import Context, validate_content
from etl.template import build_template

CATALOG = load_catalog()
TEMPLATE = build_template(CATALOG, "TTKT", Month(2023, 1))
# Text without characters XML 1.0 forbids (openpyxl refuses them when writing).
TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=30)
CELL = st.one_of(
    st.none(), TEXT, st.integers(-10**12, 10**12),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.booleans(), st.dates(date(1900, 3, 1), date(2100, 1, 1)),
    st.sampled_from(["hơn 20", "khoảng 1.234,5", "5.749", "07", "-3", "=1+1", "1.2.3", "%",
                     "TTKT_KD_PTD", "Tổng cộng", "I", "T1/2023", "01/2023", "Lũy kế"]),
)
POSITIONS = st.tuples(st.sampled_from(["Thông tin", "Chỉ tiêu", "Hoạt động", "Kế hoạch"]),
                      st.integers(1, 12), st.integers(1, 6))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(POSITIONS, CELL), max_size=12))
def test_arbitrary_cells_never_raise(edits):
    wb = openpyxl.load_workbook(io.BytesIO(TEMPLATE))
    for (sheet, row, col), value in edits:
        wb[sheet].cell(row=row, column=col, value=value)
    out = io.BytesIO()
    wb.save(out)
    result = validate_content(out.getvalue(), "p.xlsx", CATALOG, Context(today=date(2024, 1, 1)))
    assert all(p.message and p.severity in ("error", "warning") for p in result.problems)
    assert "unexpected" not in {p.code for p in result.problems}
    assert result.ok or result.errors
    assert isinstance(result.to_json()["values"], list)
    for sub in result.submissions:
        assert all(v.value >= 0 for v in sub.values)


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=600))
def test_arbitrary_bytes_never_raise(content):
    result = validate_content(content, "x.xlsx", CATALOG, Context())
    assert not result.ok and result.errors


@settings(max_examples=30, deadline=None)
@given(st.binary(min_size=1, max_size=300))
def test_corrupted_xlsx_never_raises(noise):
    damaged = bytearray(TEMPLATE)
    start = len(damaged) // 3
    damaged[start:start + len(noise)] = noise
    result = validate_content(bytes(damaged), "x.xlsx", CATALOG, Context())
    assert isinstance(result.ok, bool)
