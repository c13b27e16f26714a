"""The figures of one report period: ONE source for the report's summary and its annex.

For every indicator valid in the period, ``period_figures`` gives the period's value by
the indicator's aggregation, its comparisons, the year to date against the year's plan
(``analytics.targets``: one source of plans), the run-rate outlook
(``analytics.outlook``) and, for a month, the outlier verdict. The summary words a
selection of these; the annex prints them; neither computes a figure of its own, so the
two cannot disagree (the same value, plan and rate, to the same rounding).

Comparisons:

- against the same period last year, for every kind of period: the period's aggregate
  against last year's, only when both periods have data for every month (for a running
  total: for their last month) — otherwise not like for like, so None;
- against the previous month: month reports only, and never for a running total
  (``analytics.comparisons.has_previous_month_comparison``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from analytics.comparisons import (
    SAME_MONTH_LAST_YEAR,
    SAME_PERIOD_LAST_YEAR,
    Comparison,
    compare_previous_month_of,
)
from analytics.outliers import OutlierCheck, check
from analytics.outlook import Outlook, outlook
from analytics.series import IndicatorSeries, all_series, final_indicator
from analytics.targets import Attainment, plan_codes, plan_for
from analytics.ytd import Aggregate, period_total, ytd
from core.catalog import Catalog, Indicator
from core.months import MONTH, Month, ReportPeriod

HISTORY_YEARS = 4  # earlier years to fetch: last year's comparisons and the outlier rule


@dataclass(frozen=True)
class IndicatorFigures:
    """What the report can say about one indicator in one period."""

    indicator: Indicator
    total: Aggregate  # the period's value by the indicator's aggregation
    last_year: Comparison | None  # against the same period last year, when like for like
    previous: Comparison | None  # against the previous month (months; never running totals)
    attainment: Attainment  # year to date at the period's end against the year's plan
    outlook: Outlook | None  # the year's run-rate outlook against the plan
    outlier: OutlierCheck | None = None  # the outlier rule's verdict (months)

    @property
    def value(self) -> float | None:
        return self.total.value


def history_start(period: ReportPeriod) -> Month:
    """The first month ``period_figures`` needs in its frame."""
    return Month(period.last_month.year - HISTORY_YEARS, 1)


def same_period_comparison(series: IndicatorSeries, period: ReportPeriod, aggregation: str
                           ) -> tuple[Aggregate, Comparison | None]:
    """The period's aggregate and its comparison with the same period last year (None
    unless both periods are complete)."""
    current = period_total(series, period, aggregation)
    base = period_total(series, period.same_period_last_year(), aggregation)
    if not (current.complete and base.complete):
        return current, None
    end = period.last_month
    kind = SAME_MONTH_LAST_YEAR if period.kind == MONTH else SAME_PERIOD_LAST_YEAR
    return current, Comparison(kind, end, end - 12, current.value, base.value,
                               series.source(current.months_used[-1]),
                               series.source(base.months_used[-1]))


def indicator_figures(catalog: Catalog, item: Indicator, series: IndicatorSeries,
                      period: ReportPeriod, plans: Mapping[str, IndicatorSeries]
                      ) -> IndicatorFigures:
    """The figures of ``item`` from its line's ``series`` (``plans``: series of reported
    plans, ``analytics.targets.plan_codes``)."""
    end = period.last_month
    total, last_year = same_period_comparison(series, period, item.aggregation)
    monthly = period.kind == MONTH
    previous = compare_previous_month_of(item.aggregation, series, end) if monthly else None
    attained = Attainment(plan_for(catalog, item.code, end, plans),
                          ytd(series, end, item.aggregation))
    ahead = outlook(series, end, item.aggregation, attained.plan.value)
    verdict = check(series, end) if monthly else None
    return IndicatorFigures(item, total, last_year, previous, attained, ahead, verdict)



def period_figures(catalog: Catalog, frame: pd.DataFrame, period: ReportPeriod
                   ) -> dict[str, IndicatorFigures]:
    """Every indicator valid in ``period`` with data in it or a plan for its year, in
    catalogue order. ``frame`` holds the figures (``unit``, ``period``, ``indicator``,
    ``value``) from ``history_start(period)`` to the period's end.

    An indicator continued by a successor is read on its successor's line (which holds
    the predecessor's months); when both are valid in the period only the successor is
    listed, so a line is never counted twice.
    """
    months = period.months
    wanted = [i for i in catalog.indicators if any(i.valid_in(m) for m in months)]
    codes = {i.code for i in wanted}
    lines = {i.code: final_indicator(catalog, i.code) for i in wanted}
    wanted = [i for i in wanted if lines[i.code] == i.code or lines[i.code] not in codes]
    fetch = sorted(set(lines.values()) | set(plan_codes(catalog, list(codes))))
    series = all_series(frame, catalog, fetch)
    out: dict[str, IndicatorFigures] = {}
    for item in wanted:
        figures = indicator_figures(catalog, item, series[lines[item.code]], period, series)
        if figures.value is not None or figures.attainment.plan.value is not None:
            out[item.code] = figures
    return out
