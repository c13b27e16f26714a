"""Outlier flags on a unit's own history: a robust modified z-score.

The rule (Iglewicz and Hoaglin's modified z-score):

1. History: the earlier months of the same series, never the month itself nor later ones.
   Where at least ``MIN_SAME_MONTH`` earlier years have the same calendar month (seasonal
   work such as year-end inspections), the history is those same months (basis
   ``same_month``); otherwise the up to ``RECENT_WINDOW`` preceding months with data, when
   there are at least ``MIN_RECENT`` of them (basis ``recent``). With less history there is no
   verdict (basis None).
2. ``score = 0.6745 · (x − median) / MAD`` where MAD is the median absolute deviation of the
   history. When MAD is 0 (more than half of the history identical) the mean absolute
   deviation is used instead: ``score = (x − median) / (1.253314 · MeanAD)``. When that is 0
   too (a constant history) no score is given.
3. A month is flagged when ``|score| > THRESHOLD`` (3.5). Missing months are simply absent
   from the history; they never count as zero.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analytics.periods import PeriodLike, to_period
from analytics.series import IndicatorSeries

THRESHOLD = 3.5
MIN_SAME_MONTH = 3
MIN_RECENT = 6
RECENT_WINDOW = 24
SAME_MONTH, RECENT = "same_month", "recent"


@dataclass(frozen=True)
class OutlierCheck:
    """The verdict for one month: ``score`` None means "not enough history to judge"."""

    month: pd.Period
    value: float | None
    basis: str | None
    history_months: tuple[pd.Period, ...]
    median: float | None
    score: float | None

    @property
    def flagged(self) -> bool:
        return self.score is not None and abs(self.score) > THRESHOLD


def _history(series: IndicatorSeries, month: pd.Period) -> tuple[str | None, pd.Series]:
    earlier = series.values[series.values.index < month].dropna()
    same = earlier[earlier.index.month == month.month]
    if len(same) >= MIN_SAME_MONTH:
        return SAME_MONTH, same
    recent = earlier[earlier.index > month - RECENT_WINDOW - 1]
    if len(recent) >= MIN_RECENT:
        return RECENT, recent
    return None, recent


def modified_z(value: float, history: pd.Series) -> float | None:
    """The modified z-score of ``value`` against ``history`` (None for a constant history).

    >>> import pandas as pd
    >>> round(modified_z(30.0, pd.Series([10.0, 11.0, 9.0, 10.0, 12.0, 8.0])), 2)
    13.49
    """
    median = float(history.median())
    deviations = (history - median).abs()
    mad = float(deviations.median())
    if mad > 0:
        return 0.6745 * (value - median) / mad
    mean_ad = float(deviations.mean())
    if mean_ad > 0:
        return (value - median) / (1.253314 * mean_ad)
    return None


def check(series: IndicatorSeries, month: PeriodLike) -> OutlierCheck:
    """Judge the value of ``month`` against the series' own earlier months."""
    p = to_period(month)
    value = series.value(p)
    basis, history = _history(series, p)
    months = tuple(history.index)
    if value is None or basis is None:
        return OutlierCheck(p, value, None, months, None, None)
    return OutlierCheck(p, value, basis, months, float(history.median()),
                        modified_z(value, history))


def flagged_months(series: IndicatorSeries) -> list[OutlierCheck]:
    """Every month of the series that the rule flags, oldest first."""
    checks = (check(series, m) for m in series.values.dropna().index)
    return [c for c in checks if c.flagged]
