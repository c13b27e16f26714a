import pandas as pd
import pytest

from analytics.comparisons import NO_BASE, NO_VALUE, OK, compare_last_year, compare_previous_month
from analytics.series import indicator_series
from core.months import Month
from tests.analytics.helpers import catalog, indicator, monthly


@pytest.mark.parametrize(("values", "month", "status", "base_month", "change", "ratio"), [
    ({"2022-12": 100, "2023-01": 120}, "2023-01", OK, "2022-12", 20, 0.2),  # Dec → Jan
    ({"2023-01": 100, "2023-02": 80}, "2023-02", OK, "2023-01", -20, -0.2),
    ({"2023-01": 100, "2023-03": 80}, "2023-03", NO_BASE, "2023-02", None, None),  # a gap
    ({"2023-01": 100}, "2023-01", NO_BASE, "2022-12", None, None),  # first month, no history
    ({"2023-01": 100}, "2023-02", NO_VALUE, "2023-01", None, None),  # the month is missing
    ({"2023-01": 0, "2023-02": 5}, "2023-02", OK, "2023-01", 5, None),  # zero base: no %
])
def test_previous_month(values, month, status, base_month, change, ratio):
    cat = catalog([indicator("X")])
    comp = compare_previous_month(indicator_series(monthly("X", values), cat, "X"),
                                  Month.parse(month))
    assert comp.status == status
    assert str(comp.base_month) == base_month
    assert comp.change == change
    assert comp.ratio == (pytest.approx(ratio) if ratio is not None else None)


def test_missing_is_not_zero():
    cat = catalog([indicator("X")])
    comp = compare_previous_month(indicator_series(monthly("X", {"2023-02": 7}), cat, "X"),
                                  Month(2023, 2))
    assert comp.base is None and comp.change is None


@pytest.mark.parametrize(("values", "month", "status", "change"), [
    ({"2022-01": 50, "2023-01": 60}, "2023-01", OK, 10),
    ({"2022-02": 50, "2023-01": 60}, "2023-01", NO_BASE, None),
])
def test_same_month_last_year(values, month, status, change):
    cat = catalog([indicator("X")])
    comp = compare_last_year(indicator_series(monthly("X", values), cat, "X"),
                             Month.parse(month))
    assert (comp.status, comp.change, str(comp.base_month)) == (status, change, "2022-01")


def test_successor_indicator_is_followed_and_says_so():
    from datetime import date

    cat = catalog([indicator("OLD", valid_to=date(2024, 12, 31), successor="NEW"),
                   indicator("NEW", valid_from=date(2025, 1, 1))])
    frame = pd.concat([monthly("OLD", {"2024-01": 40, "2024-12": 45}),
                       monthly("NEW", {"2025-01": 50})], ignore_index=True)
    series = indicator_series(frame, cat, "NEW")
    year = compare_last_year(series, Month.parse("2025-01"))
    prev = compare_previous_month(series, Month.parse("2025-01"))
    assert (year.base, year.base_source, year.source) == (40, "OLD", "NEW")
    assert prev.change == 5 and prev.across_join
    assert [str(j.month) for j in series.joins] == ["2025-01"]


def test_merged_unit_continues_as_successor():
    from datetime import date

    from tests.analytics.helpers import unit

    cat = catalog([indicator("X", owner="B")],
                  units=[unit("A", successor="B", valid_to=date(2023, 6, 30)), unit("B")])
    frame = pd.concat([monthly("X", {"2023-05": 10, "2023-06": 12}, "A"),
                       monthly("X", {"2023-07": 15}, "B")], ignore_index=True)
    series = indicator_series(frame, cat, "X", units=["B"])
    assert compare_previous_month(series, Month.parse("2023-07")).change == 3
