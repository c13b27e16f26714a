import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from analytics.periods import period_column, to_month, to_period, to_periods
from core.months import Month, month_range

MONTHS = st.builds(Month, st.integers(1900, 2999), st.integers(1, 12))


@pytest.mark.parametrize(("month", "previous", "last_year"), [
    (Month(2023, 1), "2022-12", "2022-01"),  # December → January turn
    (Month(2023, 3), "2023-02", "2022-03"),
    (Month(2024, 3), "2024-02", "2023-03"),
])
def test_month_arithmetic_agrees_with_pandas(month, previous, last_year):
    assert to_period(month) == pd.Period(str(month), freq="M")
    assert str(to_period(month - 1)) == str(to_period(month) - 1) == previous
    assert str(to_period(month - 12)) == str(to_period(month) - 12) == last_year


@given(MONTHS)
def test_one_month_round_trip(month: Month) -> None:
    period = to_period(month)
    assert period.freqstr == "M"
    assert (period.year, period.month) == (month.year, month.month)
    assert to_month(period) == month


@given(st.builds(Month, st.integers(1900, 2990), st.integers(1, 12)), st.integers(0, 40))
def test_many_months_keep_their_order(start: Month, length: int) -> None:
    months = month_range(start, start + length)
    index = to_periods(months)
    assert isinstance(index, pd.PeriodIndex) and index.freqstr == "M"
    assert [to_month(p) for p in index] == months


def test_only_a_month_converts():
    for wrong in ("2023-01", pd.Period("2023-01", freq="M"), None):
        with pytest.raises(TypeError):
            to_period(wrong)


def test_the_stored_period_column():
    texts = pd.Series(["2023-02", "2022-12", "2023-02", "1999-01"])
    found = period_column(texts)
    assert isinstance(found, pd.PeriodIndex) and found.freqstr == "M"
    assert [to_month(p) for p in found] == [Month(2023, 2), Month(2022, 12), Month(2023, 2),
                                            Month(1999, 1)]
    assert len(period_column(pd.Series([], dtype=object))) == 0
    for bad in (["2023-13"], ["x"], [None]):
        with pytest.raises(ValueError):
            period_column(pd.Series(bad, dtype=object))
