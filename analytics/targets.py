"""Attainment of the yearly target (catalogue ``targets``): year to date against the plan."""

from __future__ import annotations

from dataclasses import dataclass

from analytics.series import IndicatorSeries
from analytics.ytd import Aggregate, ytd
from core.catalog import Catalog
from core.months import Month


@dataclass(frozen=True)
class Attainment:
    """Year to date (``ytd``) against the yearly ``target``; ``ratio`` 0.25 means 25%."""

    year: int
    target: float | None
    ytd: Aggregate

    @property
    def ratio(self) -> float | None:
        """None without a target, with a zero target or without year-to-date data."""
        if self.target in (None, 0) or self.ytd.value is None:
            return None
        return self.ytd.value / self.target


def target_for(catalog: Catalog, code: str, year: int) -> float | None:
    """The yearly target of ``code`` in ``year``, or None where the plan sets none."""
    return catalog.target(code, year)


def attainment(catalog: Catalog, series: IndicatorSeries, month: Month) -> Attainment:
    """Year to date up to ``month`` by the indicator's aggregation against its target."""
    item = catalog.indicator(series.code)
    return Attainment(month.year, target_for(catalog, series.code, month.year),
                      ytd(series, month, item.aggregation))
