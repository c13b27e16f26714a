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

import numpy as np
import pandas as pd

from analytics.periods import to_month, to_period
from analytics.series import IndicatorSeries
from core.months import Month

THRESHOLD = 3.5
MIN_SAME_MONTH = 3
MIN_RECENT = 6
RECENT_WINDOW = 24
SAME_MONTH, RECENT = "same_month", "recent"


@dataclass(frozen=True)
class OutlierCheck:
    """The verdict for one month: ``score`` None means "not enough history to judge"."""

    month: Month
    value: float | None
    basis: str | None
    history_months: tuple[Month, ...]
    median: float | None
    score: float | None

    @property
    def flagged(self) -> bool:
        return self.score is not None and abs(self.score) > THRESHOLD


def _history(series: IndicatorSeries, month: pd.Period) -> tuple[str | None, pd.Series]:
    # numpy on period ordinals: this runs for every indicator of the month (~150 a page)
    present = series.values.dropna()
    ordinals = present.index.asi8
    earlier = ordinals < month.ordinal
    same = earlier & ((month.ordinal - ordinals) % 12 == 0)
    if same.sum() >= MIN_SAME_MONTH:
        return SAME_MONTH, present[same]
    recent = earlier & (ordinals > month.ordinal - RECENT_WINDOW - 1)
    if recent.sum() >= MIN_RECENT:
        return RECENT, present[recent]
    return None, present[recent]


def modified_z(value: float, history) -> float | None:
    """The modified z-score of ``value`` against ``history`` (None for a constant history).

    >>> import pandas as pd
    >>> round(modified_z(30.0, pd.Series([10.0, 11.0, 9.0, 10.0, 12.0, 8.0])), 2)
    13.49
    """
    values = np.asarray(history, dtype="float64")
    median = float(np.median(values))
    deviations = np.abs(values - median)
    mad = float(np.median(deviations))
    if mad > 0:
        return 0.6745 * (value - median) / mad
    mean_ad = float(deviations.mean())
    if mean_ad > 0:
        return (value - median) / (1.253314 * mean_ad)
    return None


def check(series: IndicatorSeries, month: Month) -> OutlierCheck:
    """Judge the value of ``month`` against the series' own earlier months."""
    value = series.value(month)
    basis, history = _history(series, to_period(month))
    months = tuple(to_month(p) for p in history.index)
    if value is None or basis is None:
        return OutlierCheck(month, value, None, months, None, None)
    return OutlierCheck(month, value, basis, months, float(np.median(history.to_numpy())),
                        modified_z(value, history.to_numpy()))


def flagged_months(series: IndicatorSeries) -> list[OutlierCheck]:
    """Every month of the series that the rule flags, oldest first."""
    checks = (check(series, to_month(p)) for p in series.values.dropna().index)
    return [c for c in checks if c.flagged]
