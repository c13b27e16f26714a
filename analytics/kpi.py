"""Headline KPI cards: a month's value with its comparisons, year to date against the plan
and a 12-month sparkline — everything the overview shows for one indicator, computed here.

A running total (aggregation ``last``, such as the disbursed budget) has no comparison with
the previous month (``previous`` is None): its card leads with the year to date against the
same month last year and against the year's plan, never January against December.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

from analytics.comparisons import Comparison, compare_last_year, compare_previous_month_of
from analytics.outlook import Outlook, outlook
from analytics.periods import to_periods
from analytics.series import IndicatorSeries, Join, all_series, indicator_chain
from analytics.targets import Attainment, attainment, plan_codes
from core.catalog import Catalog, Indicator
from core.months import Month, month_range

SPARKLINE_MONTHS = 12


@dataclass(frozen=True)
class KpiCard:
    indicator: Indicator
    month: Month
    value: float | None
    previous: Comparison | None  # None for a running total (see the module docstring)
    last_year: Comparison
    attainment: Attainment
    outlook: Outlook | None  # the year's run-rate outlook against the plan
    sparkline: pd.Series  # the last 12 months (monthly periods), NaN where a month has no data
    joins: list[Join] = field(default_factory=list)

    @property
    def missing(self) -> bool:
        return self.value is None

    @property
    def lead(self) -> Comparison:
        """The comparison the card's delta shows: the previous month, or for a running
        total the same month last year (its year to date against last year's)."""
        return self.previous if self.previous is not None else self.last_year


def department_units(catalog: Catalog, department: str | None) -> list[str]:
    """The reporting units under ``department`` (all reporting units when None)."""
    return [u.code for u in catalog.units
            if u.kind == "unit" and (department is None or u.parent == department)]


def headline_indicators(catalog: Catalog, month: Month,
                        units: Sequence[str] | None = None) -> list[Indicator]:
    """Headline indicators valid in ``month`` (owned by ``units`` when given), catalogue
    order."""
    return [i for i in catalog.indicators
            if i.headline and i.valid_in(month) and (not units or i.org_unit in units)]


def with_predecessors(catalog: Catalog, codes: Iterable[str]) -> list[str]:
    """``codes`` and every indicator code their lines continue from (for the SQL filter)."""
    out: dict[str, None] = {}
    for code in codes:
        for c in indicator_chain(catalog, code):
            out[c] = None
    return list(out)


def fetch_codes(catalog: Catalog, codes: Iterable[str]) -> list[str]:
    """What to read for ``codes``: their lines' predecessors and the indicators whose
    reports give their plans (``analytics.targets.plan_codes``)."""
    codes = list(codes)
    return with_predecessors(catalog, codes + plan_codes(catalog, codes))


def history_start(month: Month) -> Month:
    """The first month a card needs: January of last year (last year's whole year for
    the outlook, and the sparkline's 12 months)."""
    return Month(month.year - 1, 1)


def sparkline(series: IndicatorSeries, month: Month,
              months: int = SPARKLINE_MONTHS) -> pd.Series:
    """The ``months`` months ending with ``month`` (a monthly-period index); NaN for months
    without data."""
    index = to_periods(month_range(month - (months - 1), month))
    return series.values.reindex(index).astype("float64")


def kpi_card(catalog: Catalog, series: IndicatorSeries, month: Month,
             plans: Mapping[str, IndicatorSeries] | None = None) -> KpiCard:
    """One card from an indicator's series (which must reach back to January of last
    year, ``history_start``); ``plans`` holds the series of reported plans
    (``fetch_codes``)."""
    item = catalog.indicator(series.code)
    attained = attainment(catalog, series, month, plans)
    return KpiCard(item, month, series.value(month),
                   compare_previous_month_of(item.aggregation, series, month),
                   compare_last_year(series, month), attained,
                   outlook(series, month, item.aggregation, attained.plan.value),
                   sparkline(series, month), series.joins)


def kpi_cards(catalog: Catalog, frame: pd.DataFrame, month: Month,
              indicators: Sequence[Indicator]) -> list[KpiCard]:
    """Cards for ``indicators`` from figures covering ``history_start(month)`` … month (read
    with ``fetch_codes``, so reported plans are there too)."""
    codes = [i.code for i in indicators]
    series = all_series(frame, catalog, codes + plan_codes(catalog, codes))
    return [kpi_card(catalog, series[i.code], month, series) for i in indicators]
