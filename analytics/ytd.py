"""Year to date by the indicator's aggregation rule.

``sum``: the sum of the year's months up to the chosen month (a quarter, six months … are the
sum of their months). ``last``: a running total, so the value of the latest month with data.
Missing months are listed, never counted as zero: a ``sum`` over a year with gaps is marked
incomplete.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analytics.periods import to_periods
from analytics.series import IndicatorSeries
from core.months import Month, ReportPeriod, year_to_date

SUM, LAST = "sum", "last"


@dataclass(frozen=True)
class Aggregate:
    """An aggregate over ``months``: ``value`` (None when no month has data), the months
    whose values were used and those without data."""

    aggregation: str
    months: tuple[Month, ...]
    value: float | None
    months_used: tuple[Month, ...]
    months_missing: tuple[Month, ...]

    @property
    def complete(self) -> bool:
        return self.value is not None and not self.months_missing


def aggregate(series: IndicatorSeries, months: Sequence[Month], aggregation: str
              ) -> Aggregate:
    """Aggregate ``series`` over ``months`` by ``aggregation`` (``sum`` or ``last``).

    For ``last`` the value is that of the latest month with data; later months without data
    are listed as missing.
    """
    if aggregation not in (SUM, LAST):
        raise ValueError(aggregation)
    months = tuple(months)
    present = tuple(m for m in months if series.value(m) is not None)
    missing = tuple(m for m in months if series.value(m) is None)
    if not present:
        return Aggregate(aggregation, months, None, (), missing)
    if aggregation == SUM:
        return Aggregate(aggregation, months, float(sum(series.value(m) for m in present)),
                         present, missing)
    latest = present[-1]
    return Aggregate(aggregation, months, series.value(latest), (latest,),
                     tuple(m for m in missing if m > latest))


def ytd(series: IndicatorSeries, month: Month, aggregation: str) -> Aggregate:
    """January to ``month`` of the same year."""
    return aggregate(series, year_to_date(month), aggregation)


def period_total(series: IndicatorSeries, period: ReportPeriod, aggregation: str) -> Aggregate:
    """A report period (a month, quarter, half, nine months or year)."""
    return aggregate(series, period.months, aggregation)


def cumulative(series: IndicatorSeries, months: Sequence[Month], aggregation: str
               ) -> pd.Series:
    """The year-to-date value at each of ``months`` (restarting each January), indexed by
    monthly period.

    A month without data is NaN (the chart shows a gap) but, for ``sum``, the running total
    carries on after it with the months that have data.
    """
    index = to_periods(months)
    raw = series.values.reindex(index)
    if aggregation == LAST:
        return raw.astype("float64")
    out = raw.fillna(0).groupby(index.year).cumsum()
    out[raw.isna()] = np.nan
    return out.astype("float64")
