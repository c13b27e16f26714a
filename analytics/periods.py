"""Calendar-month periods (``pandas.Period`` with monthly frequency) and report periods.

The one place for period arithmetic beyond ``core.months``: previous month, same month last
year, year to date, and the report periods the Department writes about — a month
``2023-01``, a quarter ``2023-Q1``, six months ``2023-H1``, nine months ``2023-9T`` and a
year ``2023``.

>>> [str(p) for p in period_months("2023-Q1")]
['2023-01', '2023-02', '2023-03']
>>> str(previous_month("2023-01")), str(same_month_last_year("2023-01"))
('2022-12', '2022-01')
"""

from __future__ import annotations

import re

import pandas as pd

from core.months import Month

PeriodLike = pd.Period | Month | str

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_HALF = re.compile(r"^(\d{4})-H([12])$")
_NINE = re.compile(r"^(\d{4})-9T$")
_YEAR = re.compile(r"^(\d{4})$")


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


def period_kind(code: str) -> str:
    """``month``, ``quarter``, ``half``, ``nine_months`` or ``year``; ValueError otherwise."""
    text = str(code).strip()
    for kind, pattern in (("month", _MONTH), ("quarter", _QUARTER), ("half", _HALF),
                          ("nine_months", _NINE), ("year", _YEAR)):
        if pattern.match(text):
            return kind
    raise ValueError(f"not a report period: {code!r}")


def period_months(code: str) -> list[pd.Period]:
    """The calendar months a report period covers, oldest first.

    ``2023-01`` → [2023-01]; ``2023-Q2`` → Apr–Jun; ``2023-H1`` → Jan–Jun; ``2023-H2`` →
    Jul–Dec; ``2023-9T`` → Jan–Sep; ``2023`` → Jan–Dec. ValueError for anything else.
    """
    text = str(code).strip()
    kind = period_kind(text)
    year = int(text[:4])
    if kind == "month":
        month = int(_MONTH.match(text).group(2))
        return [to_period(Month(year, month))]
    if kind == "quarter":
        q = int(_QUARTER.match(text).group(2))
        first, last = 3 * q - 2, 3 * q
    elif kind == "half":
        h = int(_HALF.match(text).group(2))
        first, last = (1, 6) if h == 1 else (7, 12)
    elif kind == "nine_months":
        first, last = 1, 9
    else:
        first, last = 1, 12
    return month_span(to_period(Month(year, first)), to_period(Month(year, last)))


def period_end(code: str) -> pd.Period:
    """The last month of a report period."""
    return period_months(code)[-1]
