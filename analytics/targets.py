"""The yearly plan of an indicator and the year to date against it: ONE source of plans for
every view (KPI card, trends, the report's summary and annex).

Where the plan comes from (catalogue, ``docs/analytics.md``):

- an indicator with ``plan`` (the disbursed budget, whose plan is the allocation the unit
  reports): the latest reported value of that indicator in the year, up to the month
  asked for; none while the year's allocation is not reported yet;
- any other indicator: its yearly target in the catalogue (``targets``), or none.

The catalogue refuses both at once, so an indicator's plan never has two values.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from analytics.series import IndicatorSeries
from analytics.ytd import LAST, Aggregate, aggregate, ytd
from core.catalog import Catalog
from core.months import Month, year_to_date


@dataclass(frozen=True)
class Plan:
    """The plan of ``year``: ``value`` None when there is none. ``source`` None means the
    catalogue's target; otherwise the code of the indicator whose report gave the value, in
    ``month``."""

    year: int
    value: float | None
    source: str | None = None
    month: Month | None = None
    source_name: str | None = None  # the name of the ``source`` indicator

    @property
    def reported(self) -> bool:
        return self.source is not None


@dataclass(frozen=True)
class Attainment:
    """Year to date (``ytd``) against the year's ``plan``; ``ratio`` 0.25 means 25%."""

    plan: Plan
    ytd: Aggregate

    @property
    def year(self) -> int:
        return self.plan.year

    @property
    def target(self) -> float | None:
        return self.plan.value

    @property
    def ratio(self) -> float | None:
        """None without a plan, with a zero plan or without year-to-date data."""
        if self.plan.value in (None, 0) or self.ytd.value is None:
            return None
        return self.ytd.value / self.plan.value


def plan_codes(catalog: Catalog, codes: list[str] | tuple[str, ...]) -> list[str]:
    """The indicators whose reports give the plans of ``codes`` (to fetch with them)."""
    out: dict[str, None] = {}
    for code in codes:
        item = catalog.indicator_by_code.get(code)
        if item is not None and item.plan:
            out[item.plan] = None
    return list(out)


def plan_for(catalog: Catalog, code: str, month: Month,
             series: Mapping[str, IndicatorSeries]) -> Plan:
    """The plan of ``code`` for ``month``'s year, as known at the end of ``month``.

    ``series`` maps indicator codes to their series; it must hold the plan indicator of an
    indicator whose plan is reported (``plan_codes``), else that plan is unknown (None).
    """
    item = catalog.indicator(code)
    if not item.plan:
        return Plan(month.year, catalog.target(code, month.year))
    name = catalog.indicator(item.plan).name
    reported = series.get(item.plan)
    if reported is None:
        return Plan(month.year, None, item.plan, None, name)
    latest = aggregate(reported, year_to_date(month), LAST)
    if latest.value is None:
        return Plan(month.year, None, item.plan, None, name)
    return Plan(month.year, latest.value, item.plan, latest.months_used[-1], name)


def attainment(catalog: Catalog, series: IndicatorSeries, month: Month,
               plans: Mapping[str, IndicatorSeries] | None = None) -> Attainment:
    """Year to date up to ``month`` by the indicator's aggregation against its plan
    (``plans``: the series of reported plans, see ``plan_for``)."""
    item = catalog.indicator(series.code)
    return Attainment(plan_for(catalog, series.code, month, plans or {}),
                      ytd(series, month, item.aggregation))
