"""The stored text of months and report periods: one form written, the same value read back."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.months import KINDS, Month, ReportPeriod
from store.periods import month_of, month_text, period_of, period_text

MONTHS = st.builds(Month, st.integers(1900, 2999), st.integers(1, 12))


@given(MONTHS)
def test_month_round_trip_and_text_order(month: Month) -> None:
    text = month_text(month)
    assert len(text) == 7 and text[4] == "-"
    assert month_of(text) == month


@given(MONTHS, MONTHS)
def test_stored_text_sorts_like_the_months(a: Month, b: Month) -> None:
    # SQL compares month ranges on the text column: the order must be the months' order
    assert (month_text(a) < month_text(b)) == (a < b)


@pytest.mark.parametrize("code", ["2023-01", "2023-Q1", "2023-H2", "2023-9T", "2023"])
def test_report_period_round_trip(code: str) -> None:
    period = ReportPeriod.parse(code)
    assert period_text(period) == code
    assert period_of(period_text(period)) == period
    assert period.kind in KINDS


@pytest.mark.parametrize("wrong", ["2023-01", None, 202301])
def test_only_the_types_are_written(wrong) -> None:
    with pytest.raises(TypeError):
        month_text(wrong)
    with pytest.raises(TypeError):
        period_text(wrong)
    with pytest.raises(TypeError):
        period_text(Month(2023, 1))
