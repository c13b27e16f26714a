"""Calendar-month periods (``pandas.Period`` with monthly frequency).

>>> str(previous_month("2023-01")), str(same_month_last_year("2023-01"))
('2022-12', '2022-01')
"""

from __future__ import annotations

import pandas as pd

from core.months import Month

PeriodLike = pd.Period | Month | str


def to_period(month: PeriodLike) -> pd.Period:
    """A monthly ``pandas.Period`` from a Period, a ``core.months.Month`` or ``YYYY-MM``."""
    if isinstance(month, pd.Period):
        return month.asfreq("M")
    if isinstance(month, Month):
        return pd.Period(year=month.year, month=month.month, freq="M")
    parsed = Month.parse(str(month))
    return pd.Period(year=parsed.year, month=parsed.month, freq="M")


def to_month(period: PeriodLike) -> Month:
    """The ``core.months.Month`` of a period-like value."""
    p = to_period(period)
    return Month(p.year, p.month)


def key(period: PeriodLike) -> str:
    """``YYYY-MM`` as stored in the database."""
    return str(to_period(period))


def previous_month(month: PeriodLike) -> pd.Period:
    """The month before (December of the previous year for January)."""
    return to_period(month) - 1


def same_month_last_year(month: PeriodLike) -> pd.Period:
    return to_period(month) - 12


def month_span(start: PeriodLike, end: PeriodLike) -> list[pd.Period]:
    """Every month from ``start`` to ``end`` inclusive (empty when end < start)."""
    first, last = to_period(start), to_period(end)
    if last < first:
        return []
    return list(pd.period_range(first, last, freq="M"))


def last_n_months(month: PeriodLike, n: int) -> list[pd.Period]:
    """The ``n`` months ending with ``month`` (inclusive), oldest first."""
    end = to_period(month)
    return month_span(end - (n - 1), end)


def year_to_date(month: PeriodLike) -> list[pd.Period]:
    """January to ``month`` of the same year."""
    end = to_period(month)
    return month_span(pd.Period(year=end.year, month=1, freq="M"), end)
