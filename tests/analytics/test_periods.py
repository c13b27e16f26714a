import pandas as pd
import pytest

from analytics.periods import (
    last_n_months,
    month_span,
    previous_month,
    same_month_last_year,
    to_period,
    year_to_date,
)
from core.months import Month


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
