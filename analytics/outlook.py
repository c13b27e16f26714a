"""The run-rate outlook of a yearly plan: "theo tiến độ hiện nay, cả năm ước đạt khoảng
104% kế hoạch".

Method (``docs/report.md``, "Outlook"): the year is expected to end as last year did from
the same point on. With ``ytd`` this year's value to the end of month M, ``base_ytd`` last
year's value to the end of the same month and ``base_year`` last year's whole-year value:

    projected = ytd × base_year ÷ base_ytd,    ratio = projected ÷ plan

so a plan whose work comes late in the year (the budget is mostly disbursed in the last
quarter, inspections cluster before Tết) is not called "at risk" in spring, as a straight
``ytd × 12 ÷ M`` would. The three values follow the indicator's aggregation:

- ``sum`` (counts of the month): the sum of the months from January; every month of this
  year up to M and every month of last year must have data (a missing month is never zero);
- ``last`` (running totals): the value of month M itself, last year's month M and last
  year's December; the months between do not matter, the running total holds them.

No outlook is given when the year has no plan (or a plan of zero), in December (the
year's result is known: the attainment is said instead), when a value above is missing,
or when last year's value to month M is below ``MIN_BASE`` (10, in the indicator's unit:
the material-move rule's meaningful base): scaling 7 projects against last January's 4
would promise 172% of the plan out of three projects.
"""

from __future__ import annotations

from dataclasses import dataclass

from analytics.material import MIN_BASE
from analytics.series import IndicatorSeries
from analytics.ytd import ytd
from core.months import Month


@dataclass(frozen=True)
class Outlook:
    """The projection of the year of ``month`` against ``plan``."""

    month: Month
    ytd: float
    base_ytd: float
    base_year: float
    plan: float

    @property
    def projected(self) -> float:
        return self.ytd * self.base_year / self.base_ytd

    @property
    def ratio(self) -> float:
        """The projection against the plan (1.04 for 104%)."""
        return self.projected / self.plan

    @property
    def percent(self) -> int:
        """The ratio as the whole percent the text says ("khoảng 104%")."""
        return whole_percent(self.ratio)


def whole_percent(ratio: float) -> int:
    """``ratio`` as a whole percent, half up: 1.045 → 105 (never banker's rounding).

    >>> whole_percent(1.045), whole_percent(1.0449), whole_percent(0.004)
    (105, 104, 0)
    """
    return int(ratio * 100 + 0.5)


def outlook(series: IndicatorSeries, month: Month, aggregation: str, plan: float | None
            ) -> Outlook | None:
    """The outlook at the end of ``month`` (see the module docstring for when it is None)."""
    if plan is None or plan <= 0 or month.month == 12:
        return None
    current = ytd(series, month, aggregation)
    base = ytd(series, month - 12, aggregation)
    base_year = ytd(series, Month(month.year - 1, 12), aggregation)
    if not (current.complete and base.complete and base_year.complete):
        return None
    if base.value < MIN_BASE:
        return None
    return Outlook(month, current.value, base.value, base_year.value, plan)
