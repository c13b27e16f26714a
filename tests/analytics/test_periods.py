import pandas as pd
import pytest

from analytics.periods import (
    last_n_months,
    month_span,
    period_end,
    period_kind,
    period_months,
    previous_month,
    same_month_last_year,
    to_period,
    year_to_date,
)
from core.months import Month


@pytest.mark.parametrize(("code", "first", "last", "count"), [
    ("2023-01", "2023-01", "2023-01", 1),
    ("2023-12", "2023-12", "2023-12", 1),
    ("2023-Q1", "2023-01", "2023-03", 3),
    ("2023-Q4", "2023-10", "2023-12", 3),
    ("2023-H1", "2023-01", "2023-06", 6),
    ("2023-H2", "2023-07", "2023-12", 6),
    ("2023-9T", "2023-01", "2023-09", 9),
    ("2023", "2023-01", "2023-12", 12),
])
def test_period_months(code, first, last, count):
    months = period_months(code)
    assert (str(months[0]), str(months[-1]), len(months)) == (first, last, count)
    assert period_end(code) == months[-1]


@pytest.mark.parametrize("bad", ["2023-13", "2023-Q5", "2023-H3", "23", "2023-8T", "", "x"])
def test_bad_period_codes_are_refused(bad):
    with pytest.raises(ValueError):
        period_months(bad)


@pytest.mark.parametrize(("month", "previous", "last_year"), [
    ("2023-01", "2022-12", "2022-01"),  # December → January turn
    ("2023-03", "2023-02", "2022-03"),
    ("2024-03", "2024-02", "2023-03"),
])
def test_previous_and_same_month_last_year(month, previous, last_year):
    assert str(previous_month(month)) == previous
    assert str(same_month_last_year(month)) == last_year


def test_conversions_and_spans():
    assert to_period(Month(2023, 1)) == pd.Period("2023-01", freq="M")
    assert to_period("01/2023") == pd.Period("2023-01", freq="M")
    assert [str(p) for p in year_to_date("2023-03")] == ["2023-01", "2023-02", "2023-03"]
    assert [str(p) for p in last_n_months("2023-02", 3)] == ["2022-12", "2023-01", "2023-02"]
    assert month_span("2023-02", "2023-01") == []
    assert period_kind("2023-9T") == "nine_months"
