"""A month's value against the previous month and the same month last year.

A comparison says which months it used and refuses to compare with a missing month:
``status`` is ``ok``, ``no_value`` (the month itself has no data) or ``no_base`` (the month
compared with has no data). The percentage is None when the base is zero.

>>> import pandas as pd
>>> s = IndicatorSeries("X", pd.Series([100.0, 120.0],
...     index=pd.PeriodIndex(["2022-12", "2023-01"], freq="M")), pd.Series(dtype=object))
>>> c = compare_previous_month(s, Month(2023, 1))
>>> (c.base_month, c.change, c.ratio)
(Month(year=2022, month=12), 20.0, 0.2)
"""

from __future__ import annotations

from dataclasses import dataclass

from analytics.series import IndicatorSeries
from analytics.ytd import LAST
from core.months import Month

PREVIOUS_MONTH = "previous_month"
SAME_MONTH_LAST_YEAR = "same_month_last_year"
SAME_PERIOD_LAST_YEAR = "same_period_last_year"  # a quarter, half … against last year's

OK, NO_VALUE, NO_BASE = "ok", "no_value", "no_base"


@dataclass(frozen=True)
class Comparison:
    """``value`` of ``month`` against ``base`` of ``base_month``.

    ``source``/``base_source`` name the indicator codes that supplied the two values (they
    differ across a successor join).
    """

    kind: str
    month: Month
    base_month: Month
    value: float | None
    base: float | None
    source: str | None = None
    base_source: str | None = None

    @property
    def status(self) -> str:
        if self.value is None:
            return NO_VALUE
        if self.base is None:
            return NO_BASE
        return OK

    @property
    def ok(self) -> bool:
        return self.status == OK

    @property
    def change(self) -> float | None:
        """``value - base``, or None when either month is missing."""
        return self.value - self.base if self.ok else None

    @property
    def ratio(self) -> float | None:
        """The relative change (0.2 for +20%), None when missing or the base is zero."""
        if not self.ok or self.base == 0:
            return None
        return (self.value - self.base) / abs(self.base)

    @property
    def across_join(self) -> bool:
        """True when the two values come from different indicator codes (a successor)."""
        return self.ok and self.source != self.base_source


def compare(series: IndicatorSeries, month: Month, base_month: Month,
            kind: str = "custom") -> Comparison:
    """Compare ``month`` with any ``base_month`` of the same series."""
    return Comparison(kind, month, base_month, series.value(month), series.value(base_month),
                      series.source(month), series.source(base_month))


def compare_previous_month(series: IndicatorSeries, month: Month) -> Comparison:
    """Against the month before (January against December of the year before)."""
    return compare(series, month, month - 1, PREVIOUS_MONTH)


def compare_last_year(series: IndicatorSeries, month: Month) -> Comparison:
    """Against the same month of the previous year."""
    return compare(series, month, month - 12, SAME_MONTH_LAST_YEAR)


def has_previous_month_comparison(aggregation: str) -> bool:
    """Whether a month is compared with the month before: not for a running total
    (aggregation ``last``, such as the disbursed budget). Its change within a year is only
    the month's own flow, and in January it would set a fresh year's total against the
    whole of December's (a false fall of 97%). A running total is compared year to date
    with the same month last year and with the plan instead."""
    return aggregation != LAST


def compare_previous_month_of(aggregation: str, series: IndicatorSeries, month: Month
                              ) -> Comparison | None:
    """``compare_previous_month``, or None for a running total (see
    ``has_previous_month_comparison``): the one gate every view goes through."""
    if not has_previous_month_comparison(aggregation):
        return None
    return compare_previous_month(series, month)
