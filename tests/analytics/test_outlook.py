"""The run-rate outlook: last year's pace from the same point, sums and running totals,
and every case that gives none."""

from __future__ import annotations

import pytest

from analytics.outlook import outlook
from analytics.series import indicator_series
from core.months import Month
from tests.analytics.helpers import catalog, indicator, monthly


def _series(values: dict[str, float], aggregation: str = "sum"):
    cat = catalog([indicator("X", aggregation=aggregation)])
    return indicator_series(monthly("X", values), cat, "X")


def _year(year: int, per_month: dict[int, float]) -> dict[str, float]:
    return {f"{year}-{m:02d}": v for m, v in per_month.items()}


LAST_YEAR = _year(2022, dict.fromkeys(range(1, 13), 100.0))  # 1.200 in the year


def test_sum_follows_last_years_pace():
    values = {**LAST_YEAR, **_year(2023, {1: 110.0, 2: 120.0})}
    result = outlook(_series(values), Month(2023, 2), "sum", 1000.0)
    # 230 by February against 200 last year, which ended at 1.200: 230 × 1200 / 200 = 1380
    assert (result.ytd, result.base_ytd, result.base_year) == (230.0, 200.0, 1200.0)
    assert result.projected == pytest.approx(1380.0)
    assert result.ratio == pytest.approx(1.38) and result.percent == 138


def test_a_late_year_is_not_called_at_risk_in_spring():
    """Most of last year's work came in December: January's small share keeps its pace."""
    last = _year(2022, {**dict.fromkeys(range(1, 12), 10.0), 12: 890.0})  # 1.000
    values = {**last, **_year(2023, {1: 10.5})}
    result = outlook(_series(values), Month(2023, 1), "sum", 1000.0)
    assert result.percent == 105  # a straight 10,5 × 12 would say 13%


def test_running_total_needs_only_this_month_last_years_month_and_december():
    # disbursed budget: running totals since 1 January, months in between missing
    values = {"2022-03": 2000.0, "2022-12": 18000.0, "2023-03": 2300.0, "2023-02": 900.0}
    result = outlook(_series(values, "last"), Month(2023, 3), "last", 19000.0)
    assert (result.ytd, result.base_ytd, result.base_year) == (2300.0, 2000.0, 18000.0)
    assert result.projected == pytest.approx(20700.0)
    assert result.percent == 109


@pytest.mark.parametrize(("values", "month", "aggregation", "plan"), [
    ({**LAST_YEAR, "2023-01": 110.0}, "2023-01", "sum", None),  # no plan
    ({**LAST_YEAR, "2023-01": 110.0}, "2023-01", "sum", 0.0),  # a zero plan
    ({**LAST_YEAR, "2023-01": 110.0}, "2023-01", "sum", -5.0),  # a negative plan
    ({**LAST_YEAR, **_year(2023, dict.fromkeys(range(1, 13), 90.0))}, "2023-12", "sum",
     1000.0),  # December: the result is known, no estimate
    ({**LAST_YEAR, "2023-02": 110.0}, "2023-02", "sum", 1000.0),  # January 2023 missing
    ({k: v for k, v in LAST_YEAR.items() if k != "2022-07"} | {"2023-01": 110.0},
     "2023-01", "sum", 1000.0),  # a month of last year missing: no whole year to go by
    ({**_year(2022, dict.fromkeys(range(1, 13), 5.0)), "2023-01": 7.0}, "2023-01", "sum",
     60.0),  # last January 5 (< 10): 7 against 5 would promise 140%
    ({"2022-01": 500.0, "2023-01": 600.0}, "2023-01", "last", 6000.0),  # no last December
    ({"2022-01": 500.0, "2022-12": 6000.0, "2023-02": 600.0}, "2023-03", "last",
     6000.0),  # March not reported: the running total is not up to date
    ({}, "2023-05", "sum", 100.0),  # nothing at all
])
def test_no_outlook(values, month, aggregation, plan):
    assert outlook(_series(values, aggregation), Month.parse(month), aggregation, plan) is None


@pytest.mark.parametrize(("ytd", "percent"), [(104.49, 104), (104.5, 105), (99.5, 100),
                                             (0.4, 0)])
def test_percent_is_whole_and_rounds_half_up(ytd, percent):
    values = {**_year(2022, dict.fromkeys(range(1, 13), 100.0)), "2023-01": ytd}
    # 1.200 last year, January 100: projected = ytd × 12; plan 1.200 → percent = ytd
    assert outlook(_series(values), Month(2023, 1), "sum", 1200.0).percent == percent


def test_doctest_examples_hold():
    import doctest

    import analytics.outlook

    assert doctest.testmod(analytics.outlook).failed == 0
