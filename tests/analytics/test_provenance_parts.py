"""Which stored values make up a figure (``analytics.provenance.figure_parts``): sums over
months and units, running totals, successors and merged units, gaps and zeros."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest

from analytics.provenance import PART_COLUMNS, figure_parts
from analytics.ytd import LAST, SUM
from core.catalog import Catalog, load_catalog
from core.months import Month, ReportPeriod, year_to_date

SUMMED = "TTKT_KD_PTD"  # aggregation sum
RUNNING = "KHTC_GIAINGAN"  # aggregation last (a running total)


@pytest.fixture(scope="module")
def cat() -> Catalog:
    return load_catalog()


def _frame(rows) -> pd.DataFrame:
    """rows: (unit, period, indicator, value[, qualifier]) → the figures frame."""
    out = []
    for n, r in enumerate(rows, start=1):
        unit, period, code, value = r[:4]
        qualifier = r[4] if len(r) > 4 else None
        out.append((unit, period, code, float(value), qualifier, 100 + n, 1, "approved"))
    return pd.DataFrame(out, columns=list(PART_COLUMNS))


def test_catalogue_rules_the_tests_rely_on(cat: Catalog) -> None:
    assert cat.indicator(SUMMED).aggregation == SUM
    assert cat.indicator(RUNNING).aggregation == LAST


def test_one_unit_one_month_is_one_value_with_its_qualifier(cat: Catalog) -> None:
    frame = _frame([("TTKT", "2023-01", SUMMED, 80, "about"), ("TTKT", "2023-02", SUMMED, 5)])
    found = figure_parts(frame, cat, SUMMED, [Month(2023, 1)], ["TTKT"])
    assert found.single and found.value == 80.0
    assert list(found.parts.columns) == list(PART_COLUMNS)
    assert list(found.parts.index) == [0]
    assert found.parts.loc[0, "qualifier"] == "about"
    assert int(found.parts.loc[0, "submission_id"]) == 101


def test_a_quarter_sums_its_months_and_leaves_gaps_out(cat: Catalog) -> None:
    frame = _frame([("TTKT", "2023-01", SUMMED, 5749), ("TTKT", "2023-03", SUMMED, 0),
                    ("TTKT", "2023-04", SUMMED, 999), ("TTKT", "2022-12", SUMMED, 7),
                    ("TTKT", "2023-02", "TTKT_THU_NGHIEM", 544)])
    found = figure_parts(frame, cat, SUMMED, ReportPeriod.parse("2023-Q1").months)
    assert found.aggregation == SUM and not found.single
    assert list(found.parts["period"]) == ["2023-01", "2023-03"]  # February: no data
    assert found.value == 5749.0  # a zero is a value, counted as zero


def test_units_add_up_in_catalogue_order_and_a_unit_filter_keeps_only_it(cat: Catalog
                                                                         ) -> None:
    units = [u.code for u in cat.units if u.kind == "unit"]
    first, second = units[0], units[1]
    frame = _frame([(second, "2023-01", SUMMED, 2), (first, "2023-01", SUMMED, 3)])
    everyone = figure_parts(frame, cat, SUMMED, [Month(2023, 1)])
    assert list(everyone.parts["unit"]) == [first, second] and everyone.value == 5.0
    only = figure_parts(frame, cat, SUMMED, [Month(2023, 1)], [second])
    assert list(only.parts["unit"]) == [second] and only.value == 2.0


def test_a_running_total_takes_the_latest_month_with_data(cat: Catalog) -> None:
    frame = _frame([("KHTC", "2023-01", RUNNING, 10), ("KHTC", "2023-02", RUNNING, 25),
                    ("KHTC", "2023-04", RUNNING, 99)])
    found = figure_parts(frame, cat, RUNNING, year_to_date(Month(2023, 3)))
    assert found.aggregation == LAST
    assert list(found.parts["period"]) == ["2023-02"] and found.value == 25.0
    two = figure_parts(frame, cat, RUNNING, [Month(2023, 1), Month(2023, 2)])
    assert two.aggregation == LAST and two.value == 25.0 and len(two.parts) == 1
    # One month of a running total is that month's value, never "the latest".
    one = figure_parts(frame, cat, RUNNING, [Month(2023, 1)])
    assert one.aggregation == SUM and one.value == 10.0


def test_a_unit_the_catalogue_no_longer_knows_comes_last(cat: Catalog) -> None:
    frame = _frame([("GONE_UNIT", "2023-01", SUMMED, 1), ("TTKT", "2023-01", SUMMED, 2)])
    found = figure_parts(frame, cat, SUMMED, [Month(2023, 1)])
    assert list(found.parts["unit"]) == ["TTKT", "GONE_UNIT"] and found.value == 3.0
    assert list(found.parts.columns) == list(PART_COLUMNS)


def test_no_data_is_no_value_never_zero(cat: Catalog) -> None:
    empty = figure_parts(_frame([]), cat, SUMMED, [Month(2023, 1)])
    assert empty.parts.empty and empty.value is None and not empty.single
    other = figure_parts(_frame([("TTKT", "2023-01", "TTKT_THU_NGHIEM", 3)]), cat, SUMMED,
                         [Month(2023, 1)])
    assert other.value is None
    nothing = figure_parts(_frame([("TTKT", "2023-01", SUMMED, 3)]), cat, SUMMED, [])
    assert nothing.value is None


def test_successors_continue_a_line_and_supersede_in_the_same_month(cat: Catalog) -> None:
    old, new = SUMMED, "TTKT_THU_NGHIEM"
    indicators = [replace(i, successor=new) if i.code == old else i for i in cat.indicators]
    chained = replace(cat, indicators=indicators)
    frame = _frame([("TTKT", "2023-01", old, 5), ("TTKT", "2023-02", old, 6),
                    ("TTKT", "2023-02", new, 7)])
    found = figure_parts(frame, chained, new, [Month(2023, 1), Month(2023, 2)])
    assert list(zip(found.parts["period"], found.parts["indicator"], strict=True)) == [
        ("2023-01", old), ("2023-02", new)]
    assert found.value == 12.0
    # The predecessor's own figure is its own line only.
    assert figure_parts(frame, chained, old, [Month(2023, 2)]).value == 6.0


def test_a_merged_unit_counts_as_its_successor(cat: Catalog) -> None:
    units = [replace(u, successor="TTKT") if u.code == "KHTC" else u for u in cat.units]
    merged = replace(cat, units=units)
    frame = _frame([("KHTC", "2023-01", SUMMED, 4), ("TTKT", "2023-02", SUMMED, 6),
                    ("KHTC", "2023-02", SUMMED, 100)])
    found = figure_parts(frame, merged, SUMMED, [Month(2023, 1), Month(2023, 2)], ["TTKT"])
    assert list(zip(found.parts["period"], found.parts["unit"], strict=True)) == [
        ("2023-01", "KHTC"), ("2023-02", "TTKT")]
    assert found.value == 10.0


def test_unknown_indicator_sums_what_it_finds(cat: Catalog) -> None:
    frame = _frame([("TTKT", "2023-01", "GONE", 1), ("TTKT", "2023-02", "GONE", 2)])
    found = figure_parts(frame, cat, "GONE", [Month(2023, 1), Month(2023, 2)])
    assert found.aggregation == SUM and found.value == 3.0
