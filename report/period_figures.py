"""The period's figure of every indicator: ONE source for the report's numbers.

A month's figure is the value as submitted; a longer period's is the sum of its months or,
for a running total (``aggregation: last``), the value of its latest month with data
(``analytics.ytd.period_total``). The figures annex, the period report's bullets (which
restate a figure for the period, ``report.period_bullets``) and the summary all read these
numbers, so the text and the annex can never disagree.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Connection

from analytics.series import all_series, final_indicator, indicator_chain
from analytics.ytd import Aggregate, period_total
from core.catalog import Catalog, Indicator
from core.months import Month, ReportPeriod
from report.sources import Figure, as_frame, figures


@dataclass(frozen=True)
class PeriodFigure:
    """One indicator over a period: its aggregate, each month's value, whether every
    figure behind it is approved, and the qualifier written with it (months only)."""

    indicator: Indicator
    total: Aggregate
    monthly: dict[Month, float]
    approved: bool
    qualifier: str | None = None

    @property
    def value(self) -> float | None:
        return self.total.value


def figures_of(found: Iterable[Figure], period: ReportPeriod, catalog: Catalog
               ) -> dict[str, PeriodFigure]:
    """``indicator code → PeriodFigure`` for ``found``, the figures that count in the
    period's months (``report.sources.figures``), in catalogue order. Indicators without
    any value in the period are left out: missing, never zero.

    An indicator replaced by a successor (``successor``) continues as one line
    (``analytics.series``): the line is shown once, under the code valid at the end of the
    period (else the latest one reported), and every reported code of the line maps to
    that same figure.
    """
    found = list(found)
    reported = {f.indicator for f in found}
    codes = [i.code for i in catalog.indicators if i.code in reported]
    if not codes:
        return {}
    lines = {code: final_indicator(catalog, code) for code in codes}
    series = all_series(as_frame(found), catalog, sorted(set(lines.values())))
    single = len(period.months) == 1
    qualifiers = {f.indicator: f.qualifier for f in found if f.qualifier} if single else {}
    unapproved = {f.indicator for f in found if not f.approved}
    out: dict[str, PeriodFigure] = {}
    for code in codes:
        line = lines[code]
        if code in out:
            continue
        members = [c for c in indicator_chain(catalog, line) if c in reported]
        shown = next((c for c in reversed(members)
                      if catalog.indicator(c).valid_in(period.last_month)), members[-1])
        item = catalog.indicator(shown)
        total = period_total(series[line], period, item.aggregation)
        if total.value is None:
            continue
        monthly = {m: v for m in period.months if (v := series[line].value(m)) is not None}
        figure = PeriodFigure(item, total, monthly, not unapproved & set(members),
                              next((qualifiers[c] for c in members if c in qualifiers), None))
        out[shown] = figure
        out.update({c: figure for c in members})
    return out


def distinct(found: dict[str, PeriodFigure]) -> list[PeriodFigure]:
    """Each figure once (a line of successors is keyed by each of its codes)."""
    return [figure for code, figure in found.items() if figure.indicator.code == code]


def period_figures(conn: Connection, period: ReportPeriod, catalog: Catalog
                   ) -> dict[str, PeriodFigure]:
    """The figures of ``period`` from the submissions that count (approved, else newest)."""
    return figures_of(figures(conn, period.months), period, catalog)
