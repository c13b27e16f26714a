import numpy as np
import pandas as pd
import pytest

from analytics.series import indicator_series
from analytics.targets import attainment
from analytics.ytd import aggregate, cumulative, period_total, ytd
from core.months import Month, ReportPeriod
from tests.analytics.helpers import catalog, indicator, monthly


@pytest.mark.parametrize(("aggregation", "values", "month", "value", "used", "missing"), [
    ("sum", {"2023-01": 10, "2023-02": 20, "2023-03": 30}, "2023-03", 60, 3, 0),
    ("sum", {"2022-12": 99, "2023-01": 10}, "2023-01", 10, 1, 0),  # December not counted
    ("sum", {"2023-01": 10, "2023-03": 30}, "2023-03", 40, 2, 1),  # gap listed, not zero
    ("sum", {}, "2023-03", None, 0, 3),  # nothing at all: no value
    ("last", {"2023-01": 100, "2023-02": 250, "2023-03": 400}, "2023-03", 400, 1, 0),
    ("last", {"2023-01": 100, "2023-02": 250}, "2023-03", 250, 1, 1),  # latest with data
])
def test_year_to_date(aggregation, values, month, value, used, missing):
    cat = catalog([indicator("X", aggregation=aggregation)])
    result = ytd(indicator_series(monthly("X", values), cat, "X"), Month.parse(month),
                 aggregation)
    assert result.value == value
    assert result.months == tuple(Month(2023, m) for m in range(1, Month.parse(month).month + 1))
    assert (len(result.months_used), len(result.months_missing)) == (used, missing)
    assert result.complete == (value is not None and missing == 0)


def test_period_totals_for_report_periods():
    cat = catalog([indicator("X")])
    values = {f"2023-{m:02d}": m for m in range(1, 13)}
    series = indicator_series(monthly("X", values), cat, "X")
    assert period_total(series, ReportPeriod.parse("2023-Q2"), "sum").value == 4 + 5 + 6
    assert period_total(series, ReportPeriod.parse("2023-9T"), "sum").value == sum(range(1, 10))
    assert period_total(series, ReportPeriod.parse("2023-H2"), "last").value == 12
    assert period_total(series, ReportPeriod.parse("2023"), "sum").value == sum(range(1, 13))
    assert period_total(series, ReportPeriod.parse("2023-03"), "sum").value == 3


def test_cumulative_restarts_in_january_and_keeps_gaps():
    cat = catalog([indicator("X")])
    series = indicator_series(monthly("X", {"2022-11": 1, "2022-12": 2, "2023-01": 5,
                                            "2023-03": 7}), cat, "X")
    months = [Month(2022, 11), Month(2022, 12), Month(2023, 1), Month(2023, 2), Month(2023, 3)]
    out = cumulative(series, months, "sum")
    assert list(out.index) == list(pd.period_range("2022-11", "2023-03", freq="M"))
    assert out.iloc[:3].tolist() == [1, 3, 5]
    assert np.isnan(out.iloc[3])
    assert out.iloc[4] == 12


def test_aggregate_refuses_unknown_rule():
    cat = catalog([indicator("X")])
    with pytest.raises(ValueError):
        aggregate(indicator_series(monthly("X", {"2023-01": 1}), cat, "X"), [], "avg")


@pytest.mark.parametrize(("targets", "values", "ratio"), [
    ([("X", 2023, 120.0)], {"2023-01": 10, "2023-02": 20}, 0.25),
    ([], {"2023-01": 10}, None),  # no target
    ([("X", 2023, 0.0)], {"2023-01": 10}, None),  # zero target
    ([("X", 2022, 100.0)], {"2023-01": 10}, None),  # target of another year
    ([("X", 2023, 100.0)], {}, None),  # no data yet
])
def test_attainment(targets, values, ratio):
    cat = catalog([indicator("X")], targets=targets)
    result = attainment(cat, indicator_series(monthly("X", values), cat, "X"), Month(2023, 2))
    assert result.year == 2023
    assert result.ratio == (pytest.approx(ratio) if ratio is not None else None)
