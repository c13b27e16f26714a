"""The one conversion between ``core.months.Month`` and monthly ``pandas.Period``.

Analytics functions take and return ``Month``. Inside, series and frames are indexed by
monthly ``pandas.Period`` (calendar-aware and fast to reindex), and the frames the pages draw
keep them. Every conversion goes through here: :func:`to_period` / :func:`to_month` for one
month, :func:`to_periods` for many, and :func:`period_column` for the ``period`` column of
the figures frames ``store.queries`` returns (the stored text ``YYYY-MM``, parsed once per
distinct month).

>>> to_period(Month(2023, 1))
Period('2023-01', 'M')
>>> to_month(to_period(Month(2023, 1)) - 1)
Month(year=2022, month=12)
>>> [str(p) for p in period_column(pd.Series(["2023-02", "2022-12", "2023-02"]))]
['2023-02', '2022-12', '2023-02']
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

import numpy as np
import pandas as pd

from core.months import Month

FREQ = "M"
_EPOCH_YEAR = 1970  # a monthly Period's ordinal counts the months since 1970-01


def _ordinal(month: Month) -> int:
    return (month.year - _EPOCH_YEAR) * 12 + month.month - 1


@lru_cache(maxsize=4096)  # called for every value a comparison or an aggregate reads
def to_period(month: Month) -> pd.Period:
    """The monthly ``pandas.Period`` of ``month``."""
    if not isinstance(month, Month):
        raise TypeError(f"to_period takes a Month, not {type(month).__name__}")
    return pd.Period(year=month.year, month=month.month, freq=FREQ)


def to_month(period: pd.Period) -> Month:
    """The ``Month`` of a monthly ``pandas.Period``."""
    return Month(period.year, period.month)


def to_periods(months: Iterable[Month]) -> pd.PeriodIndex:
    """A monthly ``PeriodIndex`` of ``months``, in their order."""
    return pd.PeriodIndex.from_ordinals([_ordinal(m) for m in months], freq=FREQ)


def period_column(texts: Iterable[str]) -> pd.PeriodIndex:
    """The stored ``YYYY-MM`` texts of a figures frame's ``period`` column as a monthly
    ``PeriodIndex`` (same order). ValueError for a text that is not a month."""
    codes, uniques = pd.factorize(pd.Index(texts), use_na_sentinel=False)
    ordinals = np.array([_ordinal(Month.parse(str(u))) for u in uniques], dtype="int64")
    return pd.PeriodIndex.from_ordinals(ordinals[codes], freq=FREQ)
