"""The year-to-date line breaks before every January (it restarts, it does not fall)."""

import pandas as pd

from ui.charts import year_breaks


def test_a_gap_is_put_before_each_january_only():
    months = [pd.Period(m, "M") for m in ("2022-11", "2022-12", "2023-01", "2023-02")]
    periods, values = year_breaks(months, [10, 20, 3, 6])
    assert values == [10, 20, None, 3, 6]
    assert periods[2] == periods[3] == pd.Period("2023-01", "M")


def test_a_series_starting_in_january_gets_no_leading_gap():
    months = [pd.Period(m, "M") for m in ("2023-01", "2023-02")]
    assert year_breaks(months, [1, 2])[1] == [1, 2]
