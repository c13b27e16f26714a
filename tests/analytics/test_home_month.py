"""The home month (``analytics.completeness``) and the unit-comparison default
(``analytics.trends``): pure functions over small hand-made frames."""

from __future__ import annotations

import pandas as pd
import pytest

from analytics.completeness import Coverage, home_month, month_coverage
from analytics.trends import most_reported, units_per_indicator
from core.months import Month
from core.settings_spec import coerce


@pytest.mark.parametrize(("submitted", "expected", "share", "reaches"), [
    (8, 8, 100, True), (7, 8, 100, False), (1, 8, 12, True), (1, 8, 13, False),
    (4, 8, 50, True), (3, 8, 50, False), (1, 8, 0, True), (0, 8, 0, False),
    (0, 0, 0, False), (3, 0, 100, False), (8, 8, 250, True), (1, 8, -5, True),
    (5, 8, 62, True), (5, 8, 63, False),
])
def test_coverage_reaches_the_share(submitted, expected, share, reaches):
    assert Coverage(submitted, expected).reaches(share) is reaches


def test_home_month_is_the_newest_complete_one():
    jan = Month(2024, 1)
    months = {jan - 2: Coverage(8, 8), jan - 1: Coverage(8, 8), jan: Coverage(1, 8)}
    assert home_month(months, 100) == jan - 1
    assert home_month(months, 10) == jan
    # order of the mapping does not matter
    assert home_month(dict(reversed(list(months.items()))), 100) == jan - 1
    # nothing complete: the newest month with any submission (never one without)
    sparse = {jan - 1: Coverage(2, 8), jan: Coverage(0, 8)}
    assert home_month(sparse, 100) == jan - 1
    assert home_month({jan: Coverage(0, 8)}, 0) is None
    assert home_month({}, 100) is None


def _status(rows):
    return pd.DataFrame(rows, columns=["unit", "period", "ever_approved"])


def test_month_coverage_counts_expected_units_only(catalog):
    units = [u.code for u in catalog.reporting_units(Month(2023, 1))]
    assert len(units) >= 2
    first, second = units[0], units[1]
    status = _status([
        (first, "2023-01", True), (second, "2023-01", False),
        (first, "2023-02", False), ("NOT_A_UNIT", "2023-02", True),
    ])
    months = [Month(2023, 1), Month(2023, 2), Month(2023, 3)]
    cov = month_coverage(status, catalog, months)
    n = len(units)
    assert cov == {months[0]: Coverage(2, n), months[1]: Coverage(1, n),
                   months[2]: Coverage(0, n)}
    approved = month_coverage(status, catalog, months, approved_only=True)
    assert approved[months[0]] == Coverage(1, n) and approved[months[1]] == Coverage(0, n)
    narrowed = month_coverage(status, catalog, months, units=[second])
    assert narrowed[months[0]] == Coverage(1, 1) and narrowed[months[1]] == Coverage(0, 1)
    assert month_coverage(_status([]), catalog, months[:1]) == {months[0]: Coverage(0, n)}


def test_units_per_indicator_and_the_most_reported():
    rows = pd.DataFrame({"indicator": ["A", "A", "B", "C", "C", "C", "A"],
                         "unit": ["U1", "U2", "U1", "U1", "U2", "U3", "U1"],
                         "value": [1, 2, 3, 4, 5, 6, 7]})
    counts = units_per_indicator(rows)
    assert counts == {"A": 2, "B": 1, "C": 3}
    assert most_reported(counts, ["A", "B", "C"]) == "C"
    assert most_reported(counts, ["A", "B"]) == "A"
    assert most_reported({"A": 2, "B": 2}, ["B", "A"]) == "B"  # ties: page order
    assert most_reported(counts, ["Z"]) is None
    assert units_per_indicator(rows.iloc[0:0]) == {}


@pytest.mark.parametrize(("value", "ok"), [(0, True), (100, True), (50.0, True), (101, False),
                                           (-1, False), (12.5, False), ("50", False),
                                           (True, False)])
def test_share_setting_is_a_whole_percentage(value, ok):
    if ok:
        assert coerce("home_month_min_share_percent", value) == int(value)
    else:
        with pytest.raises(ValueError):
            coerce("home_month_min_share_percent", value)
