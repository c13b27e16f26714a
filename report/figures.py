"""The figures of a report: ONE source read by the summary, the annex and the checks panel.

``report_figures(conn, period, catalog)`` reads the submissions that count (approved, else
newest: ``report.sources``) for the period and the years before it, and computes with
``analytics.period_figures`` every indicator's value, comparisons, year to date against the
year's plan (``analytics.targets``) and outlook. Around those it keeps what only the
report's sources know: the qualifiers as written ("hơn", "khoảng"), which figures are not
yet approved, and which units reported.

The summary (``report.summary``) and the annex (``report.figures_annex``) are functions of
``(period, ReportFigures)``: the same value, plan and rate, rounded the same way, in both.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Connection

from analytics.completeness import expected_units
from analytics.period_figures import IndicatorFigures, history_start, period_figures
from core.catalog import Catalog, Indicator
from core.formatting import fmt_count, fmt_number, fmt_percent
from core.months import ReportPeriod, month_range
from report.sources import as_frame, counting_sources, figures


@dataclass
class ReportFigures:
    """The figures of ``period`` and who reported them."""

    period: ReportPeriod
    catalog: Catalog
    indicators: dict[str, IndicatorFigures]  # catalogue order
    qualifiers: dict[str, str] = field(default_factory=dict)  # months: code → qualifier
    unapproved: set[str] = field(default_factory=set)  # codes with a figure not yet approved
    expected_units: list[str] = field(default_factory=list)  # units due in some month
    missing_months: dict[str, int] = field(default_factory=dict)  # unit → months not sent
    unapproved_units: list[str] = field(default_factory=list)  # counting version not approved

    def unit_name(self, code: str) -> str:
        unit = self.catalog.unit_by_code.get(code)
        return unit.name if unit else code

    @property
    def reported_units(self) -> int:
        """Units that sent a report for every month of the period they were due."""
        return len([u for u in self.expected_units if u not in self.missing_months])


def report_figures(conn: Connection, period: ReportPeriod, catalog: Catalog
                   ) -> ReportFigures:
    """Everything the report's numbers come from (see the module docstring)."""
    months = period.months
    history = month_range(history_start(period), period.last_month)
    found = figures(conn, history)
    frame = as_frame(found)
    wanted = set(months)
    in_period = [f for f in found if f.month in wanted]
    single = len(months) == 1
    out = ReportFigures(
        period, catalog, period_figures(catalog, frame, period),
        qualifiers={f.indicator: f.qualifier for f in in_period if f.qualifier} if single
        else {},
        unapproved={f.indicator for f in in_period if not f.approved},
    )
    sources = counting_sources(conn, months)
    order = {u.code: i for i, u in enumerate(catalog.reporting_units())}
    expected: dict[str, None] = {}
    for month in months:
        for unit in expected_units(catalog, month):
            expected[unit] = None
            if (unit, month) not in sources:
                out.missing_months[unit] = out.missing_months.get(unit, 0) + 1
    out.expected_units = sorted(expected, key=lambda u: order.get(u, 10**6))
    pending = {s.unit for s in sources.values() if not s.approved}
    out.unapproved_units = sorted(pending, key=lambda u: order.get(u, 10**6))
    return out


def number(item: Indicator, value: float) -> str:
    """A figure as the report writes it, in the summary and the annex alike: a count as the
    body writes it (``07``, ``02``), other figures grouped with the indicator's decimals
    (``5.749``, ``574,3``)."""
    if item.decimals == 0 and float(value).is_integer():
        return fmt_count(value)
    return fmt_number(value, item.decimals or None)


def percent(ratio: float) -> str:
    """A percentage to one decimal, as the summary writes it: ``13,7%``."""
    return fmt_percent(ratio, 1)
