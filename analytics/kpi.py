"""Headline KPI cards: a month's value with its comparisons, year to date against the target
and a 12-month sparkline — everything the overview shows for one indicator, computed here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import pandas as pd

from analytics.comparisons import Comparison, compare_last_year, compare_previous_month
from analytics.periods import to_periods
from analytics.series import IndicatorSeries, Join, all_series, indicator_chain
from analytics.targets import Attainment, attainment
from core.catalog import Catalog, Indicator
from core.months import Month, month_range

SPARKLINE_MONTHS = 12


@dataclass(frozen=True)
class KpiCard:
    indicator: Indicator
    month: Month
    value: float | None
    previous: Comparison
    last_year: Comparison
    attainment: Attainment
    sparkline: pd.Series  # the last 12 months (monthly periods), NaN where a month has no data
    joins: list[Join] = field(default_factory=list)

    @property
    def missing(self) -> bool:
        return self.value is None


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


def sparkline(series: IndicatorSeries, month: Month,
              months: int = SPARKLINE_MONTHS) -> pd.Series:
    """The ``months`` months ending with ``month`` (a monthly-period index); NaN for months
    without data."""
    index = to_periods(month_range(month - (months - 1), month))
    return series.values.reindex(index).astype("float64")


def kpi_card(catalog: Catalog, series: IndicatorSeries, month: Month) -> KpiCard:
    """One card from an indicator's series (which must reach 12 months back)."""
    return KpiCard(catalog.indicator(series.code), month, series.value(month),
                   compare_previous_month(series, month), compare_last_year(series, month),
                   attainment(catalog, series, month), sparkline(series, month), series.joins)


def kpi_cards(catalog: Catalog, frame: pd.DataFrame, month: Month,
              indicators: Sequence[Indicator]) -> list[KpiCard]:
    """Cards for ``indicators`` from figures covering month − 12 … month."""
    series = all_series(frame, catalog, [i.code for i in indicators])
    return [kpi_card(catalog, series[i.code], month) for i in indicators]
